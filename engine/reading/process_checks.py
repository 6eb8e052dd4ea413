"""Check what a parsed process will evaluate (conditions, timers, scripts, attribute expressions) and its forms.

Each problem names the element to mark and its property (engine/errors.py DiagramRefused): a gateway's condition
names its sequence flow and "conditionExpression", a timer "timeDuration", "timeDate" or "timeCycle".
"""
import functools
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.exclusive_gateway import ExclusiveGateway
from SpiffWorkflow.bpmn.specs.mixins.inclusive_gateway import InclusiveGateway
from SpiffWorkflow.bpmn.specs.mixins.script_task import ScriptTask

from engine.errors import DiagramRefused, EngineError
from engine.evaluation.dialect import is_expression
from engine.evaluation.expressions import check_expression
from engine.evaluation.sandbox import check_script
from engine.evaluation.timer_expressions import check_timer
from engine.events.conditions import conditions_of
from engine.events.message_throws import FlowDeskMessageThrow
from engine.events.timers import timer_kind
from engine.reading.findings import Findings
from engine.reading.form_fields import field_problem
from engine.reading.parser import ExternalTask

TIMER_PROPERTIES = {"date": "timeDate", "duration": "timeDuration", "cycle": "timeCycle"}
ATTRIBUTE_PROPERTIES = {"assignee": "camunda:assignee", "candidate_groups": "camunda:candidateGroups",
                        "candidate_users": "camunda:candidateUsers", "due_date": "camunda:dueDate",
                        "follow_up_date": "camunda:followUpDate", "priority": "camunda:priority"}
LOOP_PROPERTIES = {"condition": "completionCondition", "cardinality": "loopCardinality"}
FlowIds = Mapping[tuple[str, str, str], str]  # (source id, target id, condition text) -> sequence flow id
Check = tuple[Callable[[str], None], str, str | None, str]  # checker, text, element id (None: the task's), property


def iter_task_specs(process: Any) -> Iterator[Any]:
    """Yield every task spec of a parsed process and of its sub-processes."""
    yield from process.spec.task_specs.values()
    for sub_spec in process.subprocess_specs.values():
        yield from sub_spec.task_specs.values()


def check_process(process: Any, file_name: str, flow_ids: FlowIds, findings: Findings) -> None:
    """Check every expression, script and form field of a parsed process, noting each problem in findings."""
    for task_spec in iter_task_specs(process):
        element_id = getattr(task_spec, "bpmn_id", None) or task_spec.name
        for check, text, at, prop in expressions_of(task_spec, flow_ids):
            with findings.read_on():
                try:
                    check(text)
                except EngineError as exc:
                    raise DiagramRefused(file_name, at or element_id, str(exc), property=prop) from None
        fields = task_spec.extensions.get("form_fields", []) if hasattr(task_spec, "extensions") else []
        for field in fields:
            problem = field_problem(field)
            if problem:
                prop = f"formField:{field['id']}" if field.get("id") else "camunda:formData"
                findings.add(DiagramRefused(file_name, element_id, *problem, property=prop))


def expressions_of(task_spec: Any, flow_ids: FlowIds) -> Iterator[Check]:
    """Yield what in a task spec will be evaluated, with the checker, the element and the property it is in."""
    yield from gateway_conditions(task_spec, flow_ids)
    event_definition = getattr(task_spec, "event_definition", None)
    for definition in getattr(event_definition, "event_definitions", None) or [event_definition]:
        if isinstance(definition, TimerEventDefinition):
            kind = timer_kind(definition)
            yield functools.partial(check_timer, kind=kind), definition.expression, None, TIMER_PROPERTIES[kind]
    for condition in conditions_of(task_spec):
        yield check_expression, condition.expression, None, "condition"
    if isinstance(task_spec, ScriptTask):
        yield check_script, task_spec.script, None, "script"
    extensions = getattr(task_spec, "extensions", {}) or {}
    for key, prop in ATTRIBUTE_PROPERTIES.items():
        if key in extensions and is_expression(extensions[key]):
            yield check_expression, extensions[key], None, prop
    if isinstance(event_definition, FlowDeskMessageThrow):
        for name, parameter in event_definition.parameters.items():
            if is_expression(parameter):
                yield check_expression, parameter, None, f"camunda:inputParameter:{name}"
    if isinstance(task_spec, ExternalTask):
        for name, text in extensions.get("input_parameters", {}).items():
            if is_expression(text):
                yield check_expression, text, None, f"camunda:inputParameter:{name}"
    for name, prop in LOOP_PROPERTIES.items():
        text = getattr(task_spec, name, None)
        if isinstance(text, str):
            yield check_expression, text, None, prop


def gateway_conditions(task_spec: Any, flow_ids: FlowIds) -> Iterator[Check]:
    """Yield the condition of each outgoing flow of an exclusive or inclusive gateway, naming the flow."""
    if not isinstance(task_spec, (ExclusiveGateway, InclusiveGateway)):
        return
    for condition, target in task_spec.cond_task_specs:
        if condition is not None:
            text = condition.args[0] if hasattr(condition, "args") else str(condition)
            yield check_expression, text, flow_ids.get((task_spec.bpmn_id, target, text.strip())), "conditionExpression"
