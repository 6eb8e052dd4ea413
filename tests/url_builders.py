"""URL builders compiled once per distinct route for the test session, not once per app.

Werkzeug compiles two Python functions for every route an app registers (Rule._compile_builder). FlowDesk has
~185 routes and the suite creates an app per test, so that compiling was most of create_app's time (0.07 of
0.08 s of CPU). A builder's code depends only on what builder_key returns: the route's pattern and parts, its
defaults and whether unknown arguments are appended. Converters are looked up on the rule each time a builder
runs, so the function compiled for the first app's rule builds every later app's identical rule alike; the
URLs built are the same. Only the tests share them; the app itself is unchanged.

Parsing a rule's text into its parts (Rule._parse_rule) came next, at two thirds of what create_app still cost;
share_rule_parts keeps them per text and converter classes, and makes each rule's converters afresh.
"""
from collections.abc import Callable, Iterator
from typing import Any

from werkzeug.routing.rules import Rule, RulePart

Builder = Callable[..., tuple[str, str]]
_compile_builder = Rule._compile_builder
_builders: dict[tuple[Any, ...], Builder] = {}


def builder_key(rule: Rule, append_unknown: bool) -> tuple[Any, ...]:
    """Return everything the code of a rule's compiled builder depends on."""
    defaults = rule.defaults or {}
    # A default of a part of the pattern is converted ahead of time and written into the code.
    converted = tuple((name, rule._converters[name].to_url(defaults[name]))
                      for dynamic, name in rule._trace if dynamic and name in defaults)
    return rule.rule, tuple(rule._trace), tuple(str(name) for name in defaults), converted, append_unknown


def shared_builder(rule: Rule, append_unknown: bool = True) -> Builder:
    """Return the builder compiled for an identical rule before, compiling it the first time."""
    key = builder_key(rule, append_unknown)
    if key not in _builders:
        _builders[key] = _compile_builder(rule, append_unknown)
    return _builders[key]


def share_url_builders() -> None:
    """Make every Rule of this process take its builder from the shared ones."""
    Rule._compile_builder = shared_builder  # type: ignore[method-assign]


# Rule._parse_rule, as Werkzeug ships it; share_rule_parts replaces it for the process.
_parse_rule = Rule._parse_rule
# (rule text, the map's converter classes by name) -> the parts, the trace entries, and the converter calls.
ConverterCall = tuple[str, str, tuple[Any, ...], dict[str, Any]]
_parsed: dict[tuple[Any, ...], tuple[list[RulePart], list[tuple[bool, str]], list[ConverterCall]]] = {}


def parse_once(rule: Rule, text: str) -> tuple[list[RulePart], list[tuple[bool, str]], list[ConverterCall]]:
    """Parse a rule's text with Werkzeug's own parser; return its parts, what it traced and the converters it asked for."""
    calls: list[ConverterCall] = []
    traced = len(rule._trace)

    def recording(variable: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        calls.append((variable, name, args, dict(kwargs)))
        return Rule.get_converter(rule, variable, name, args, kwargs)
    rule.get_converter = recording  # type: ignore[method-assign,assignment]
    try:
        parts = list(_parse_rule(rule, text))
    finally:
        del rule.get_converter
    return parts, rule._trace[traced:], calls


def shared_parse(rule: Rule, text: str) -> Iterator[RulePart]:
    """Parse a rule's text as Werkzeug does, taking the parts from an identical rule parsed before.

    A part's regex and weight depend only on the text and on the converter classes of the map, which the key
    holds; the converters themselves are made afresh for each rule by its own map, with the same arguments.
    """
    key = (text, tuple(sorted(rule.map.converters.items())))
    if key not in _parsed:
        _parsed[key] = parse_once(rule, text)
        yield from _parsed[key][0]
        return
    parts, trace, calls = _parsed[key]
    rule._trace.extend(trace)
    for variable, name, args, kwargs in calls:
        rule._converters[variable] = rule.get_converter(variable, name, args, kwargs)
        rule.arguments.add(variable)
    yield from parts


def share_rule_parts() -> None:
    """Make every Rule of this process take its parsed parts from the shared ones."""
    Rule._parse_rule = shared_parse  # type: ignore[method-assign,assignment]
