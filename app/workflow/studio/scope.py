"""Which process variables a condition can read at a point of a drawing, and whether the engine reads the condition.

The variables are what the steps before that point set, as far as the drawing tells: the form fields of the start
events and user tasks, the names script tasks assign, the parameters of the 'set' topic, output parameters and a
called process's camunda:out. FlowDesk's own handlers and outside workers may set more, which no drawing shows.
"""
import ast
from collections.abc import Iterator
from dataclasses import dataclass, replace

from flask_babel import gettext
from lxml import etree

from app.organisation.policies import Actor, check_may_keep_drafts
from app.platform.errors import InvalidValues
from app.workflow.diagram_translations import read_translations
from engine.errors import DiagramRefused, ExpressionError
from engine.evaluation.expressions import check_expression, names_read
from engine.reading.diagram import BPMN, read_xml
from engine.reading.parser import CAMUNDA

SCOPE_FILE_NAME = "draft.bpmn"


@dataclass(frozen=True)
class ScopeVariable:
    """A variable an earlier step sets: its name, its label or type where drawn, and the step that sets it."""

    name: str
    label: str
    type: str
    element_id: str
    element_name: str

    def to_dict(self) -> dict[str, str]:
        """Return JSON-able data."""
        return {"name": self.name, "label": self.label, "type": self.type, "element_id": self.element_id,
                "element_name": self.element_name}


@dataclass(frozen=True)
class ConditionCheck:
    """Whether the engine reads a condition, why not, and the names it reads that no earlier step sets."""

    valid: bool
    message: str
    unknown_names: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """Return JSON-able data."""
        return {"valid": self.valid, "message": self.message, "unknown_names": list(self.unknown_names)}


def variables_in_scope(actor: Actor, content: bytes, element_id: str, locale: str = "en") -> list[ScopeVariable]:
    """Return the variables the steps before an element of a drawing set, by name, labelled in a locale."""
    check_may_keep_drafts(actor, "ask which variables a condition can read")
    try:
        root = read_xml(content, SCOPE_FILE_NAME)
    except DiagramRefused as refused:
        sentence = gettext("The drawing could not be read: %(reason)s.", reason=refused.reason)
        raise InvalidValues(sentence, {"xml": [sentence]}) from None
    element = next((node for node in root.iter(BPMN + "*") if node.get("id") == element_id), None)
    if element is None:
        sentence = gettext("The drawing has no element '%(id)s'; select an element of the diagram and ask again.",
                           id=element_id)
        raise InvalidValues(sentence, {"element_id": [sentence]})
    process = next((node for node in element.iterancestors(BPMN + "process")), root)
    translations = read_translations(process)
    found: dict[str, ScopeVariable] = {}
    for step in steps_before(root, element):
        for variable in variables_set_by(step):
            found.setdefault(variable.name, replace(
                variable, label=translations.label(variable.element_id, variable.name, locale, variable.label),
                element_name=translations.name(variable.element_id, locale, variable.element_name)))
    return sorted(found.values(), key=lambda variable: variable.name)


def check_condition(expression: str, variables: list[ScopeVariable]) -> ConditionCheck:
    """Check a condition through the engine's expression parser and name what it reads that nothing sets."""
    if not expression.strip():
        return ConditionCheck(False, gettext("The condition is empty: write one, such as ${approved == true}."))
    try:
        check_expression(expression)
    except ExpressionError as error:
        return ConditionCheck(False, gettext("The engine will refuse this condition: it %(reason)s.",
                                             reason=error.reason))
    unknown = tuple(sorted(names_read(expression) - {variable.name for variable in variables}))
    if unknown:
        return ConditionCheck(True, gettext(
            "The engine reads this condition. No earlier step of this drawing sets %(names)s: a FlowDesk handler, "
            "an outside worker or the start of the process must, or the instance will stop here.",
            names=", ".join(unknown)), unknown)
    return ConditionCheck(True, gettext("The engine reads this condition."))


def steps_before(root: etree._Element, element: etree._Element) -> list[etree._Element]:
    """Return the flow nodes that run before an element (a flow's source counts as before the flow)."""
    by_id = {node.get("id"): node for node in root.iter(BPMN + "*") if node.get("id")}
    incoming: dict[str, list[str]] = {}
    for flow in root.iter(BPMN + "sequenceFlow"):
        incoming.setdefault(flow.get("targetRef") or "", []).append(flow.get("sourceRef") or "")
    queue = list(predecessors(element, incoming))
    seen: set[str] = set()
    while queue:
        node_id = queue.pop(0)
        if node_id in seen or node_id not in by_id:
            continue
        seen.add(node_id)
        queue.extend(predecessors(by_id[node_id], incoming))
    return [by_id[node_id] for node_id in by_id if node_id in seen]


def predecessors(node: etree._Element, incoming: dict[str, list[str]]) -> Iterator[str]:
    """Yield the ids of what runs just before a node: its flow's source, the task a boundary event waits on,
    the sub-process a start event opens, and the nodes with flows into it."""
    if etree.QName(node).localname == "sequenceFlow":
        yield node.get("sourceRef") or ""
        return
    attached = node.get("attachedToRef")
    if attached:  # the task did not finish, but what ran before it did
        yield from incoming.get(attached, [])
    parent = node.getparent()
    if etree.QName(node).localname == "startEvent" and parent is not None and \
            etree.QName(parent).localname == "subProcess":
        yield from incoming.get(parent.get("id") or "", [])
    yield from incoming.get(node.get("id") or "", [])


def variables_set_by(step: etree._Element) -> Iterator[ScopeVariable]:
    """Yield the variables a step sets, as far as its drawing says."""
    element_id, element_name = step.get("id") or "", step.get("name") or ""
    for form_field in step.iterfind(f"{BPMN}extensionElements/{CAMUNDA}formData/{CAMUNDA}formField"):
        if form_field.get("id"):
            yield ScopeVariable(form_field.get("id") or "", form_field.get("label") or "",
                                form_field.get("type") or "string", element_id, element_name)
    for name in script_names(step) | parameter_names(step):
        yield ScopeVariable(name, "", "", element_id, element_name)


def script_names(step: etree._Element) -> set[str]:
    """Return the names a script task's script assigns, when it reads as Python."""
    script = step.findtext(BPMN + "script") if etree.QName(step).localname == "scriptTask" else None
    try:
        tree = ast.parse(script or "")
    except (SyntaxError, ValueError):
        return set()
    return {target.id for node in ast.walk(tree) if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign))
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Name)}


def parameter_names(step: etree._Element) -> set[str]:
    """Return the names a step's output parameters, camunda:out and 'set' topic parameters write."""
    extensions = f"{BPMN}extensionElements/{CAMUNDA}"
    names = {node.get("name") or "" for node in step.iterfind(f"{extensions}inputOutput/{CAMUNDA}outputParameter")}
    names |= {node.get("target") or "" for node in step.iterfind(f"{extensions}out")}
    if step.get(CAMUNDA + "topic") == "set":
        names |= {node.get("name") or "" for node in step.iterfind(f"{extensions}inputOutput/{CAMUNDA}inputParameter")}
    return {name for name in names if name}
