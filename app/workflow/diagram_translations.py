"""Diagram text in the reader's language, and what a task shows of its record, as drawn in the diagram.

A diagram carries translations as Camunda extension properties (docs/diagram-translations.md):

- on a process, task or event: ``<camunda:property name="zh_CN:name" value="..."/>`` and
  ``name="zh_CN:documentation"``;
- on a form field: ``<camunda:property id="zh_CN:label" value="..."/>`` and, per enum value,
  ``id="zh_CN:option:<value id>"``;
- on a user task: ``<camunda:property name="flowdesk:show" value="title,description,..."/>`` names the
  record fields its page shows above the form.

The locale part is a FlowDesk language (zh_CN) or just its language (zh); text without a translation
shows as drawn.
"""
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from lxml import etree

from engine.reading.diagram import BPMN
from engine.reading.parser import CAMUNDA
from engine.views import FieldSpec

SHOW_PROPERTY = "flowdesk:show"
Texts = dict[str, dict[str, str]]  # key ("task:name", "task:field:label", ...) -> {locale: text}


@dataclass(frozen=True)
class DiagramTranslations:
    """Every translation one process of a diagram carries, and the record fields its tasks show."""

    texts: Texts = field(default_factory=dict)
    shown: dict[str, tuple[str, ...]] = field(default_factory=dict)  # user task id -> record field names
    # form field id -> (the element that first draws it, its label, {enum value: label}): how a process
    # variable is named and its values read wherever the diagram asks for it
    variables: dict[str, tuple[str, str, dict[str, str]]] = field(default_factory=dict)

    def text(self, key: str, locale: str, drawn: str) -> str:
        """Return the text for a locale (or its language), else the text as drawn."""
        found = self.texts.get(key, {})
        return found.get(locale) or found.get(locale.split("_")[0]) or drawn

    def name(self, element_id: str, locale: str, drawn: str) -> str:
        """Return an element's name in a locale."""
        return self.text(f"{element_id}:name", locale, drawn)

    def documentation(self, element_id: str, locale: str, drawn: str | None) -> str | None:
        """Return an element's documentation in a locale, None when it has none."""
        return self.text(f"{element_id}:documentation", locale, drawn) if drawn else drawn

    def label(self, element_id: str, field_id: str, locale: str, drawn: str) -> str:
        """Return a form field's label in a locale."""
        return self.text(f"{element_id}:{field_id}:label", locale, drawn)

    def option(self, element_id: str, field_id: str, value: str, locale: str, drawn: str) -> str:
        """Return the label of an enum value in a locale."""
        return self.text(f"{element_id}:{field_id}:option:{value}", locale, drawn)

    def variable_label(self, name: str, locale: str) -> str | None:
        """Return the label of a process variable that some form of the diagram asks for, None otherwise."""
        if name not in self.variables:
            return None
        element_id, label, _options = self.variables[name]
        return self.label(element_id, name, locale, label)

    def variable_value(self, name: str, value: str, locale: str) -> str:
        """Return how an enum variable's value reads (its option label), else the value itself."""
        if name not in self.variables or value not in self.variables[name][2]:
            return value
        element_id, _label, options = self.variables[name]
        return self.option(element_id, name, value, locale, options[value])

    def fields(self, element_id: str, fields: Iterable[FieldSpec], locale: str) -> tuple[FieldSpec, ...]:
        """Return a task's (or start event's) form fields with labels and enum values in a locale."""
        return tuple(replace(
            spec, label=self.label(element_id, spec.id, locale, spec.label),
            options=tuple((value, self.option(element_id, spec.id, value, locale, label))
                          for value, label in spec.options)) for spec in fields)


def read_translations(process: etree._Element) -> DiagramTranslations:
    """Read the translations and shown record fields of one process element of a diagram."""
    texts: Texts = {}
    shown: dict[str, tuple[str, ...]] = {}
    variables: dict[str, tuple[str, str, dict[str, str]]] = {}
    for node in process.iter(BPMN + "*"):
        element_id = node.get("id")
        if not element_id:
            continue
        for name, value in element_properties(node):
            if name == SHOW_PROPERTY:
                shown[element_id] = tuple(part.strip() for part in value.split(",") if part.strip())
            elif ":" in name:
                locale, _, key = name.partition(":")
                texts.setdefault(f"{element_id}:{key}", {})[locale] = value
        for form_field in node.iterfind(f"{BPMN}extensionElements/{CAMUNDA}formData/{CAMUNDA}formField"):
            read_field_translations(element_id, form_field, texts)
            field_id = form_field.get("id") or ""
            if field_id and field_id not in variables:
                options = {value.get("id") or "": value.get("name") or value.get("id") or ""
                           for value in form_field.iterfind(f"{CAMUNDA}value")}
                variables[field_id] = (element_id, form_field.get("label") or field_id, options)
    return DiagramTranslations(texts, shown, variables)


def element_properties(node: etree._Element) -> list[tuple[str, str]]:
    """Return (name, value) of the camunda:properties drawn on an element itself."""
    found = node.iterfind(f"{BPMN}extensionElements/{CAMUNDA}properties/{CAMUNDA}property")
    return [((prop.get("name") or "").strip(), prop.get("value") or "") for prop in found]


def read_field_translations(element_id: str, form_field: etree._Element, texts: Texts) -> None:
    """Add a form field's label and enum value translations (property ids 'zh_CN:label', 'zh_CN:option:x')."""
    field_id = form_field.get("id") or ""
    for prop in form_field.iterfind(f"{CAMUNDA}properties/{CAMUNDA}property"):
        locale, _, key = (prop.get("id") or "").strip().partition(":")
        if key == "label" or key.startswith("option:"):
            texts.setdefault(f"{element_id}:{field_id}:{key}", {})[locale] = prop.get("value") or ""
