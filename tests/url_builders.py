"""URL builders compiled once per distinct route for the test session, not once per app.

Werkzeug compiles two Python functions for every route an app registers (Rule._compile_builder). FlowDesk has
~185 routes and the suite creates an app per test, so that compiling was most of create_app's time (0.07 of
0.08 s of CPU). A builder's code depends only on what builder_key returns: the route's pattern and parts, its
defaults and whether unknown arguments are appended. Converters are looked up on the rule each time a builder
runs, so the function compiled for the first app's rule builds every later app's identical rule alike; the
URLs built are the same. Only the tests share them; the app itself is unchanged.
"""
from collections.abc import Callable
from typing import Any

from werkzeug.routing.rules import Rule

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
