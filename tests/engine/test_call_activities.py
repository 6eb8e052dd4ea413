"""A call activity calling a process deployed from another file, resolved by process id as Camunda 7 does.

Choice documented here: a caller whose callee is deployed nowhere is refused at deploy, naming the call
activity and the process it calls (Camunda itself would only fail when the call activity runs; a process
owner expects to hear it when deploying). The binding picks the callee's version: latest (the default) when
the caller's instance is loaded, camunda:calledElementBinding="version" with calledElementVersion, or
"deployment": the newest callee version stored before (or with) the caller.
"""
from pathlib import Path

import pytest

from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.tasks.actions import claim_task, complete_task
from app.workflow.tasks.tasklist import list_tasks
from tests.conftest import DIAGRAMS

CALLER = DIAGRAMS / "call_check_caller.bpmn"
CALLEE = DIAGRAMS / "call_check_callee.bpmn"


def variant(tmp_path: Path, source: Path, old: str, new: str) -> str:
    """Write a copy of a test diagram, under its own name, with one text replaced; return its path."""
    folder = tmp_path / old.replace(" ", "_").replace('"', "")
    folder.mkdir()
    target = folder / source.name
    target.write_text(source.read_text().replace(old, new))
    return str(target)


def work_through(runtime, instance_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    """Complete an instance's tasks one by one as sam (service desk); return their names in order."""
    names = []
    while tasks := list_tasks(instance_id=instance_id):
        (task,) = tasks
        names.append(task.name)
        claim_task(runtime, task.id, "sam")
        complete_task(runtime, task.id, "sam", {})
    assert show_instance(runtime, instance_id).summary.status == "completed"
    return names


@pytest.mark.parametrize("order", [(CALLER, CALLEE), (CALLEE, CALLER)], ids=["caller-first", "callee-first"])
def test_caller_and_callee_deployed_in_one_command_run_in_either_order(cli, demo, runtime, order) -> None:
    result = cli("deploy", *map(str, order))
    assert result.exit_code == 0, result.output
    instance_id = start_instance(runtime, "caller", {})
    assert work_through(runtime, instance_id) == ["Check v1", "After the call"]


def test_caller_deployed_alone_calls_the_callee_deployed_before(cli, demo, runtime) -> None:
    assert cli("deploy", str(CALLEE)).exit_code == 0
    assert cli("deploy", str(CALLER)).exit_code == 0
    instance_id = start_instance(runtime, "caller", {})
    assert work_through(runtime, instance_id) == ["Check v1", "After the call"]


def test_caller_whose_callee_is_deployed_nowhere_is_refused_naming_the_call_activity(cli, demo) -> None:
    result = cli("deploy", str(CALLER))
    assert result.exit_code == 1
    assert "element 'call_check'" in result.stderr
    assert "calls process 'check_process', which is not deployed" in result.stderr
    assert "caller" not in cli("processes").stdout


def test_latest_binding_runs_the_callee_version_deployed_after_the_caller(cli, demo, runtime, tmp_path) -> None:
    assert cli("deploy", str(CALLEE), str(CALLER)).exit_code == 0
    assert cli("deploy", variant(tmp_path, CALLEE, "Check v1", "Check v2")).exit_code == 0
    instance_id = start_instance(runtime, "caller", {})
    assert work_through(runtime, instance_id) == ["Check v2", "After the call"]


@pytest.mark.parametrize("binding", ['camunda:calledElementBinding="version" camunda:calledElementVersion="1"',
                                     'camunda:calledElementBinding="deployment"'])
def test_version_and_deployment_bindings_keep_the_callee_version_they_name(cli, demo, runtime, tmp_path,
                                                                           binding) -> None:
    caller = variant(tmp_path, CALLER, 'calledElement="check_process"', f'calledElement="check_process" {binding}')
    assert cli("deploy", str(CALLEE), caller).exit_code == 0
    assert cli("deploy", variant(tmp_path, CALLEE, "Check v1", "Check v2")).exit_code == 0
    instance_id = start_instance(runtime, "caller", {})
    assert work_through(runtime, instance_id) == ["Check v1", "After the call"]


def test_version_binding_to_a_version_never_deployed_is_refused(cli, demo, tmp_path) -> None:
    assert cli("deploy", str(CALLEE)).exit_code == 0
    caller = variant(tmp_path, CALLER, 'calledElement="check_process"',
                     'calledElement="check_process" camunda:calledElementBinding="version" '
                     'camunda:calledElementVersion="3"')
    result = cli("deploy", caller)
    assert result.exit_code == 1
    assert "calls version 3 of process 'check_process', which is not deployed" in result.stderr


def test_call_under_way_keeps_its_callee_version_when_a_new_one_is_deployed(cli, demo, runtime, tmp_path) -> None:
    assert cli("deploy", str(CALLEE), str(CALLER)).exit_code == 0
    instance_id = start_instance(runtime, "caller", {})
    (task,) = list_tasks(instance_id=instance_id)
    assert task.name == "Check v1"
    folder = tmp_path / "v2"
    folder.mkdir()
    (folder / CALLEE.name).write_text(CALLEE.read_text().replace('"check"', '"check_two"').replace("v1", "v2"))
    assert cli("deploy", str(folder / CALLEE.name)).exit_code == 0
    assert work_through(runtime, instance_id) == ["Check v1", "After the call"]
    assert work_through(runtime, start_instance(runtime, "caller", {})) == ["Check v2", "After the call"]
