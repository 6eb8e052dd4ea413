"""What the insight needs of a version's diagram: its elements' names and kinds, and its sequence flows."""
from dataclasses import dataclass

from engine.reading.diagram import BPMN, read_xml


@dataclass(frozen=True)
class DiagramShape:
    """A diagram's elements (id -> (name, kind)) and sequence flows (id -> (source, target))."""

    elements: dict[str, tuple[str, str]]
    flows: dict[str, tuple[str, str]]

    def name_of(self, element_id: str) -> str:
        """Return an element's name, or its id when it has none (or is not in this diagram)."""
        name = self.elements.get(element_id, ("", ""))[0]
        return name or element_id

    def kind_of(self, element_id: str) -> str:
        """Return an element's BPMN kind (userTask, exclusiveGateway, ...), '' when unknown."""
        return self.elements.get(element_id, ("", ""))[1]

    def outgoing(self, element_id: str) -> list[str]:
        """Return the ids of the flows leaving an element."""
        return [flow_id for flow_id, (source, _) in self.flows.items() if source == element_id]


def diagram_shape(xml: bytes) -> DiagramShape:
    """Read a deployed version's elements and flows (the XML was checked when it was deployed)."""
    root = read_xml(xml, "diagram.bpmn")
    elements: dict[str, tuple[str, str]] = {}
    flows: dict[str, tuple[str, str]] = {}
    for process in root.iter(BPMN + "process"):
        for node in process.iter():
            if not isinstance(node.tag, str) or not node.tag.startswith(BPMN) or node.get("id") is None:
                continue
            kind = node.tag[len(BPMN):]
            if kind == "sequenceFlow":
                flows[node.get("id", "")] = (node.get("sourceRef", ""), node.get("targetRef", ""))
            else:
                elements[node.get("id", "")] = ((node.get("name") or "").strip(), kind)
    return DiagramShape(elements, flows)
