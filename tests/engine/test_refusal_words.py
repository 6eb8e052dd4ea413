"""A diagram's refusal reasons are in the message catalogs, so the web and the API can say them in Chinese."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from flask_babel import force_locale

from app.workflow.refusal_words import refusal_sentence
from engine.errors import DiagramRefused

ROOT = Path(__file__).parents[2]
CATALOG = ROOT / "app" / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"


def refusal_templates() -> set[str]:
    """Return every refusal template the engine writes (DiagramRefused's reason, or marked with refusal())."""
    found = extract_from_dir(str(ROOT / "engine"), method_map=[("**.py", "python")],
                             keywords={"DiagramRefused": (3,), "refusal": None})
    return {message for _, _, message, _, _ in found if isinstance(message, str)}


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
