"""The suite's shared template code (tests/template_code.py): compiled once per source and environment settings."""
import uuid

import pytest
from jinja2 import DictLoader, Environment

from tests.template_code import SharedTemplateCode


def test_a_template_is_compiled_again_only_for_another_source_or_other_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    own_compile = Environment.compile

    def counting(environment, source, name=None, filename=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        compiled.append(source)
        return own_compile(environment, source, name, filename, *args, **kwargs)
    monkeypatch.setattr(Environment, "compile", counting)
    name = f"page-{uuid.uuid4().hex}.html"  # a name no other test's environment has compiled
    templates = {name: "{% if who %}Hello {{ who|upper }}{% endif %}"}
    cache = SharedTemplateCode()

    def render(**options: object) -> str:
        environment = Environment(loader=DictLoader(templates), bytecode_cache=cache, **options)  # type: ignore[arg-type]
        environment.filters["shout"] = str.upper
        return environment.get_template(name).render(who="sam")

    assert render() == "Hello SAM"
    assert render() == "Hello SAM"
    assert len(compiled) == 1  # the second environment took the first one's code
    assert render(trim_blocks=True) == "Hello SAM"
    assert len(compiled) == 2  # other settings, its own code
    templates[name] = "Bye {{ who|shout }}"
    assert render() == "Bye SAM"
    assert len(compiled) == 3  # another source, compiled again
