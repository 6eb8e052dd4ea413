"""A diagram's refusal reasons are in the message catalogs, so the web and the API can say them in Chinese."""
import ast
from pathlib import Path

from babel.messages.pofile import read_po
from flask_babel import force_locale

from app.workflow.refusal_words import refusal_sentence
from engine.errors import DiagramRefused

ROOT = Path(__file__).parents[2]
REFUSERS = {"DiagramRefused": 2, "refusal": 0}  # the position of the reason among the arguments
CATALOG = ROOT / "app" / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"


def refusal_calls() -> list[tuple[str, ast.Call]]:
    """Return every DiagramRefused(...) and refusal(...) call of the engine, with the file it is in."""
    calls = []
    for path in sorted((ROOT / "engine").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in REFUSERS:
                calls.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return calls


def reason_of(call: ast.Call) -> ast.expr | None:
    """Return the reason argument of a DiagramRefused or refusal call."""
    position = REFUSERS[call.func.id]  # type: ignore[attr-defined]
    return call.args[position] if len(call.args) > position else None


def refusal_templates() -> set[str]:
    """Return every refusal template the engine writes (DiagramRefused's reason, or marked with refusal())."""
    return {reason.value for _, call in refusal_calls()
            if isinstance(reason := reason_of(call), ast.Constant) and isinstance(reason.value, str)}


def test_every_refusal_reason_is_a_template_the_catalogs_can_hold() -> None:
    """A reason built with an f-string cannot be looked up in a catalog: its values go in params instead."""
    formatted = [where for where, call in refusal_calls() if isinstance(reason_of(call), ast.JoinedStr)]
    assert formatted == []


def test_every_refusal_template_of_the_engine_has_a_chinese_translation() -> None:
    templates = refusal_templates()
    assert len(templates) > 40  # the extraction found the engine's refusals
    with CATALOG.open("rb") as catalog_file:
        catalog = read_po(catalog_file)
    untranslated = sorted(template for template in templates
                          if template not in catalog or not catalog[template].string)
    assert untranslated == []


def test_a_refusal_is_said_in_the_readers_language_with_its_values_filled_in(app) -> None:
    refused = DiagramRefused("order.bpmn", "pay", "camunda:expression and camunda:%(other)s exclude each other; "
                                                  "keep one of them", {"other": "class"})
    with app.test_request_context(), force_locale("zh_CN"):
        chinese = refusal_sentence(refused)
    with app.test_request_context(), force_locale("en"):
        english = refusal_sentence(refused)
    assert chinese == "order.bpmn：元素“pay”：camunda:expression 与 camunda:class 不能同时使用；请只保留其中一个"
    assert english == str(refused)
