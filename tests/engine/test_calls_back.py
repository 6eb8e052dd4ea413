"""Processes of two files that call one another (A calls B, which calls A back) deploy in one command in either
order and run as Camunda 7 runs them; a call coming back round that would need another version of the calling
process than the instance runs fails its step instead of running the wrong one."""
from pathlib import Path

import pytest

from app.platform.errors import StepFailed
from app.workflow.deployment import deploy_files
from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.tasks.actions import claim_task, complete_task
from app.workflow.tasks.tasklist import list_tasks
from tests.engine.test_deployment import definitions, process
from tests.engine.test_nested_call_activities import write

PING_FIELD = ('<bpmn:extensionElements><camunda:formData><camunda:formField id="more" label="More" type="boolean"/>'
              '</camunda:formData></bpmn:extensionElements>')


def ping(task_name: str = "Ping") -> bytes:
    """Return 'ping': a task asking whether to go on; if so it calls 'pong', which calls 'ping' back."""
    return definitions(process("ping", (
        '<bpmn:startEvent id="ping_start"/>'
        '<bpmn:sequenceFlow id="ping_f1" sourceRef="ping_start" targetRef="ping_task"/>'
        f'<bpmn:userTask id="ping_task" name="{task_name}" camunda:candidateGroups="service-desk">{PING_FIELD}'
        '</bpmn:userTask>'
        '<bpmn:sequenceFlow id="ping_f2" sourceRef="ping_task" targetRef="ping_more"/>'
        '<bpmn:exclusiveGateway id="ping_more" default="ping_f4"/>'
        '<bpmn:sequenceFlow id="ping_f3" sourceRef="ping_more" targetRef="ping_call">'
        '<bpmn:conditionExpression>${more}</bpmn:conditionExpression></bpmn:sequenceFlow>'
        '<bpmn:sequenceFlow id="ping_f4" sourceRef="ping_more" targetRef="ping_end"/>'
        '<bpmn:callActivity id="ping_call" calledElement="pong"/>'
        '<bpmn:sequenceFlow id="ping_f5" sourceRef="ping_call" targetRef="ping_end"/>'
        '<bpmn:endEvent id="ping_end"/>')))


def pong() -> bytes:
    """Return 'pong': a task, then a call of 'ping'."""
    return definitions(process("pong", (
        '<bpmn:startEvent id="pong_start"/>'
        '<bpmn:sequenceFlow id="pong_f1" sourceRef="pong_start" targetRef="pong_task"/>'
        '<bpmn:userTask id="pong_task" name="Pong" camunda:candidateGroups="service-desk"/>'
        '<bpmn:sequenceFlow id="pong_f2" sourceRef="pong_task" targetRef="pong_call"/>'
        '<bpmn:callActivity id="pong_call" calledElement="ping"/>'
        '<bpmn:sequenceFlow id="pong_f3" sourceRef="pong_call" targetRef="pong_end"/>'
        '<bpmn:endEvent id="pong_end"/>')))


def answer(runtime, instance_id: int, more: bool | None = None) -> str:  # type: ignore[no-untyped-def]
    """Complete the one open task as sam (with 'more' for a Ping task); return the task's name."""
    (task,) = list_tasks(instance_id=instance_id)
    claim_task(runtime, task.id, "sam")
    complete_task(runtime, task.id, "sam", {} if more is None else {"more": more})
    return task.name


@pytest.mark.parametrize("order", [("ping", "pong"), ("pong", "ping")])
def test_files_that_call_one_another_deploy_in_one_command_in_either_order_and_run(cli, demo, runtime,
                                                                                   tmp_path: Path, order) -> None:
    paths = {"ping": write(tmp_path, "ping.bpmn", ping()), "pong": write(tmp_path, "pong.bpmn", pong())}
    result = cli("deploy", *(paths[name] for name in order))
    assert result.exit_code == 0, result.stderr
    instance_id = start_instance(runtime, "ping", {})
    assert answer(runtime, instance_id, more=True) == "Ping"
    assert answer(runtime, instance_id) == "Pong"
    assert answer(runtime, instance_id, more=False) == "Ping"  # 'ping' again, called back by 'pong'
    assert show_instance(runtime, instance_id).summary.status == "completed"


def test_files_that_call_one_another_deploy_in_one_request(runtime, demo) -> None:
    deployed = deploy_files(runtime, [(pong(), "pong.bpmn"), (ping(), "ping.bpmn")], "owner")
    assert sorted(d.process_id for d in deployed) == ["ping", "pong"]


def test_a_call_back_to_a_newer_version_than_the_instance_runs_fails_its_step(cli, demo, runtime,
                                                                             tmp_path: Path) -> None:
    assert cli("deploy", write(tmp_path, "ping.bpmn", ping()), write(tmp_path, "pong.bpmn", pong())).exit_code == 0
    older = start_instance(runtime, "ping", {})
    answer(runtime, older, more=True)
    assert cli("deploy", write(tmp_path, "ping.bpmn", ping("Ping v2"))).exit_code == 0
    with pytest.raises(StepFailed, match="calls back process 'ping', whose newer version"):
        answer(runtime, older)  # Pong: its call of 'ping' binds version 2, which this instance cannot run
    assert show_instance(runtime, older).summary.status == "needs_attention"
    newer = start_instance(runtime, "ping", {})
    assert [answer(runtime, newer, more=True), answer(runtime, newer), answer(runtime, newer, more=False)] == [
        "Ping v2", "Pong", "Ping v2"]
