"""Conditional events and expression service tasks, run as Camunda 7 runs them (issue 10, section 2).

A conditional event's condition is checked when its scope is reached and again whenever the instance's
variables change; a condition reading a variable the instance lacks is false. A service task with a
side-effect-free camunda:expression is evaluated and its value kept in camunda:resultVariable.
"""
import pytest

from app.workflow.deployment import deploy_diagram
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.tasks.actions import complete_task
from app.workflow.tasks.tasklist import list_tasks
from engine.errors import DiagramRefused
from engine.events.conditions import CamundaConditionalEventDefinition, parse_variable_events, variable_changes
from engine.reading.diagram import parse_diagram

NAMESPACES = ('xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
              'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="https://t.example"')


def diagram(body: str) -> bytes:
    """Wrap flow elements in an executable process 'p'."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions {NAMESPACES}>'
            f'<bpmn:process id="p" isExecutable="true">{body}</bpmn:process></bpmn:definitions>').encode()


def open_tasks(instance_id: int) -> list[str]:
    """Return the element ids of an instance's open tasks, sorted."""
    return sorted(task.element_id for task in list_tasks(instance_id=instance_id))


def task_of(instance_id: int, element_id: str) -> str:
    """Return the id of the open task of an element."""
    return next(task.id for task in list_tasks(instance_id=instance_id) if task.element_id == element_id)


def history(instance_id: int) -> list[tuple[str, str | None]]:
    """Return (kind, element) of an instance's history events, in order."""
    return [(event.kind, event.element_id) for event in list_history(instance_stream(instance_id))]


# --- conditional events ------------------------------------------------------------------------

def test_interrupting_boundary_fires_when_completing_the_task_sets_its_variable(runtime, deploy, people) -> None:
    deploy("conditional_events.bpmn")
    instance_id = start_instance(runtime, "cond_withdraw", {})
    assert open_tasks(instance_id) == ["review"]
    assert complete_task(runtime, task_of(instance_id, "review"), "mona", {"withdrawn": "true"}) == "running"
    assert open_tasks(instance_id) == ["archive"]
    events = history(instance_id)
    assert ("condition_met", "withdrawn_event") in events
    assert ("task_cancelled", "review") in events
    assert ("end_reached", "reviewed") not in events


def test_false_condition_lets_the_task_complete_as_drawn(runtime, deploy, people) -> None:
    deploy("conditional_events.bpmn")
    instance_id = start_instance(runtime, "cond_withdraw", {})
    assert complete_task(runtime, task_of(instance_id, "review"), "mona", {"withdrawn": "false"}) == "completed"
    assert ("end_reached", "reviewed") in history(instance_id)
    assert all(kind != "condition_met" for kind, _ in history(instance_id))


def test_non_interrupting_boundary_fires_on_another_tasks_change_and_keeps_the_task(runtime, deploy, people) -> None:
    deploy("conditional_events.bpmn")
    instance_id = start_instance(runtime, "cond_urgent", {})
    assert open_tasks(instance_id) == ["triage", "work"]
    complete_task(runtime, task_of(instance_id, "triage"), "mona", {"urgency": "3"})
    assert open_tasks(instance_id) == ["hurry", "work"]
    assert ("condition_met", "became_urgent") in history(instance_id)
    complete_task(runtime, task_of(instance_id, "work"), "mona", {})
    assert complete_task(runtime, task_of(instance_id, "hurry"), "mona", {}) == "completed"


def test_non_interrupting_boundary_fires_again_on_each_later_change_and_its_paths_outlive_the_task(
        runtime, deploy, people) -> None:
    from app.workflow.instances.history import NewEvent
    from app.workflow.variables import set_instance_variables

    deploy("conditional_events.bpmn")
    instance_id = start_instance(runtime, "cond_urgent", {})
    for urgency in (1, 5, 7):  # 1 keeps the condition false; 5 and 7 each make it true again
        set_instance_variables(runtime, instance_id, {"urgency": urgency}, "mona",
                               NewEvent("variables_changed", None, {"urgency": urgency}))
    assert open_tasks(instance_id) == ["hurry", "hurry", "triage", "work"]
    assert history(instance_id).count(("condition_met", "became_urgent")) == 2
    complete_task(runtime, task_of(instance_id, "work"), "mona", {})
    complete_task(runtime, task_of(instance_id, "triage"), "mona", {"urgency": "9"})  # the task has ended
    assert open_tasks(instance_id) == ["hurry", "hurry"]
    complete_task(runtime, task_of(instance_id, "hurry"), "mona", {})
    assert complete_task(runtime, task_of(instance_id, "hurry"), "mona", {}) == "completed"


def test_intermediate_catch_waits_until_the_condition_holds(runtime, deploy, people) -> None:
    deploy("conditional_events.bpmn")
    instance_id = start_instance(runtime, "cond_wait", {"reserved": "false"})
    assert open_tasks(instance_id) == ["first_check"]
    complete_task(runtime, task_of(instance_id, "first_check"), "mona", {"reserved": "false"})
    assert open_tasks(instance_id) == ["second_check"]
    assert show_instance(runtime, instance_id).summary.status == "running"
    complete_task(runtime, task_of(instance_id, "second_check"), "mona", {"reserved": "true"})
    assert open_tasks(instance_id) == ["ship"]
    assert ("condition_met", "until_reserved") in history(instance_id)
    assert complete_task(runtime, task_of(instance_id, "ship"), "mona", {}) == "completed"


def test_condition_true_on_entry_fires_at_once(runtime, deploy, people) -> None:
    deploy("conditional_events.bpmn")
    instance_id = start_instance(runtime, "cond_wait", {"reserved": "true"})
    assert open_tasks(instance_id) == ["first_check", "ship"]
    assert ("condition_met", "until_reserved") in history(instance_id)


def test_condition_true_on_entry_interrupts_a_sub_process_before_anything_inside_runs(runtime, deploy,
                                                                                      people) -> None:
    deploy("conditional_events.bpmn")
    instance_id = start_instance(runtime, "cond_order", {"invoiceId": "INV-1"})
    assert open_tasks(instance_id) == ["archive_invoice"]
    assert ("task_ready", "create_invoice") not in history(instance_id)
    assert ("condition_met", "has_invoice") in history(instance_id)


def test_condition_on_an_unknown_variable_stays_quiet_and_the_sub_process_runs(runtime, deploy, people) -> None:
    deploy("conditional_events.bpmn")
    instance_id = start_instance(runtime, "cond_order", {})
    assert open_tasks(instance_id) == ["create_invoice"]
    assert complete_task(runtime, task_of(instance_id, "create_invoice"), "mona", {}) == "completed"
    assert ("end_reached", "o_invoiced") in history(instance_id)


def test_event_sub_process_with_a_conditional_start_runs_beside_the_work(runtime, deploy, people) -> None:
    deploy("conditional_events.bpmn")
    instance_id = start_instance(runtime, "cond_complaint", {})
    assert open_tasks(instance_id) == ["c_triage", "c_work"]
    complete_task(runtime, task_of(instance_id, "c_triage"), "mona", {"complaint": "true"})
    assert open_tasks(instance_id) == ["apologise", "c_work"]
    assert ("condition_met", "complaint_raised") in history(instance_id)
    complete_task(runtime, task_of(instance_id, "c_work"), "mona", {})
    assert complete_task(runtime, task_of(instance_id, "apologise"), "mona", {}) == "completed"


def test_instance_ends_with_its_main_flow_when_the_condition_never_held(runtime, deploy, people) -> None:
    deploy("conditional_events.bpmn")
    instance_id = start_instance(runtime, "cond_complaint", {})
    complete_task(runtime, task_of(instance_id, "c_triage"), "mona", {"complaint": "false"})
    assert complete_task(runtime, task_of(instance_id, "c_work"), "mona", {}) == "completed"


def test_unknown_variable_makes_the_condition_false_not_an_error(runtime, deploy, people) -> None:
    deploy("conditional_events.bpmn")
    instance_id = start_instance(runtime, "cond_wait", {})  # 'reserved' not given: the catch waits
    assert open_tasks(instance_id) == ["first_check"]
    assert show_instance(runtime, instance_id).summary.status == "running"


def test_variable_name_and_events_restrict_which_changes_wake_the_condition() -> None:
    only_withdrawn = CamundaConditionalEventDefinition("${withdrawn}", "withdrawn", ("update",))
    assert only_withdrawn.listens_to({"withdrawn": "update"})
    assert not only_withdrawn.listens_to({"withdrawn": "create"})
    assert not only_withdrawn.listens_to({"note": "update"})
    assert CamundaConditionalEventDefinition("${x}").listens_to({"anything": "delete"})
    assert variable_changes({"a": 1, "b": 2}, {"a": 1, "c": 3}, ["a"]) == {"a": "update", "b": "delete",
                                                                          "c": "create"}
    assert parse_variable_events(" create,update ") == ("create", "update")
    with pytest.raises(ValueError, match="camunda:variableEvents has 'change'"):
        parse_variable_events("change")


def test_conditional_start_event_of_a_process_is_refused_naming_it() -> None:
    content = diagram('<bpmn:startEvent id="when_ready"><bpmn:conditionalEventDefinition>'
                      '<bpmn:condition xsi:type="bpmn:tFormalExpression">${ready}</bpmn:condition>'
                      '</bpmn:conditionalEventDefinition></bpmn:startEvent>'
                      '<bpmn:sequenceFlow id="f" sourceRef="when_ready" targetRef="e"/><bpmn:endEvent id="e"/>')
    with pytest.raises(DiagramRefused) as refused:
        parse_diagram(content, "start.bpmn", None)
    assert refused.value.element_id == "when_ready"
    assert "conditional start event of a process" in refused.value.reason
    assert "event sub-process" in refused.value.reason


def test_interrupting_conditional_event_sub_process_stops_the_work_of_its_scope(runtime, people) -> None:
    content = diagram(
        '<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="split"/>'
        '<bpmn:parallelGateway id="split"/>'
        '<bpmn:sequenceFlow id="f1" sourceRef="split" targetRef="triage"/>'
        '<bpmn:sequenceFlow id="f2" sourceRef="split" targetRef="work"/>'
        '<bpmn:userTask id="triage" camunda:candidateGroups="managers"><bpmn:extensionElements><camunda:formData>'
        '<camunda:formField id="cancel" type="boolean"/></camunda:formData></bpmn:extensionElements></bpmn:userTask>'
        '<bpmn:sequenceFlow id="f3" sourceRef="triage" targetRef="t_end"/><bpmn:endEvent id="t_end"/>'
        '<bpmn:userTask id="work" camunda:candidateGroups="managers"/>'
        '<bpmn:sequenceFlow id="f4" sourceRef="work" targetRef="w_end"/><bpmn:endEvent id="w_end"/>'
        '<bpmn:subProcess id="watch" triggeredByEvent="true">'
        '<bpmn:startEvent id="cancelled"><bpmn:conditionalEventDefinition>'
        '<bpmn:condition xsi:type="bpmn:tFormalExpression">${cancel == true}</bpmn:condition>'
        '</bpmn:conditionalEventDefinition></bpmn:startEvent>'
        '<bpmn:sequenceFlow id="g" sourceRef="cancelled" targetRef="wind_down"/>'
        '<bpmn:userTask id="wind_down" camunda:candidateGroups="managers"/>'
        '<bpmn:sequenceFlow id="h" sourceRef="wind_down" targetRef="ee"/><bpmn:endEvent id="ee"/>'
        '</bpmn:subProcess>')
    deploy_diagram(runtime, content, "watch.bpmn", "owner")
    instance_id = start_instance(runtime, "p", {})
    assert open_tasks(instance_id) == ["triage", "work"]
    complete_task(runtime, task_of(instance_id, "triage"), "mona", {"cancel": "true"})
    assert open_tasks(instance_id) == ["wind_down"]  # the other work of the scope was stopped
    assert ("condition_met", "cancelled") in history(instance_id)
    assert complete_task(runtime, task_of(instance_id, "wind_down"), "mona", {}) == "completed"


def test_condition_outside_the_dialect_is_refused_at_deploy() -> None:
    content = diagram('<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="wait"/>'
                      '<bpmn:intermediateCatchEvent id="wait"><bpmn:conditionalEventDefinition>'
                      '<bpmn:condition xsi:type="bpmn:tFormalExpression">${order.isReady()}</bpmn:condition>'
                      '</bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>'
                      '<bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="e"/><bpmn:endEvent id="e"/>')
    with pytest.raises(DiagramRefused) as refused:
        parse_diagram(content, "wait.bpmn", None)
    assert refused.value.element_id == "wait"
    assert "isReady" in refused.value.reason


# --- camunda:expression on service tasks -------------------------------------------------------

EXPRESSION_FLOW = ('<bpmn:startEvent id="s"><bpmn:extensionElements><camunda:formData>'
                   '<camunda:formField id="amount" label="Amount" type="long"/></camunda:formData>'
                   '</bpmn:extensionElements></bpmn:startEvent>'
                   '<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/>{task}'
                   '<bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="u"/>'
                   '<bpmn:userTask id="u" camunda:candidateGroups="managers" camunda:expression="${{lookup.now()}}"/>'
                   '<bpmn:sequenceFlow id="f3" sourceRef="u" targetRef="e"/><bpmn:endEvent id="e"/>')


def test_side_effect_free_expression_runs_and_keeps_its_result(runtime, people) -> None:
    from app.workflow.deployment import deploy_diagram

    task = ('<bpmn:serviceTask id="t" name="Is it big" camunda:expression="${amount &gt; 100}" '
            'camunda:resultVariable="big"/>')
    deploy_diagram(runtime, diagram(EXPRESSION_FLOW.format(task=task)), "expr.bpmn", "owner")
    big = start_instance(runtime, "p", {"amount": "150"})
    small = start_instance(runtime, "p", {"amount": "50"})
    assert show_instance(runtime, big).variables["big"] is True
    assert show_instance(runtime, small).variables["big"] is False
    assert ("expression_evaluated", "t") in history(big)
    # camunda:expression on a user task means nothing to Camunda 7 (only service, send and business rule
    # tasks and message throw events read it), so FlowDesk offers the task as drawn, as Camunda does.
    assert open_tasks(big) == ["u"]
    assert complete_task(runtime, task_of(big, "u"), "mona", {}) == "completed"


def test_expression_without_result_variable_runs_and_stores_nothing(runtime, people) -> None:
    from app.workflow.deployment import deploy_diagram

    task = '<bpmn:serviceTask id="t" camunda:expression="${true}"/>'
    deploy_diagram(runtime, diagram(EXPRESSION_FLOW.format(task=task)), "expr.bpmn", "owner")
    instance_id = start_instance(runtime, "p", {"amount": "1"})
    assert open_tasks(instance_id) == ["u"]
    assert set(show_instance(runtime, instance_id).variables) == {"amount"}


@pytest.mark.parametrize(("expression", "needle"), [
    ("${invoiceService.archive(invoice)}", "method 'archive'"),
    ("${execution.setVariable('a', 1)}", "method 'setVariable'"),
    ("${open('x')}", "function that is not allowed: open"),
])
def test_expression_calling_a_bean_is_refused_naming_the_element_and_the_way_out(expression: str,
                                                                                 needle: str) -> None:
    task = f'<bpmn:serviceTask id="t" camunda:expression="{expression}"/>'
    with pytest.raises(DiagramRefused) as refused:
        parse_diagram(diagram(EXPRESSION_FLOW.format(task=task)), "expr.bpmn", None)
    assert refused.value.element_id == "t"
    assert needle in refused.value.reason
    assert 'camunda:type="external"' in refused.value.reason


@pytest.mark.parametrize(("attributes", "needle"), [
    ('camunda:expression="ready"', "is not an expression"),
    ('camunda:expression="${true}" camunda:class="org.example.Archive"', "exclude each other"),
])
def test_expression_task_that_is_not_one_safe_expression_is_refused(attributes: str, needle: str) -> None:
    task = f'<bpmn:serviceTask id="t" {attributes}/>'
    with pytest.raises(DiagramRefused) as refused:
        parse_diagram(diagram(EXPRESSION_FLOW.format(task=task)), "expr.bpmn", None)
    assert (refused.value.element_id, needle in refused.value.reason) == ("t", True)
