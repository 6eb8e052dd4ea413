"""A signal is broadcast after its thrower's step, where Camunda broadcasts it at the throw: where the two moments
would reach different receivers in the instances mid-step, the thrower's step fails loudly instead of running
differently from how it was drawn."""
import pytest

from app.platform.errors import StepFailed
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.lifecycle import start_instance
from app.workflow.tasks.tasklist import list_tasks
from tests.engine.test_event_subprocesses import open_tasks, status
from tests.engine.test_message_throws import complete_with

THROW_THEN_WAIT = """<?xml version="1.0" encoding="UTF-8"?>
<definitions id="d" xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="FlowDeskTests">
  <signal id="S_ready" name="ready"/>
  <process id="ready_then_wait" isExecutable="true">
    <startEvent id="s"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="work"/>
    <userTask id="work" name="Work"/>
    <sequenceFlow id="f2" sourceRef="work" targetRef="say_ready"/>
    <intermediateThrowEvent id="say_ready"><signalEventDefinition signalRef="S_ready"/></intermediateThrowEvent>
    <sequenceFlow id="f3" sourceRef="say_ready" targetRef="hear_ready"/>
    <intermediateCatchEvent id="hear_ready"><signalEventDefinition signalRef="S_ready"/></intermediateCatchEvent>
    <sequenceFlow id="f4" sourceRef="hear_ready" targetRef="e"/>
    <endEvent id="e"/>
  </process>
</definitions>"""

LAST_SIGNAL = """<?xml version="1.0" encoding="UTF-8"?>
<definitions id="d" xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="FlowDeskTests">
  <signal id="S_done" name="allDone"/>
  <process id="last_signal" isExecutable="true">
    <startEvent id="s"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="work"/>
    <userTask id="work" name="Work"/>
    <sequenceFlow id="f2" sourceRef="work" targetRef="done"/>
    <endEvent id="done"><signalEventDefinition signalRef="S_done"/></endEvent>
    <subProcess id="on_done" triggeredByEvent="true">
      <startEvent id="done_heard" isInterrupting="false"><signalEventDefinition signalRef="S_done"/></startEvent>
      <sequenceFlow id="h1" sourceRef="done_heard" targetRef="tidy"/>
      <userTask id="tidy" name="Tidy up"/>
      <sequenceFlow id="h2" sourceRef="tidy" targetRef="tidy_end"/>
      <endEvent id="tidy_end"/>
    </subProcess>
  </process>
</definitions>"""


def test_a_signal_its_thrower_waits_for_only_after_throwing_it_is_not_taken_by_itself(runtime, demo,
                                                                                       admin_actor) -> None:
    # Camunda broadcasts when 'say_ready' throws, before 'hear_ready' waits: the catch would go on waiting.
    deploy_diagram(runtime, THROW_THEN_WAIT.encode(), "ready_then_wait.bpmn", "olga")
    instance_id = start_instance(runtime, "ready_then_wait", {})
    (task,) = list_tasks(instance_id=instance_id)
    with pytest.raises(StepFailed, match="began to wait for it only after it was thrown, in the same step"):
        complete_with(runtime, admin_actor, task.id, {})
    assert status(runtime, instance_id) == "needs_attention"
    assert open_tasks(instance_id) == ["work"]  # nothing of the step was kept


def test_a_signal_end_event_whose_own_listener_ended_with_the_step_fails_loudly(runtime, demo, admin_actor) -> None:
    # Camunda broadcasts when 'done' throws, while the event sub-process still listens, and runs 'tidy';
    # FlowDesk, broadcasting after the step, would find the instance completed and tidy nothing.
    deploy_diagram(runtime, LAST_SIGNAL.encode(), "last_signal.bpmn", "olga")
    instance_id = start_instance(runtime, "last_signal", {})
    (task,) = list_tasks(instance_id=instance_id)
    with pytest.raises(StepFailed, match="waited for it when it was thrown but no longer does"):
        complete_with(runtime, admin_actor, task.id, {})
    assert status(runtime, instance_id) == "needs_attention"
