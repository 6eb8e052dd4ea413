"""What a diagram says, flattened for comparison: each element's properties by name, and each element's layout.

An element is anything with an id that a process, sub-process, collaboration, lane set or the definitions hold
directly (tasks, events, gateways, flows, lanes, participants, messages, ...). Everything beneath it without an
element of its own (event definitions and their timers, conditions, documentation, extension elements with their
camunda: form fields, properties and parameters) is one of its properties, named by its path:
`timerEventDefinition/timeDuration`, `camunda:formField[priority]@label`, `conditionExpression`. Names use fixed
prefixes per namespace, never the document's own, and nothing depends on the order of elements in the file, so
two files that say the same thing give the same facts.
"""
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from engine.reading.diagram import BPMN

BPMN_DI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
PREFIXES = {
    "http://camunda.org/schema/1.0/bpmn": "camunda",
    "http://www.w3.org/2001/XMLSchema-instance": "xsi",
}
CONTAINERS = {"definitions", "process", "subProcess", "transaction", "adHocSubProcess", "collaboration", "laneSet",
              "childLaneSet"}
CONTAINER_TAGS = {BPMN + name for name in CONTAINERS}
DERIVED = {"incoming", "outgoing"}  # what the flows' sourceRef and targetRef say again
SETS = {"flowNodeRef"}  # repeated references whose order means nothing
UNNAMED_STEPS = {"extensionElements", "camunda:formData", "camunda:properties", "camunda:inputOutput",
                 "camunda:validation"}
# Children told apart by an attribute, not by their place (a form field's properties name themselves by id).
KEYED_BY = {"camunda:formField": ("id",), "camunda:value": ("id",), "camunda:property": ("name", "id"),
            "camunda:inputParameter": ("name",), "camunda:outputParameter": ("name",), "camunda:constraint": ("name",),
            "camunda:in": ("target", "variables"), "camunda:out": ("target", "variables"), "camunda:field": ("name",)}


@dataclass(frozen=True)
class ElementFacts:
    """One element of a diagram: its type, its name and every property it has, by property name."""

    element_id: str
    element_type: str
    name: str
    properties: dict[str, str]


def qualified_name(tag: str, node: etree._Element | None = None) -> str:
    """Return an element or attribute name with FlowDesk's prefix for its namespace (none for BPMN's own).

    A namespace FlowDesk does not know keeps the prefix the document gives it where `node` is (or its address).
    """
    if not tag.startswith("{"):
        return tag
    namespace, _, local = tag[1:].partition("}")
    if f"{{{namespace}}}" == BPMN:
        return local
    prefix = PREFIXES.get(namespace) or document_prefix(namespace, node)
    return f"{prefix}:{local}"


def document_prefix(namespace: str, node: etree._Element | None) -> str:
    """Return the prefix a document gives a namespace where a node is, or the namespace itself when it has none."""
    nsmap: Mapping[str | None, str] = node.nsmap if node is not None else {}
    return next((str(known) for known, address in nsmap.items() if known and address == namespace), namespace)


def read_elements(root: etree._Element) -> dict[str, ElementFacts]:
    """Return every element of a diagram's semantic part by its id."""
    elements: dict[str, ElementFacts] = {}
    for node in root.iter(etree.Element):
        if is_element(node):
            element_id = str(node.get("id"))
            properties = dict(own_attributes(node, ""))
            properties.update(details_of(node, ""))
            elements[element_id] = ElementFacts(element_id, qualified_name(str(node.tag)), node.get("name") or "",
                                                properties)
    return elements


def is_element(node: etree._Element) -> bool:
    """Say whether a node is an element of its own: it has an id and a container holds it directly."""
    if not node.get("id") or not str(node.tag).startswith(BPMN):
        return False
    parent = node.getparent()
    return parent is not None and is_container(parent)


def is_container(node: etree._Element) -> bool:
    """Say whether a node holds elements of their own (a process, a sub-process, a lane set, ...)."""
    return str(node.tag) in CONTAINER_TAGS


def own_attributes(node: etree._Element, path: str, skip: str = "id") -> list[tuple[str, str]]:
    """Return a node's attributes as (path@name, value), but the one that names it."""
    found = []
    for name, value in node.attrib.items():
        key = qualified_name(str(name), node)
        if key == "xsi:type":  # a type named with the document's prefix: bpmn:tFormalExpression
            value = type_name(node, str(value))
        if key != skip:
            found.append((f"{path}@{key}" if path else key, str(value)))
    return found


def type_name(node: etree._Element, value: str) -> str:
    """Return an xsi:type value with FlowDesk's prefix for its namespace instead of the document's."""
    prefix, _, local = value.rpartition(":")
    namespace = node.nsmap.get(prefix or None)
    return qualified_name(f"{{{namespace}}}{local}", node) if namespace else value


def details_of(node: etree._Element, path: str) -> list[tuple[str, str]]:
    """Return what a node's children without an element of their own say, as (path, value)."""
    found: list[tuple[str, str]] = []
    holds_elements = is_container(node)
    children = [child for child in node.iterchildren(etree.Element) if not (holds_elements and is_element(child))]
    names = [qualified_name(str(child.tag), child) for child in children]
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    seen: dict[str, int] = {}
    for child, name in zip(children, names, strict=True):
        if name in DERIVED or name in SETS:
            continue
        seen[name] = seen.get(name, 0) + 1
        key_attribute = key_of(child, name)
        step = step_name(child, name, key_attribute, seen[name] if counts[name] > 1 else 0)
        child_path = f"{path}/{step}" if path and step else (step or path)
        found.extend(own_attributes(child, child_path, skip=key_attribute))
        text = (child.text or "").strip()
        if text:
            found.append((child_path, text))
        found.extend(details_of(child, child_path))
    for name in SETS:
        values = sorted((child.text or "").strip() for child, known in zip(children, names, strict=True)
                        if known == name)
        if values:
            found.append((f"{path}/{name}" if path else name, ", ".join(values)))
    return found


def key_of(child: etree._Element, name: str) -> str:
    """Return the attribute that tells a child apart from its siblings ("id" for those told apart by place)."""
    return next((key for key in KEYED_BY.get(name, ()) if child.get(key)), "id")


def step_name(child: etree._Element, name: str, key_attribute: str, position: int) -> str:
    """Return a child's step in a property path: keyed by its id or name where it has one, else its position."""
    if name in UNNAMED_STEPS:
        return ""
    if name in KEYED_BY and child.get(key_attribute):
        return f"{name}[{child.get(key_attribute)}]"
    return f"{name}[{position}]" if position else name


def read_layout(root: etree._Element) -> dict[str, str]:
    """Return each drawn element's layout (its bounds, its label's bounds, its waypoints) as one line, by its id."""
    layout: dict[str, str] = {}
    for shape in root.iter(f"{{{BPMN_DI}}}BPMNShape", f"{{{BPMN_DI}}}BPMNEdge"):
        element_id = shape.get("bpmnElement")
        if not element_id:
            continue
        parts = [f"{name}={shape.get(name)}" for name in ("isExpanded", "isHorizontal", "isMarkerVisible")
                 if shape.get(name) is not None]
        for part in shape.iter(f"{{{DC}}}Bounds", f"{{{DI}}}waypoint"):
            numbers = (part.get(name) for name in ("x", "y", "width", "height") if part.get(name) is not None)
            place = "label " if etree.QName(part.getparent().tag).localname == "BPMNLabel" else ""
            parts.append(place + ",".join(number_text(value) for value in numbers))
        layout[element_id] = "; ".join(parts)
    return layout


def number_text(value: str | None) -> str:
    """Return a coordinate as a number without noise (100 and 100.0 alike), or the text when it is none."""
    try:
        return f"{round(float(value or ''), 1):g}"
    except ValueError:
        return str(value)
