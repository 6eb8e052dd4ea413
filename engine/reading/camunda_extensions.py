"""Refuse Camunda extensions that FlowDesk would otherwise drop: computed input/output parameters."""
from lxml import etree

from engine.errors import DiagramRefused, refusal
from engine.reading.findings import Findings

CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
PARAMETERS = ("inputParameter", "outputParameter")
COMPUTED_VALUES = {
    "script": refusal("the %(tag)s '%(name)s' is computed by a script (%(format)s), which FlowDesk cannot run safely; "
                      "give it a ${...} expression or a plain value, or do the work in an external task"),
    "list": refusal("the %(tag)s '%(name)s' is computed by a list, which FlowDesk does not read; give it a ${...} "
                    "expression or a plain value, or do the work in an external task"),
    "map": refusal("the %(tag)s '%(name)s' is computed by a map, which FlowDesk does not read; give it a ${...} "
                   "expression or a plain value, or do the work in an external task"),
}


def check_parameters(root: etree._Element, file_name: str, findings: Findings) -> None:
    """Refuse input/output parameters whose value is a script, list or map rather than a text or expression."""
    for tag in PARAMETERS:
        for parameter in root.iter(f"{{{CAMUNDA_NS}}}{tag}"):
            for value in parameter.iterchildren(etree.Element):
                kind = etree.QName(value).localname
                if etree.QName(value).namespace == CAMUNDA_NS and kind in COMPUTED_VALUES:
                    findings.add(DiagramRefused(file_name, owner_id(parameter), COMPUTED_VALUES[kind], {
                        "tag": tag, "name": parameter.get("name"), "format": value.get("scriptFormat") or "-"},
                        f"camunda:{tag}:{parameter.get('name')}"))


def owner_id(node: etree._Element) -> str | None:
    """Return the id of the BPMN element a Camunda extension belongs to."""
    while node is not None:
        if node.get("id") and etree.QName(node).namespace != CAMUNDA_NS:
            return node.get("id")
        node = node.getparent()
    return None
