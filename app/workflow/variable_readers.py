"""The elements of a drawing that read process variables where a value of the wrong kind stops an instance: the
expressions of timers (timeDate, timeDuration, timeCycle) and the conditions of sequence flows."""
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from engine.errors import ExpressionError
from engine.evaluation.expressions import names_read
from engine.evaluation.timer_expressions import timer_literal
from engine.reading.diagram import BPMN

TIMER_KINDS = ("timeDate", "timeDuration", "timeCycle")
CONDITION = "conditionExpression"


@dataclass(frozen=True)
class VariableReader:
    """A timer or a condition and the variables its expression reads."""

    element_id: str  # the timer event, or the flow the condition guards
    element_name: str
    kind: str  # one of TIMER_KINDS, or CONDITION
    names: frozenset[str]
    node: etree._Element = field(compare=False, repr=False)


def variable_readers(root: etree._Element) -> Iterator[VariableReader]:
    """Yield every timer and every flow condition of a drawing that reads a variable."""
    for definition in root.iter(BPMN + "timerEventDefinition"):
        event = definition.getparent()
        for kind in TIMER_KINDS:
            reader = reader_of(event, kind, definition.findtext(BPMN + kind))
            if reader is not None:
                yield reader
    for flow in root.iter(BPMN + "sequenceFlow"):
        reader = reader_of(flow, CONDITION, flow.findtext(BPMN + CONDITION))
        if reader is not None:
            yield reader


def reader_of(node: etree._Element | None, kind: str, expression: str | None) -> VariableReader | None:
    """Return the reader of one expression, or None when it reads no variable (a literal, or no expression)."""
    if node is None or not (expression or "").strip():
        return None
    text = (expression or "").strip()
    if kind in TIMER_KINDS and timer_literal(text) is not None:
        return None
    try:
        names = names_read(text)
    except ExpressionError:
        return None  # the deployment refuses it on its own
    if not names:
        return None
    return VariableReader(node.get("id") or "", node.get("name") or "", kind, names, node)


def readers_of_element(root: etree._Element, element_id: str) -> list[VariableReader]:
    """Return the readers of one element: its timer's, or the conditions of the flows leaving it (a gateway)."""
    return [reader for reader in variable_readers(root)
            if reader.element_id == element_id or reader.node.get("sourceRef") == element_id]
