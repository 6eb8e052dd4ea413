"""Bring a drawn diagram's XML tree into the shape the parser reads, without changing what it means.

Four things Camunda 7 accepts that SpiffWorkflow does not read as drawn:
- the older extension namespace `http://activiti.org/bpmn`, which Camunda 7 reads as its own;
- sequence flows without an id (the id is optional in the BPMN schema);
- element ids that SpiffWorkflow uses for its own internal tasks (`Start`, `End`, `Root`);
- data associations to data stores and data objects, which Camunda draws but does not execute
  (SpiffWorkflow would move task data into data objects, or need a data store implementation).
The stored XML stays as uploaded: this runs on every parse, so it gives the same ids every time.
"""
from lxml import etree

from engine.reading.parser import CAMUNDA_MODEL_NS

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
ACTIVITI_NS = "http://activiti.org/bpmn"
RESERVED_IDS = ("Start", "End", "Root")  # SpiffWorkflow's own task names in every process spec
REFERENCE_ATTRIBUTES = ("sourceRef", "targetRef", "default", "attachedToRef", "bpmnElement", "calledElement")
REFERENCE_TEXTS = ("incoming", "outgoing", "sourceRef", "targetRef", "flowNodeRef")
RENAMED_SUFFIX = "_drawn"


def prepare_tree(root: etree._Element) -> dict[str, str]:
    """Rewrite the tree in place for the parser; return internal id -> drawn id for renamed elements."""
    read_activiti_as_camunda(root)
    name_unnamed_flows(root)
    drop_data_associations(root)
    return rename_reserved_ids(root)


def read_activiti_as_camunda(root: etree._Element) -> None:
    """Move elements and attributes of the activiti namespace to the camunda one, as Camunda 7 reads them."""
    for node in root.iter(etree.Element):
        tag = etree.QName(node)
        if tag.namespace == ACTIVITI_NS:
            node.tag = etree.QName(CAMUNDA_MODEL_NS, tag.localname).text
        for name in [name for name in node.attrib if etree.QName(name).namespace == ACTIVITI_NS]:
            camunda_name = etree.QName(CAMUNDA_MODEL_NS, etree.QName(name).localname).text
            value = node.attrib.pop(name)
            if camunda_name not in node.attrib:  # a camunda: attribute drawn beside it wins
                node.set(camunda_name, value)


def name_unnamed_flows(root: etree._Element) -> None:
    """Give every sequence flow without an id one made of its ends, unique in the document."""
    taken = {node.get("id") for node in root.iter(etree.Element) if node.get("id")}
    for flow in root.iter(f"{{{BPMN_NS}}}sequenceFlow"):
        if flow.get("id"):
            continue
        flow_id = unique_id(f"flow_{flow.get('sourceRef')}_to_{flow.get('targetRef')}", taken)
        flow.set("id", flow_id)
        taken.add(flow_id)


def drop_data_associations(root: etree._Element) -> None:
    """Remove data store definitions and the task data associations that read or write a data store or data
    object: in Camunda they are documentation only."""
    for data_store in list(root.iterchildren(f"{{{BPMN_NS}}}dataStore")):
        root.remove(data_store)
    data_kinds = ("dataStoreReference", "dataObjectReference", "dataObject")
    data_ids = {node.get("id") for kind in data_kinds for node in root.iter(f"{{{BPMN_NS}}}{kind}")}
    for kind in ("dataInputAssociation", "dataOutputAssociation"):
        for association in list(root.iter(f"{{{BPMN_NS}}}{kind}")):
            ends = {(end.text or "").strip() for end in association if etree.QName(end).localname in REFERENCE_TEXTS}
            if ends & data_ids:
                association.getparent().remove(association)


def rename_reserved_ids(root: etree._Element) -> dict[str, str]:
    """Rename BPMN elements whose id is one of SpiffWorkflow's task names, and every reference to them."""
    taken = {node.get("id") for node in root.iter(etree.Element) if node.get("id")}
    renamed = {}
    for node in root.iter(etree.Element):
        if node.get("id") in RESERVED_IDS and is_flow_element(node):
            internal = unique_id(node.get("id") + RENAMED_SUFFIX, taken)
            taken.add(internal)
            renamed[node.get("id")] = internal
    if renamed:
        rewrite_references(root, renamed)
    return {internal: drawn for drawn, internal in renamed.items()}


def is_flow_element(node: etree._Element) -> bool:
    """Say whether a node is an event, task, gateway or flow of a process or sub-process (not the process)."""
    parent = node.getparent()
    return (etree.QName(node).namespace == BPMN_NS and parent is not None
            and etree.QName(parent).localname in ("process", "subProcess"))


def rewrite_references(root: etree._Element, renamed: dict[str, str]) -> None:
    """Replace drawn ids by internal ones in ids, reference attributes and flow-node reference texts."""
    for node in root.iter(etree.Element):
        if etree.QName(node).namespace == BPMN_NS and node.get("id") in renamed:
            node.set("id", renamed[node.get("id")])
        for attribute in REFERENCE_ATTRIBUTES:
            if node.get(attribute) in renamed:
                node.set(attribute, renamed[node.get(attribute)])
        if etree.QName(node).localname in REFERENCE_TEXTS and (node.text or "").strip() in renamed:
            node.text = renamed[node.text.strip()]


def unique_id(wanted: str, taken: set[str]) -> str:
    """Return wanted, or wanted with a counter, so that it is not among the taken ids."""
    candidate, counter = wanted, 1
    while candidate in taken:
        counter += 1
        candidate = f"{wanted}_{counter}"
    return candidate
