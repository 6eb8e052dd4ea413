"""Check each element of a diagram before it is parsed: what FlowDesk cannot run faithfully, service tasks, ids.

Each refusal names the element a modeller draws and its property at fault; the check reads on past a refused
element (engine/reading/findings.py), so that every element's problem is reported at once.
"""
import re
from collections.abc import Collection

from lxml import etree

from engine.errors import DiagramRefused, ExpressionError, refusal
from engine.evaluation.dialect import is_expression
from engine.evaluation.expressions import check_expression
from engine.events.message_throws import check_message_throws
from engine.reading.findings import Findings
from engine.reading.parser import CAMUNDA, external_owner
from engine.reading.signal_checks import check_signals

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
# Elements SpiffWorkflow cannot run faithfully: refused rather than silently ignored.
UNSUPPORTED_ELEMENTS = {
    "linkEventDefinition": refusal("link events are not supported; connect the flow with a sequence flow instead"),
    "compensateEventDefinition": refusal("compensation is not supported"),
    "complexGateway": refusal("complex gateways are not supported; use exclusive, inclusive or parallel gateways"),
    "businessRuleTask": refusal("business rule tasks (DMN) are not supported yet; use a gateway or an external task"),
    "adHocSubProcess": refusal("ad-hoc sub-processes are not supported"),
    "transaction": refusal("transaction sub-processes are not supported"),
    "cancelEventDefinition": refusal("cancel events are not supported"),
}
UNSUPPORTED_CAMUNDA = {
    "executionListener": refusal("execution listeners are not supported; use an external task"),
    "taskListener": refusal("task listeners are not supported; use an external task"),
}


def lint_elements(root: etree._Element, file_name: str, topics: Collection[str] | None,
                  findings: Findings) -> None:
    """Refuse elements FlowDesk cannot execute faithfully and service tasks that are not external tasks."""
    check_unique_ids(root, file_name, findings)
    for node in root.iter(etree.Element):
        with findings.read_on():
            lint_element(node, file_name, topics)
    with findings.read_on():
        check_message_throws(root, file_name)
    check_signals(root, file_name, findings)


def lint_element(node: etree._Element, file_name: str, topics: Collection[str] | None) -> None:
    """Refuse one element FlowDesk cannot execute faithfully, naming the element it belongs to."""
    tag = etree.QName(node)
    if tag.namespace == BPMN[1:-1] and tag.localname in UNSUPPORTED_ELEMENTS:
        element_id, prop = drawn_element(node)
        raise DiagramRefused(file_name, element_id, UNSUPPORTED_ELEMENTS[tag.localname], property=prop)
    if tag.namespace == CAMUNDA[1:-1] and tag.localname in UNSUPPORTED_CAMUNDA:
        raise DiagramRefused(file_name, element_id_of(node), UNSUPPORTED_CAMUNDA[tag.localname],
                             property="camunda:" + tag.localname)
    if tag.namespace == BPMN[1:-1] and (tag.localname == "serviceTask" or (
            tag.localname == "sendTask" and node.get(CAMUNDA + "type") == "external")):
        check_service_task(node, file_name, topics)
    owner = external_owner(node) if tag.localname in ("intermediateThrowEvent", "endEvent") else None
    if tag.namespace == BPMN[1:-1] and owner is not None and owner.get(CAMUNDA + "type") == "external":
        check_service_task(owner, file_name, topics, node.get("id"))
    if tag.namespace == BPMN[1:-1] and tag.localname == "conditionalEventDefinition":
        check_conditional_event(node, file_name)


def drawn_element(node: etree._Element) -> tuple[str | None, str | None]:
    """Return the element a modeller draws for a node and the node's property there: an event definition is a
    property of its event, anything else is its own element."""
    localname = etree.QName(node).localname
    parent = node.getparent()
    if localname.endswith("EventDefinition") and parent is not None and parent.get("id"):
        return parent.get("id"), localname
    return element_id_of(node), None


def check_unique_ids(root: etree._Element, file_name: str, findings: Findings) -> None:
    """Refuse an extension element (a form value, say) whose id is also a BPMN element's id: the engine
    finds elements by id in the whole document and would take the form value for the task."""
    bpmn_ids = {node.get("id") for node in root.iter(etree.Element)
                if node.get("id") and etree.QName(node).namespace == BPMN[1:-1]}
    for node in root.iter(etree.Element):
        tag = etree.QName(node)
        if tag.namespace != BPMN[1:-1] and node.get("id") in bpmn_ids:
            prop = f"formField:{node.get('id')}" if tag.localname == "formField" else f"camunda:{tag.localname}"
            findings.add(DiagramRefused(
                file_name, bpmn_owner_id(node),
                "a <%(tag)s> inside the diagram uses the id '%(id)s' of a BPMN element; give the "
                "form value or property another id", {"tag": tag.localname, "id": node.get("id")}, prop))


def bpmn_owner_id(node: etree._Element) -> str | None:
    """Return the id of the nearest BPMN element around an extension element."""
    node = node.getparent()
    while node is not None and not (node.get("id") and etree.QName(node).namespace == BPMN[1:-1]):
        node = node.getparent()
    return node.get("id") if node is not None else None


def element_id_of(node: etree._Element) -> str | None:
    """Return the id of the node or of its nearest ancestor that has one."""
    while node is not None:
        if node.get("id"):
            return node.get("id")
        node = node.getparent()
    return None


def check_service_task(node: etree._Element, file_name: str, topics: Collection[str] | None,
                       element_id: str | None = None) -> None:
    """Require camunda:type="external" with a camunda:topic and a readable camunda:taskPriority.

    A topic with a handler registered in FlowDesk runs there; any other topic waits for outside workers
    (/engine-rest/external-task), as Camunda's external-task pattern intends. `topics` is kept for callers.
    element_id: the event's, when node is the message event definition carrying the attributes.
    """
    element_id = element_id or node.get("id")
    if node.get(CAMUNDA + "expression") is not None:
        check_expression_task(node, file_name)
        return
    if node.get(CAMUNDA + "type") != "external":
        raise DiagramRefused(
            file_name, element_id,
            'service tasks must be external tasks (camunda:type="external" with a camunda:topic)',
            property="camunda:type",
        )
    topic = node.get(CAMUNDA + "topic")
    if not topic:
        raise DiagramRefused(file_name, element_id, "the external task has no camunda:topic; name the topic its "
                                                    "workers fetch with camunda:topic=\"...\"",
                             property="camunda:topic")
    priority = (node.get(CAMUNDA + "taskPriority") or "").strip()
    if priority and not PRIORITY.fullmatch(priority):
        raise DiagramRefused(file_name, element_id, "camunda:taskPriority '%(priority)s' is neither a whole number "
                                                    "nor a ${...} expression; write one of them",
                             {"priority": priority}, "camunda:taskPriority")


PRIORITY = re.compile(r"-?\d+|[$#]\{.+\}")


def check_expression_task(node: etree._Element, file_name: str) -> None:
    """Accept a camunda:expression the safe evaluator runs; refuse a bean or method call, saying what to change."""
    element_id, expression = node.get("id"), node.get(CAMUNDA + "expression") or ""
    other = [name for name in ("class", "delegateExpression", "type") if node.get(CAMUNDA + name) is not None]
    if other:
        raise DiagramRefused(file_name, element_id, "camunda:expression and camunda:%(other)s exclude each other; "
                                                    "keep one of them", {"other": other[0]},
                             "camunda:" + other[0])
    if node.find(f"{BPMN}extensionElements/{CAMUNDA}inputOutput") is not None:
        raise DiagramRefused(file_name, element_id, "input/output parameters on a service task with "
                                                    "camunda:expression are not supported; read the variables in "
                                                    "the expression and keep its value with camunda:resultVariable",
                             property="camunda:inputOutput")
    if not is_expression(expression):
        raise DiagramRefused(file_name, element_id, "camunda:expression %(expression)r is not an expression; "
                                                    "write it as ${...}", {"expression": expression},
                             "camunda:expression")
    try:
        check_expression(expression)
    except ExpressionError as exc:
        raise DiagramRefused(file_name, element_id, refusal(
            "camunda:expression %(problem)s (FlowDesk evaluates only side-effect-free expressions here: a value, "
            'a variable, a comparison; a bean or method call must become an external task, camunda:type="external" '
            "with a camunda:topic)"), {"problem": exc.reason}, "camunda:expression") from None


def check_conditional_event(node: etree._Element, file_name: str) -> None:
    """Refuse a conditional start event of a process: Camunda starts it only on an explicit evaluation call."""
    event = node.getparent()
    scope = event.getparent() if event is not None else None
    if event is None or event.tag != BPMN + "startEvent" or scope is None or scope.tag != BPMN + "process":
        return
    raise DiagramRefused(file_name, element_id_of(event),
                         "a conditional start event of a process never starts it (Camunda 7 starts it only when "
                         "asked to evaluate start conditions); use a none or timer start event, or put the "
                         "conditional start event in an event sub-process", property="conditionalEventDefinition")
