"""The suite's shared URL builders (tests/url_builders.py) build every FlowDesk route as Werkzeug's own do."""
from typing import Any

from flask import Flask

from tests.url_builders import _compile_builder, shared_builder

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
