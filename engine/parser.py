"""Read the Camunda 7 dialect: SpiffWorkflow's CamundaParser plus the attributes it ignores."""
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator, full_tag
from SpiffWorkflow.bpmn.specs.defaults import ServiceTask, StartEvent
from SpiffWorkflow.camunda.parser.CamundaParser import CamundaParser
from SpiffWorkflow.camunda.parser.event_parsers import CamundaStartEventParser
from SpiffWorkflow.camunda.parser.task_spec import CAMUNDA_MODEL_NS, CamundaTaskParser, UserTaskParser
from SpiffWorkflow.camunda.specs.user_task import UserTask

CAMUNDA = "{" + CAMUNDA_MODEL_NS + "}"
BPMN_EXTENSIONS = "{http://www.omg.org/spec/BPMN/20100524/MODEL}extensionElements"
USER_TASK_ATTRIBUTES = {
    "candidateGroups": "candidate_groups",
    "candidateUsers": "candidate_users",
    "assignee": "assignee",
    "dueDate": "due_date",
    "priority": "priority",
}
VALIDATION_NAMES = ("required", "readonly", "minlength", "maxlength", "min", "max")


def read_form_fields(node: etree._Element) -> list[dict[str, Any]]:
    """Return the camunda:formField definitions under a node as plain dicts."""
    fields = []
    for xml_field in node.iterfind(f".//{CAMUNDA}formData/{CAMUNDA}formField"):
        constraints = {}
        for constraint in xml_field.iterfind(f"{CAMUNDA}validation/{CAMUNDA}constraint"):
            constraints[constraint.get("name")] = constraint.get("config")
        options = [
            [value.get("id"), value.get("name") or value.get("id")]
            for value in xml_field.iterfind(f"{CAMUNDA}value")
        ]
        properties = {
            prop.get("id"): prop.get("value")
            for prop in xml_field.iterfind(f"{CAMUNDA}properties/{CAMUNDA}property")
        }
        fields.append({
            "id": xml_field.get("id"),
            "properties": properties,
            "label": xml_field.get("label") or xml_field.get("id"),
            "type": xml_field.get("type") or "string",
            "default": xml_field.get("defaultValue"),
            "constraints": constraints,
            "options": options,
        })
    return fields


def read_input_parameters(node: etree._Element) -> dict[str, str]:
    """Return camunda:inputParameter name -> text (an expression or a literal)."""
    params = {}
    for param in node.iterfind(f".//{CAMUNDA}inputOutput/{CAMUNDA}inputParameter"):
        params[param.get("name")] = (param.text or "").strip()
    return params


class FlowDeskUserTaskParser(UserTaskParser):
    """A user task: form fields, candidates, assignee, due date and priority."""

    def parse_extensions(self, node: etree._Element | None = None) -> dict[str, Any]:
        extensions = super().parse_extensions(node)
        for attribute, key in USER_TASK_ATTRIBUTES.items():
            value = self.node.get(CAMUNDA + attribute)
            if value is not None and value.strip():
                extensions[key] = value.strip()
        extensions["form_fields"] = read_form_fields(self.node)
        return extensions


class FlowDeskStartEventParser(CamundaStartEventParser):
    """A start event, with the form a requester fills to start the process."""

    def parse_extensions(self, node: etree._Element | None = None) -> dict[str, Any]:
        extensions = CamundaTaskParser.parse_extensions(self, node)
        extensions["form_fields"] = read_form_fields(self.node)
        return extensions


class ExternalTask(ServiceTask):
    """A service task whose work is a handler registered in code under a topic, or else an outside worker's.

    Without a handler the task waits (STARTED) until an outside worker completes it (engine/external_tasks.py).
    """

    def _execute(self, task: Any) -> Any:
        return task.workflow.script_engine.call_topic(task, self.extensions.get("topic"))


class ExternalTaskParser(CamundaTaskParser):
    """A service task of camunda:type="external" with a camunda:topic."""

    def parse_extensions(self, node: etree._Element | None = None) -> dict[str, Any]:
        extensions = super().parse_extensions(node)
        extensions["task_type"] = self.node.get(CAMUNDA + "type")
        extensions["topic"] = self.node.get(CAMUNDA + "topic")
        extensions["input_parameters"] = read_input_parameters(self.node)
        extensions["task_priority"] = (self.node.get(CAMUNDA + "taskPriority") or "").strip()
        extensions["extension_properties"] = {
            prop.get("name"): prop.get("value") or ""
            for prop in self.node.iterfind(f"{BPMN_EXTENSIONS}/{CAMUNDA}properties/{CAMUNDA}property")}
        return extensions


class FlowDeskParser(CamundaParser):
    """The CamundaParser with FlowDesk's user task, start event and external task readers."""

    OVERRIDE_PARSER_CLASSES = {
        **CamundaParser.OVERRIDE_PARSER_CLASSES,
        full_tag("userTask"): (FlowDeskUserTaskParser, UserTask),
        full_tag("startEvent"): (FlowDeskStartEventParser, StartEvent),
        full_tag("serviceTask"): (ExternalTaskParser, ExternalTask),
    }


_VALIDATOR: BpmnValidator | None = None


def bpmn_validator() -> BpmnValidator:
    """Return the BPMN 2.0 XSD validator, loaded once per process."""
    global _VALIDATOR
    if _VALIDATOR is None:
        _VALIDATOR = BpmnValidator()
    return _VALIDATOR
