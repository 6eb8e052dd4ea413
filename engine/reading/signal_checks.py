"""Deploy-time checks of signal events and of throw events with several event definitions.

A signal event runs as drawn (engine/events/signals.py) or is refused here, naming the element and what to change.
"""
from lxml import etree

from engine.errors import DiagramRefused, ExpressionError
from engine.evaluation.expressions import check_expression
from engine.events.signals import name_expressions
from engine.reading.findings import Findings

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
CAMUNDA = "{http://camunda.org/schema/1.0/bpmn}"
THROW_TAGS = (BPMN + "intermediateThrowEvent", BPMN + "endEvent")
SIGNAL_TAGS = (BPMN + "startEvent", BPMN + "intermediateCatchEvent", BPMN + "boundaryEvent", *THROW_TAGS)


def check_signals(root: etree._Element, file_name: str, findings: Findings) -> None:
    """Refuse signal events FlowDesk cannot run as drawn, and throw events with several event definitions."""
    signals = {signal.get("id"): (signal.get("name") or "").strip() for signal in root.iter(BPMN + "signal")}
    for node in root.iter(*THROW_TAGS):
        with findings.read_on():
            check_single_throw(node, file_name)
    for node in root.iter(*SIGNAL_TAGS):
        for definition in node.iterfind(BPMN + "signalEventDefinition"):
            with findings.read_on():
                check_signal_event(node, definition, signals, file_name)


def check_single_throw(node: etree._Element, file_name: str) -> None:
    """Refuse a multiple throw: Camunda 7 runs no multiple event either, and FlowDesk would run one of them."""
    definitions = [child for child in node if isinstance(child.tag, str)
                   and (child.tag.endswith("EventDefinition") or child.tag == BPMN + "eventDefinitionRef")]
    if len(definitions) > 1:
        kinds = ", ".join(etree.QName(child).localname for child in definitions)
        raise DiagramRefused(file_name, node.get("id"),
            "the event throws several event definitions at once (%(kinds)s), a multiple throw event that Camunda 7 "
            "does not run either; draw one throw event per definition, one after the other", {"kinds": kinds},
            "eventDefinitions")


def check_signal_event(node: etree._Element, definition: etree._Element, signals: dict[str, str],
                       file_name: str) -> None:
    """Require a signalRef to a named signal, expressions FlowDesk evaluates, and a synchronous throw."""
    element_id = node.get("id")
    ref = definition.get("signalRef")
    if not ref or ref not in signals:
        raise DiagramRefused(file_name, element_id,
            "the signal event names no signal; give it a signalRef to a <bpmn:signal name=\"...\"> of the diagram",
            property="signalRef")
    name = signals[ref]
    if not name:
        raise DiagramRefused(file_name, element_id, "the signal '%(ref)s' has no name; give it one, which is what "
                                                    "throws and catches match", {"ref": ref}, "signalRef")
    for expression in name_expressions(name):
        try:
            check_expression(expression)
        except ExpressionError as exc:
            raise DiagramRefused(file_name, element_id, "the signal name '%(name)s': %(reason)s",
                                 {"name": name, "reason": exc.reason}, "signalRef") from None
    if name_expressions(name) and node.tag == BPMN + "startEvent" and node.getparent().tag == BPMN + "process":
        raise DiagramRefused(file_name, element_id,
            "the signal start event's name '%(name)s' holds an expression, which a process start has no variables "
            "to resolve; write the signal name plainly", {"name": name}, "signalRef")
    if (definition.get(CAMUNDA + "async") or "").strip().lower() == "true":
        raise DiagramRefused(file_name, element_id,
            "camunda:async=\"true\" throws the signal in jobs of its own, which FlowDesk does not run; remove it, "
            "and FlowDesk delivers the signal in the thrower's step (Camunda's default)", property="camunda:async")
    for mapping in definition.iterfind(f"{BPMN}extensionElements/{CAMUNDA}in"):
        check_input(node, mapping, file_name)


def check_input(node: etree._Element, mapping: etree._Element, file_name: str) -> None:
    """Require a camunda:in of a signal to pass all variables, or a source or expression to a target."""
    element_id = node.get("id")
    if node.tag not in THROW_TAGS:
        raise DiagramRefused(file_name, element_id, "camunda:in on a signal catch passes nothing; remove it (the "
                                                    "signal's variables reach the catch as they are)",
                             property="camunda:in")
    if (mapping.get("variables") or "").strip() == "all":
        return
    if mapping.get("local") is not None or mapping.get("businessKey") is not None:
        raise DiagramRefused(file_name, element_id, "camunda:in of a signal takes variables=\"all\", or source or "
                                                    "sourceExpression with a target; remove the other attributes",
                             property="camunda:in")
    target, source, expression = mapping.get("target"), mapping.get("source"), mapping.get("sourceExpression")
    if not (target or "").strip() or (source is None) == (expression is None):
        raise DiagramRefused(file_name, element_id, "each camunda:in of a signal needs a target and one of source "
                                                    "or sourceExpression (or variables=\"all\"); complete it",
                             property="camunda:in")
    if expression is not None:
        try:
            check_expression(expression)
        except ExpressionError as exc:
            raise DiagramRefused(file_name, element_id, "camunda:in sourceExpression %(reason)s",
                                 {"reason": exc.reason}, "camunda:in") from None
