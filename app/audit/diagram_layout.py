"""Where a diagram draws its elements: the BPMN DI shapes (bounds) and edges (waypoints), for drawing it elsewhere."""
from dataclasses import dataclass

from lxml import etree

from engine.reading.diagram import read_xml

BPMN_MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMN_DI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"


@dataclass(frozen=True)
class Box:
    """A rectangle in diagram units."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class DrawnShape:
    """One element's shape: its id, BPMN kind (userTask, exclusiveGateway, ...), name, bounds and label bounds."""

    element_id: str
    kind: str
    name: str
    box: Box
    label: Box | None


@dataclass(frozen=True)
class DrawnEdge:
    """One sequence (or message) flow's line: its id, its waypoints and its name."""

    element_id: str
    points: tuple[tuple[float, float], ...]
    name: str


@dataclass(frozen=True)
class DiagramLayout:
    """Every drawn shape and edge of a diagram's first plane, and the box that holds them."""

    shapes: tuple[DrawnShape, ...]
    edges: tuple[DrawnEdge, ...]

    def bounds(self) -> Box:
        """Return the smallest box holding every shape and waypoint."""
        xs = [s.box.x for s in self.shapes] + [p[0] for e in self.edges for p in e.points]
        ys = [s.box.y for s in self.shapes] + [p[1] for e in self.edges for p in e.points]
        right = [s.box.x + s.box.width for s in self.shapes] + xs
        bottom = [s.box.y + s.box.height for s in self.shapes] + ys
        if not xs:
            return Box(0, 0, 1, 1)
        return Box(min(xs), min(ys), max(max(right) - min(xs), 1), max(max(bottom) - min(ys), 1))


def read_diagram_layout(xml: bytes) -> DiagramLayout:
    """Read the shapes and edges of a diagram's first plane (XML read safely, as a deployment reads it)."""
    root = read_xml(xml, "diagram.bpmn", max_bytes=len(xml))
    elements = {node.get("id"): node for node in root.iter(f"{{{BPMN_MODEL}}}*") if node.get("id")}
    plane = next(root.iter(f"{{{BPMN_DI}}}BPMNPlane"), None)
    if plane is None:
        return DiagramLayout((), ())
    shapes, edges = [], []
    for node in plane:
        element = elements.get(node.get("bpmnElement") or "")
        if element is None:
            continue
        if node.tag == f"{{{BPMN_DI}}}BPMNShape":
            shapes.append(shape_of(node, element))
        elif node.tag == f"{{{BPMN_DI}}}BPMNEdge":
            points = tuple((float(p.get("x", 0)), float(p.get("y", 0))) for p in node.iter(f"{{{DI}}}waypoint"))
            edges.append(DrawnEdge(element.get("id", ""), points, element.get("name") or ""))
    return DiagramLayout(tuple(shapes), tuple(edges))


def shape_of(node: etree._Element, element: etree._Element) -> DrawnShape:
    """Return the drawn shape of one BPMNShape node and the element it draws."""
    bounds = [child for child in node if child.tag == f"{{{DC}}}Bounds"]
    label = next((child.find(f"{{{DC}}}Bounds") for child in node if child.tag == f"{{{BPMN_DI}}}BPMNLabel"), None)
    return DrawnShape(element.get("id", ""), etree.QName(element).localname, element.get("name") or "",
                      box_of(bounds[0]) if bounds else Box(0, 0, 0, 0), box_of(label) if label is not None else None)


def box_of(node: etree._Element) -> Box:
    """Return the box of a dc:Bounds node."""
    return Box(float(node.get("x", 0)), float(node.get("y", 0)), float(node.get("width", 0)),
               float(node.get("height", 0)))
