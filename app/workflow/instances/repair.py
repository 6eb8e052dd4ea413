"""What stopped an instance that needs attention, in the reader's words: the timer or gateway that failed, the
variables it reads, and for each the kind of value it needs, so that an operator corrects the value and retries.

The same rule checks the operator's new value (interventions.set_variable_as_operator): a variable a timer's
timeDate reads is a date and time, whatever field set it; others are checked as the form field that sets them.
"""
import re
from dataclasses import dataclass, replace
from typing import Any

from flask_babel import gettext as _
from lxml import etree
from sqlalchemy import select

from app.extensions import db
from app.workflow.diagram_text import DiagramText, text_of_definition
from app.workflow.models import ProcessDefinition
from app.workflow.variable_readers import CONDITION, VariableReader, readers_of_element, variable_readers
from engine.reading.diagram import read_xml
from engine.reading.task_attributes import fields_of
from engine.runtime import Definition
from engine.views import FieldSpec

FAILED_STEP = re.compile(r"step '([^']+)' failed")  # how a failure names its element (app/workflow/step.py)
EDITOR_KINDS = ("moment", "date", "long", "boolean", "enum", "text")


@dataclass(frozen=True)
class RepairField:
    """A variable the failed element reads, with the editor that gives it a value of the kind it needs."""

    name: str
    label: str  # the label of the field that sets it, in the reader's language, or the name
    kind: str  # one of EDITOR_KINDS
    value: Any  # as it is now
    options: tuple[tuple[str, str], ...] = ()  # an enum's (value, label in the reader's language)


@dataclass(frozen=True)
class Repair:
    """Why an instance stopped, said in the reader's language, and the variables to correct."""

    element_id: str
    element_name: str
    explanation: str
    fields: tuple[RepairField, ...]


def failed_element_of(last_error: str | None) -> str | None:
    """Return the id of the element a stored failure names, if it names one."""
    found = FAILED_STEP.search(last_error or "")
    return found.group(1) if found else None


def diagram_root(definition_id: int) -> etree._Element:
    """Return the parsed XML of a stored process version."""
    xml = db.session.execute(select(ProcessDefinition.bpmn_xml, ProcessDefinition.file_name)
                             .where(ProcessDefinition.id == definition_id)).one()
    return read_xml(xml.bpmn_xml, xml.file_name)


def timer_date_names(root: etree._Element) -> frozenset[str]:
    """Return the variables a timer's timeDate reads: each must hold a date and time."""
    return frozenset(name for reader in variable_readers(root) if reader.kind == "timeDate" for name in reader.names)


def field_needed(definition: Definition, root: etree._Element, name: str) -> FieldSpec | None:
    """Return the field a new value of a variable is checked as: the form field that sets it, made a date and time
    when a timer's timeDate reads it; None when neither is so (the value is taken as typed)."""
    spec = field_setting(definition, name)
    if name not in timer_date_names(root):
        return spec
    if spec is None:
        return FieldSpec(id=name, label=name, type="date", time=True)
    return replace(spec, type="date", time=True, options=(), choices=None, minlength=None, maxlength=None,
                   min=None, max=None, multiline=False)


def field_setting(definition: Definition, name: str) -> FieldSpec | None:
    """Return the form field of a process version (start form or any task's) that sets a variable, if one does."""
    for spec in definition.start_fields:
        if spec.id == name:
            return spec
    for process_spec in (definition.spec, *definition.subprocess_specs.values()):
        for task_spec in process_spec.task_specs.values():
            for spec in fields_of(task_spec):
                if spec.id == name:
                    return spec
    return None


def repair_of(definition: Definition, definition_id: int, last_error: str | None, variables: dict[str, Any],
              locale: str) -> Repair | None:
    """Return what to correct in an instance stopped at a timer or a gateway, or None when the failure names no
    element that reads variables."""
    element_id = failed_element_of(last_error)
    if element_id is None:
        return None
    root = diagram_root(definition_id)
    readers = readers_of_element(root, element_id)
    if not readers:
        return None
    text = text_of_definition(definition_id)
    names = sorted({name for reader in readers for name in reader.names})
    fields = tuple(repair_field(definition, root, text, name, variables.get(name), locale) for name in names)
    element_name = text.translations.name(element_id, locale, text.name_of(element_id))
    return Repair(element_id, element_name, explanation(readers[0], element_name, fields), fields)


def repair_field(definition: Definition, root: etree._Element, text: DiagramText, name: str, value: Any,
                 locale: str) -> RepairField:
    """Return the editor of one variable, labelled and with its options in the reader's language."""
    spec = field_needed(definition, root, name)
    label = text.translations.variable_label(name, locale) or (spec.label if spec else name) or name
    if spec is None:
        return RepairField(name, label, "text", value)
    kind = "moment" if spec.type == "date" and spec.time else {
        "date": "date", "long": "long", "boolean": "boolean", "enum": "enum"}.get(spec.type, "text")
    options = tuple((option, text.translations.variable_value(name, option, locale)) for option, _label in
                    spec.options) if kind == "enum" else ()
    return RepairField(name, label, kind, value, options)


def explanation(reader: VariableReader, element_name: str, fields: tuple[RepairField, ...]) -> str:
    """Say in the reader's language what the element could not do and what to enter."""
    shown = ", ".join(f"{field.label} = “{field.value}”" if field.value not in (None, "") else
                      f"{field.label} ({_('no value')})" for field in fields)
    if reader.kind == CONDITION:
        return _("The gateway “%(element)s” could not choose a path with %(values)s. Correct the value below, "
                 "then retry.", element=element_name, values=shown)
    if reader.kind == "timeDate":
        return _("The timer “%(element)s” could not read the date and time to wait for from %(values)s. Enter a "
                 "date and time below, then retry.", element=element_name, values=shown)
    return _("The timer “%(element)s” could not read a duration from %(values)s. Enter an ISO 8601 duration such "
             "as PT4H or P1D below, then retry.", element=element_name, values=shown)
