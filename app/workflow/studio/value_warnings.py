"""Warn where a timer or a condition reads a variable that only free-text form fields set: a value such as
"tomorrow night" passes the form and stops the instance at that element. Deployments and the modeller's check say
so; they do not refuse the diagram (a process owner may know the values come from elsewhere)."""
from flask_babel import get_locale
from flask_babel import gettext as _
from lxml import etree

from app.workflow.diagram_translations import read_translations
from app.workflow.studio.problems import DiagramProblem
from app.workflow.studio.scope import ScopeVariable, steps_before, variables_set_by
from app.workflow.variable_readers import CONDITION, VariableReader, variable_readers
from engine.errors import DiagramRefused
from engine.reading.diagram import BPMN, read_xml

WARNED_FILE_NAME = "diagram.bpmn"


def free_text_warnings(content: bytes, file_name: str = WARNED_FILE_NAME) -> list[DiagramProblem]:
    """Return a warning for each timer or condition that reads a variable only free-text fields set.

    A drawing that cannot be read gets none: its refusal says more.
    """
    try:
        root = read_xml(content, file_name)
    except DiagramRefused:
        return []
    warnings = []
    for reader in variable_readers(root):
        setters = setters_before(root, reader)
        for name in sorted(reader.names):
            fields = setters.get(name, [])
            if fields and all(field.type == "string" for field in fields):
                warnings.append(warning(root, reader, name, fields[0]))
    return warnings


def setters_before(root: etree._Element, reader: VariableReader) -> dict[str, list[ScopeVariable]]:
    """Return what the steps before a reader set, by variable name (the modeller panel's scope walk)."""
    setters: dict[str, list[ScopeVariable]] = {}
    for step in steps_before(root, reader.node):
        for variable in variables_set_by(step):
            setters.setdefault(variable.name, []).append(variable)
    return setters


def diagram_locale() -> str:
    """Return the language the messages speak now as diagrams key their translations (zh_CN), English outside one."""
    current = get_locale()
    if current is None:
        return "en"
    return "_".join(part for part in (current.language, current.territory) if part)


def warning(root: etree._Element, reader: VariableReader, name: str, field: ScopeVariable) -> DiagramProblem:
    """Return the warning for one variable a reader takes from a free-text field, in the reader's language."""
    locale = diagram_locale()
    process = next(reader.node.iterancestors(BPMN + "process"), root)
    translations = read_translations(process)
    words = {"element": translations.name(reader.element_id, locale, reader.element_name or reader.element_id),
             "variable": name, "field": translations.label(field.element_id, name, locale, field.label or name),
             "step": translations.name(field.element_id, locale, field.element_name or field.element_id)}
    if reader.kind == CONDITION:
        message = _("The condition of the flow “%(element)s” reads %(variable)s, which only the free-text field "
                    "“%(field)s” of “%(step)s” sets: a misspelt value takes the wrong path or stops the instance "
                    "there. Make the field an enum, a number (long), a boolean or a date, so that its form refuses "
                    "what the condition cannot use.", **words)
    elif reader.kind == "timeDate":
        message = _("The timer “%(element)s” reads %(variable)s, which only the free-text field “%(field)s” of "
                    "“%(step)s” sets: a value such as “tomorrow night” passes the form and stops the instance at "
                    "the timer. Make the field a date with the property flowdesk:time = true (or a number or an "
                    "enum), so that its form refuses what the timer cannot read.", **words)
    else:
        message = _("The timer “%(element)s” reads %(variable)s, which only the free-text field “%(field)s” of "
                    "“%(step)s” sets: a value that is not an ISO 8601 duration passes the form and stops the instance "
                    "at the timer. Make the field an enum of durations (such as PT4H or P1D) or a number (long) the "
                    "expression turns into one, so that its form refuses what the timer cannot read.", **words)
    return DiagramProblem(reader.element_id, reader.kind, message)
