"""Refuse Camunda extensions that FlowDesk would otherwise drop: computed input/output parameters."""
from lxml import etree

from engine.errors import DiagramRefused

CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
PARAMETERS = ("inputParameter", "outputParameter")
COMPUTED_VALUES = {
    "script": "a script ({format}), which FlowDesk cannot run safely",
    "list": "a list, which FlowDesk does not read",
    "map": "a map, which FlowDesk does not read",
}


def check_parameters(root: etree._Element, file_name: str) -> None:
    """Refuse input/output parameters whose value is a script, list or map rather than a text or expression."""
    for tag in PARAMETERS:
        for parameter in root.iter(f"{{{CAMUNDA_NS}}}{tag}"):
            for value in parameter.iterchildren(etree.Element):
                kind = etree.QName(value).localname
                if etree.QName(value).namespace == CAMUNDA_NS and kind in COMPUTED_VALUES:
                    what = COMPUTED_VALUES[kind].format(format=value.get("scriptFormat") or "no format")
                    raise DiagramRefused(
                        file_name, owner_id(parameter),
                        f"the {tag} '{parameter.get('name')}' is computed by {what}; give it a ${{...}} "
                        "expression or a plain value, or do the work in an external task")


def owner_id(node: etree._Element) -> str | None:
    """Return the id of the BPMN element a Camunda extension belongs to."""
    while node is not None:
        if node.get("id") and etree.QName(node).namespace != CAMUNDA_NS:
            return node.get("id")
        node = node.getparent()
    return None
