"""The suite's shared URL builders and rule parts (tests/url_builders.py) are Werkzeug's own for every FlowDesk route."""
from typing import Any

import pytest
from flask import Flask
from werkzeug.routing import Map, Rule

from tests.url_builders import _compile_builder, _parse_rule, shared_builder

VALUES: list[dict[str, Any]] = [{}, {"q": "a b/c", "page": 2}]  # no query, then unknown arguments appended


def test_shared_builders_build_the_same_url_as_werkzeugs_own_for_every_route(app: Flask) -> None:
    rules = list(app.url_map.iter_rules())
    differences = []
    for rule in rules:
        arguments = {name: 7 for name in rule.arguments}
        for append_unknown in (True, False):
            own = _compile_builder(rule, append_unknown).__get__(rule, None)
            shared = shared_builder(rule, append_unknown).__get__(rule, None)
            for extra in VALUES:
                if own(**arguments, **extra) != shared(**arguments, **extra):
                    differences.append(f"{rule.rule} ({append_unknown=}, {extra})")
    assert len(rules) > 100 and not differences, differences



def compiled(rule: Rule) -> tuple[object, ...]:
    """Return what compiling a rule left on it: its parts, trace, converters (class and settings) and arguments."""
    converters = {name: (type(converter), vars(converter) | {"map": None}) for name, converter in rule._converters.items()}
    return rule._parts, rule._trace, converters, rule.arguments


def test_shared_rule_parts_are_werkzeugs_own_for_every_route(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = list(app.url_map.iter_rules())
    shared = [Map([rule.empty()], converters=app.url_map.converters) for rule in rules]  # parsed before, by the app
    monkeypatch.setattr(Rule, "_parse_rule", _parse_rule)
    own = [Map([rule.empty()], converters=app.url_map.converters) for rule in rules]
    differences = [rule.rule for rule, by_own, by_shared in zip(rules, own, shared, strict=True)
                   if compiled(next(by_own.iter_rules())) != compiled(next(by_shared.iter_rules()))]
    assert len(rules) > 100 and any(rule.arguments for rule in rules) and not differences, differences
