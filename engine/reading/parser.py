"""Read the Camunda 7 dialect: SpiffWorkflow's CamundaParser plus the attributes it ignores."""
import threading
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator, full_tag
from SpiffWorkflow.bpmn.parser.event_parsers import (
    CANCEL_EVENT_XPATH,
    CONDITIONAL_EVENT_XPATH,
    ERROR_EVENT_XPATH,
    ESCALATION_EVENT_XPATH,
    MESSAGE_EVENT_XPATH,
    SIGNAL_EVENT_XPATH,
    TERMINATION_EVENT_XPATH,
    TIMER_EVENT_XPATH,
    SendTaskParser,
)
from SpiffWorkflow.bpmn.specs.defaults import (
    BoundaryEvent,
    CallActivity,
    EndEvent,
    IntermediateCatchEvent,
    IntermediateThrowEvent,
    ManualTask,
    NoneTask,
    ScriptTask,
    SendTask,
    ServiceTask,
    StartEvent,
)
from SpiffWorkflow.camunda.parser.CamundaParser import CamundaParser
from SpiffWorkflow.camunda.parser.event_parsers import (
    CamundaBoundaryEventParser,
    CamundaEndEventParser,
    CamundaEventDefinitionParser,
    CamundaIntermediateCatchEventParser,
    CamundaIntermediateThrowEventParser,
    CamundaStartEventParser,
)
from SpiffWorkflow.camunda.parser.task_spec import (
    CAMUNDA_MODEL_NS,
    CallActivityParser,
    CamundaTaskParser,
    ScriptTaskParser,
    SubWorkflowParser,
    UserTaskParser,
)
from SpiffWorkflow.camunda.specs.user_task import UserTask

from engine.approval.loop import ApprovalLoop
from engine.approval.rule import RuleRefused, is_approval, read_rule
from engine.errors import refusal
from engine.events.conditions import CamundaConditionalEventDefinition, parse_variable_events
from engine.reading.findings import PropertyRefused
from engine.reading.loops import CamundaLoopReader

CAMUNDA = "{" + CAMUNDA_MODEL_NS + "}"
BPMN_CONDITION = full_tag("condition")
BPMN_EXTENSIONS = "{http://www.omg.org/spec/BPMN/20100524/MODEL}extensionElements"
MESSAGE_DEFINITION = full_tag("messageEventDefinition")
USER_TASK_ATTRIBUTES = {
    "candidateGroups": "candidate_groups",
    "candidateUsers": "candidate_users",
    "assignee": "assignee",
    "dueDate": "due_date",
    "followUpDate": "follow_up_date",
    "priority": "priority",
}
APPROVAL_NOT_PARALLEL = refusal(
    "an approval by rule (%(property)s) must be a parallel multi-instance over its members: set camunda:collection to "
    "the variable holding them, e.g. ${cab_members}, and leave isSequential off")
APPROVAL_WITHOUT_MEMBERS = refusal(
    "%(property)s makes an approval by rule, which needs one task per member: add a parallel multi-instance marker "
    "with camunda:collection ${cab_members} and camunda:elementVariable cab_member, or remove %(property)s")
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


class FlowDeskTaskParser(CamundaLoopReader, CamundaTaskParser):
    """A task with no type of its own (plain or manual), read like any Camunda task."""


class PassThroughTask(NoneTask):
    """A plain bpmn:task: Camunda passes through it (SpiffWorkflow would wait for someone to run it)."""

    def __init__(self, wf_spec: Any, bpmn_id: str, **kwargs: Any) -> None:
        super().__init__(wf_spec, bpmn_id, **kwargs)
        self.manual = False


class PassThroughManualTask(ManualTask):
    """A bpmn:manualTask: work done outside any system, which Camunda passes through."""

    def __init__(self, wf_spec: Any, bpmn_id: str, **kwargs: Any) -> None:
        super().__init__(wf_spec, bpmn_id, **kwargs)
        self.manual = False


class FlowDeskUserTaskParser(CamundaLoopReader, UserTaskParser):
    """A user task: form fields, candidates, assignee, due date and priority; looped, an approval by rule when it
    says flowdesk:decision (engine/approval)."""

    def _loop_spec(self, original: Any, loop_characteristics: etree._Element, params: dict[str, Any]) -> Any:
        extensions = getattr(original, "extensions", None) or {}
        if not is_approval(extensions):
            return super()._loop_spec(original, loop_characteristics, params)
        if loop_characteristics.get("isSequential") == "true" or params["data_input"] is None:
            raise PropertyRefused(APPROVAL_NOT_PARALLEL, "multiInstanceLoopCharacteristics",
                                  {"property": "flowdesk:decision"}, node=self.node, file_name=self.filename)
        try:
            rule = read_rule(extensions, original.bpmn_id)
        except RuleRefused as refused:
            raise PropertyRefused(refused.template, refused.property, refused.params, node=self.node,
                                  file_name=self.filename) from None
        return ApprovalLoop(self.spec, original.name, rule=rule, **params)

    def parse_extensions(self, node: etree._Element | None = None) -> dict[str, Any]:
        extensions = super().parse_extensions(node)
        for attribute, key in USER_TASK_ATTRIBUTES.items():
            value = self.node.get(CAMUNDA + attribute)
            if value is not None and value.strip():
                extensions[key] = value.strip()
        extensions["form_fields"] = read_form_fields(self.node)
        if is_approval(extensions) and not self.xpath("./bpmn:multiInstanceLoopCharacteristics"):
            raise PropertyRefused(APPROVAL_WITHOUT_MEMBERS, "flowdesk:decision", {"property": "flowdesk:decision"},
                                  node=self.node, file_name=self.filename)
        return extensions


class ConditionalEventParsing:
    """Read a conditional event's condition with camunda:variableName and camunda:variableEvents."""

    def parse_conditional_event(self, event: etree._Element) -> CamundaConditionalEventDefinition:
        condition = event.find(BPMN_CONDITION)
        if condition is None or not (condition.text or "").strip():
            raise PropertyRefused("the conditional event has no condition; write one such as ${approved}",
                                  "condition", node=self.node, file_name=self.filename)  # type: ignore[attr-defined]
        try:
            events = parse_variable_events(event.get(CAMUNDA + "variableEvents"))
        except ValueError as error:
            raise PropertyRefused(str(error), "camunda:variableEvents", node=self.node,  # type: ignore[attr-defined]
                                  file_name=self.filename) from None  # type: ignore[attr-defined]
        return CamundaConditionalEventDefinition(
            condition.text.strip(), (event.get(CAMUNDA + "variableName") or "").strip() or None, events,
            description=self.get_event_description(event))  # type: ignore[attr-defined]


class FlowDeskBoundaryEventParser(ConditionalEventParsing, CamundaBoundaryEventParser):
    """A boundary event; a conditional one keeps Camunda's variable filters."""


class FlowDeskIntermediateCatchEventParser(ConditionalEventParsing, CamundaIntermediateCatchEventParser):
    """An intermediate catch event; a conditional one keeps Camunda's variable filters."""


class FlowDeskStartEventParser(ConditionalEventParsing, CamundaStartEventParser):
    """A start event, with the form a requester fills to start the process."""

    def create_task(self) -> Any:
        # SpiffWorkflow reads no error or escalation start event: such an event sub-process would start with its
        # scope instead of waiting for its error or escalation.
        event_definition = self.get_event_definition([MESSAGE_EVENT_XPATH, SIGNAL_EVENT_XPATH, TIMER_EVENT_XPATH,
                                                      CONDITIONAL_EVENT_XPATH, ERROR_EVENT_XPATH,
                                                      ESCALATION_EVENT_XPATH])
        task = self._create_task(event_definition)
        self.spec.start.connect(task)
        return task

    def parse_extensions(self, node: etree._Element | None = None) -> dict[str, Any]:
        extensions = CamundaTaskParser.parse_extensions(self, node)
        extensions["form_fields"] = read_form_fields(self.node)
        initiator = (self.node.get(CAMUNDA + "initiator") or "").strip()
        if initiator:
            extensions["initiator"] = initiator
        # Read by engine/events/event_subprocesses.py: SpiffWorkflow ignores isInterrupting on start events.
        extensions["interrupting"] = self.node.get("isInterrupting", "true").strip().lower() != "false"
        return extensions


class ExternalTask(ServiceTask):
    """A service task whose work is a handler registered in code under a topic, or else an outside worker's.

    Without a handler the task waits (STARTED) until an outside worker completes it (engine/events/external_tasks.py).
    """

    def _execute(self, task: Any) -> Any:
        return task.workflow.script_engine.call_topic(task, self.extensions.get("topic"))


class ExternalTaskParser(CamundaLoopReader, CamundaTaskParser):
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


class FlowDeskScriptTaskParser(CamundaLoopReader, ScriptTaskParser):
    """A script task, looped the Camunda way."""


class FlowDeskSubProcessParser(CamundaLoopReader, SubWorkflowParser):
    """An embedded sub-process, looped the Camunda way."""


class FlowDeskCallActivityParser(CamundaLoopReader, CallActivityParser):
    """A call activity, looped the Camunda way."""


class ExpressionTask(ServiceTask):
    """A service task whose work is a camunda:expression, evaluated safely, its value kept in camunda:resultVariable."""

    def _execute(self, task: Any) -> Any:
        value = task.workflow.script_engine.evaluate(task, self.extensions["expression"])
        if self.extensions.get("result_variable"):
            task.data[self.extensions["result_variable"]] = value
        return True


class ServiceTaskParser(ExternalTaskParser):
    """A service task: an external task, or a camunda:expression FlowDesk evaluates itself."""

    def create_task(self) -> Any:
        if self.node.get(CAMUNDA + "expression") is not None:
            self.spec_class = ExpressionTask
        return super().create_task()

    def parse_extensions(self, node: etree._Element | None = None) -> dict[str, Any]:
        extensions = super().parse_extensions(node)
        if self.node.get(CAMUNDA + "expression") is not None:
            extensions["expression"] = self.node.get(CAMUNDA + "expression").strip()
            extensions["result_variable"] = (self.node.get(CAMUNDA + "resultVariable") or "").strip() or None
        return extensions


class FlowDeskSendTaskParser(ServiceTaskParser, CamundaEventDefinitionParser):
    """A send task: with camunda:type="external" an external task, as Camunda runs it (an outside worker or a
    FlowDesk topic sends); otherwise a message FlowDesk delivers itself (engine/events/message_throws.py)."""

    def create_task(self) -> Any:
        if self.node.get(CAMUNDA + "type") is not None:
            self.spec_class = ExternalTask
            return super().create_task()
        return SendTaskParser.create_task(self)


def external_owner(node: etree._Element) -> etree._Element | None:
    """Return the element of a message throw or end event that carries its camunda:type (Camunda Modeler writes
    it on the messageEventDefinition), or None when the event names no implementation type."""
    definition = node.find(MESSAGE_DEFINITION)
    for owner in (definition, node):
        if owner is not None and owner.get(CAMUNDA + "type") is not None:
            return owner
    return None


class ExternalThrowParsing(ExternalTaskParser):
    """A message throw or end event of camunda:type="external": an external task, as Camunda runs it; any other
    is read as the event it is (FlowDesk delivers its message: engine/events/message_throws.py)."""

    def create_task(self) -> Any:
        if external_owner(self.node) is None:
            return super(ExternalTaskParser, self).create_task()
        self.spec_class = ExternalTask
        return CamundaTaskParser.create_task(self)

    def parse_extensions(self, node: etree._Element | None = None) -> dict[str, Any]:
        owner = external_owner(self.node)
        if owner is None:
            return super(CamundaTaskParser, self).parse_extensions(node)  # the event's own reading
        extensions = super().parse_extensions(node)
        extensions["task_type"] = owner.get(CAMUNDA + "type")
        extensions["topic"] = owner.get(CAMUNDA + "topic")
        extensions["task_priority"] = (owner.get(CAMUNDA + "taskPriority") or "").strip()
        return extensions


class FlowDeskThrowEventParser(ExternalThrowParsing, CamundaIntermediateThrowEventParser):
    """An intermediate throw event; an external message one waits for its worker, then the flow goes on."""


class FlowDeskEndEventParser(ExternalThrowParsing, CamundaEndEventParser):
    """An end event. An external message one waits for its worker, then ends its path; a signal end event throws
    its signal (SpiffWorkflow reads it as a none end event)."""

    def create_task(self) -> Any:
        if external_owner(self.node) is not None:
            task = super().create_task()
        else:
            task = self._create_task(self.get_event_definition([
                MESSAGE_EVENT_XPATH, SIGNAL_EVENT_XPATH, CANCEL_EVENT_XPATH, ERROR_EVENT_XPATH,
                ESCALATION_EVENT_XPATH, TERMINATION_EVENT_XPATH]))
        task.connect(self.spec.end)
        return task


class FlowDeskParser(CamundaParser):
    """The CamundaParser with FlowDesk's user task, start event and external task readers."""

    OVERRIDE_PARSER_CLASSES = {
        **CamundaParser.OVERRIDE_PARSER_CLASSES,
        full_tag("userTask"): (FlowDeskUserTaskParser, UserTask),
        full_tag("startEvent"): (FlowDeskStartEventParser, StartEvent),
        full_tag("boundaryEvent"): (FlowDeskBoundaryEventParser, BoundaryEvent),
        full_tag("intermediateCatchEvent"): (FlowDeskIntermediateCatchEventParser, IntermediateCatchEvent),
        full_tag("endEvent"): (FlowDeskEndEventParser, EndEvent),
        full_tag("serviceTask"): (ServiceTaskParser, ExternalTask),
        full_tag("sendTask"): (FlowDeskSendTaskParser, SendTask),
        full_tag("intermediateThrowEvent"): (FlowDeskThrowEventParser, IntermediateThrowEvent),
        full_tag("task"): (FlowDeskTaskParser, PassThroughTask),
        full_tag("manualTask"): (FlowDeskTaskParser, PassThroughManualTask),
        full_tag("scriptTask"): (FlowDeskScriptTaskParser, ScriptTask),
        full_tag("subProcess"): (FlowDeskSubProcessParser, CallActivity),
        full_tag("callActivity"): (FlowDeskCallActivityParser, CallActivity),
    }


_VALIDATOR: BpmnValidator | None = None
_VALIDATOR_LOCK = threading.Lock()


def bpmn_validator() -> BpmnValidator:
    """Return the BPMN 2.0 XSD validator, loaded once per process.

    Loaded under a lock: libxml2 cannot parse XML Schemas in two threads at once (each fails with "Document is not
    valid XML Schema"), which a web server's first two requests that read a diagram would otherwise do. Validating
    with the one loaded schema from several threads is safe.
    """
    global _VALIDATOR
    if _VALIDATOR is None:
        with _VALIDATOR_LOCK:
            if _VALIDATOR is None:
                _VALIDATOR = BpmnValidator()
    return _VALIDATOR
