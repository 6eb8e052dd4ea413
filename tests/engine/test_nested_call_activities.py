"""Call activities to any depth: a called process that calls a third one runs, each bound as Camunda 7 binds it;
calls that come back round (A calls B, which calls A) run too (tests/engine/test_calls_back.py)."""
from pathlib import Path

import pytest

from app.workflow.instances.lifecycle import start_instance
from app.workflow.tasks.tasklist import list_tasks
from engine.errors import DiagramRefused
from tests.engine.test_call_activities import work_through
from tests.engine.test_deployment import definitions, process


def calling(process_id: str, task_name: str, called: str | None) -> bytes:
    """Return a process that calls `called` (when given), then offers a task named `task_name`."""
    prefix = f"{process_id}_"
    call = (f'<bpmn:callActivity id="{prefix}call" calledElement="{called}"/>'
            f'<bpmn:sequenceFlow id="{prefix}f2" sourceRef="{prefix}call" targetRef="{prefix}task"/>'
            if called else "")
    first = f"{prefix}call" if called else f"{prefix}task"
    return definitions(process(process_id, (
        f'<bpmn:startEvent id="{prefix}start"/>'
        f'<bpmn:sequenceFlow id="{prefix}f1" sourceRef="{prefix}start" targetRef="{first}"/>{call}'
        f'<bpmn:userTask id="{prefix}task" name="{task_name}" camunda:candidateGroups="service-desk"/>'
        f'<bpmn:sequenceFlow id="{prefix}f3" sourceRef="{prefix}task" targetRef="{prefix}end"/>'
        f'<bpmn:endEvent id="{prefix}end"/>')))


def refused_at_deploy(diagram: bytes, process_id: str) -> bytes:
    """Return a diagram made unfit to deploy: its end event compensates, which FlowDesk refuses."""
    end = f'<bpmn:endEvent id="{process_id}_end"/>'.encode()
    return diagram.replace(end, end[:-2] + b"><bpmn:compensateEventDefinition/></bpmn:endEvent>")


def write(tmp_path: Path, name: str, content: bytes) -> str:
    """Write a diagram to a file of its own folder (one name per folder, so versions can share a name)."""
    folder = tmp_path / f"{name}-{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    (folder / name).write_bytes(content)
    return str(folder / name)


@pytest.fixture
def chain(tmp_path: Path) -> dict[str, str]:
    """Three files: 'order' calls 'billing', which calls 'ledger'."""
    return {"order": write(tmp_path, "order.bpmn", calling("order", "Confirm the order", "billing")),
            "billing": write(tmp_path, "billing.bpmn", calling("billing", "Send the bill", "ledger")),
            "ledger": write(tmp_path, "ledger.bpmn", calling("ledger", "Book it v1", None))}


@pytest.mark.parametrize("order", [("order", "billing", "ledger"), ("ledger", "billing", "order"),
                                   ("billing", "order", "ledger")])
def test_three_levels_of_calls_deployed_in_one_command_run_in_any_order(cli, demo, runtime, chain, order) -> None:
    result = cli("deploy", *(chain[name] for name in order))
    assert result.exit_code == 0, result.stderr
    instance_id = start_instance(runtime, "order", {})
    assert work_through(runtime, instance_id) == ["Book it v1", "Send the bill", "Confirm the order"]


def test_a_caller_deployed_alone_runs_the_callee_of_its_callee(cli, demo, runtime, chain) -> None:
    for name in ("ledger", "billing", "order"):
        assert cli("deploy", chain[name]).exit_code == 0
    instance_id = start_instance(runtime, "order", {})
    assert work_through(runtime, instance_id) == ["Book it v1", "Send the bill", "Confirm the order"]


def test_the_deepest_callee_deployed_anew_runs_in_new_instances_and_not_in_a_call_under_way(
        cli, demo, runtime, chain, tmp_path) -> None:
    assert cli("deploy", chain["ledger"], chain["billing"], chain["order"]).exit_code == 0
    under_way = start_instance(runtime, "order", {})
    assert [t.name for t in list_tasks(instance_id=under_way)] == ["Book it v1"]
    assert cli("deploy", write(tmp_path, "ledger.bpmn", calling("ledger", "Book it v2", None))).exit_code == 0
    assert work_through(runtime, under_way) == ["Book it v1", "Send the bill", "Confirm the order"]
    assert work_through(runtime, start_instance(runtime, "order", {}))[0] == "Book it v2"


def test_a_missing_callee_of_a_callee_is_refused_naming_the_callers_call_activity(runtime) -> None:
    with pytest.raises(DiagramRefused) as refused:
        runtime.engine.parse(calling("order", "Confirm", "billing"), "order.bpmn",
                             {"billing": calling("billing", "Bill", "ledger")})
    assert refused.value.element_id == "order_call"
    assert "calls 'billing', which calls process 'ledger' (call activity 'billing_call'), which is not deployed" \
        in refused.value.reason


def test_a_caller_deployed_with_a_refused_callee_is_refused_naming_the_callee_file(cli, demo, tmp_path) -> None:
    broken = refused_at_deploy(calling("billing", "Send the bill", None), "billing")
    result = cli("deploy", write(tmp_path, "order.bpmn", calling("order", "Confirm the order", "billing")),
                 write(tmp_path, "billing.bpmn", broken))
    assert result.exit_code == 1
    assert ("order.bpmn: element 'order_call': the call activity calls process 'billing' of billing.bpmn, which "
            "was refused; fix that file and deploy both again") in result.stderr
    assert "No process is deployed." in cli("processes").stdout


def test_callee_deployed_beside_an_unrelated_refused_file_is_stored(cli, demo, tmp_path, chain) -> None:
    broken = refused_at_deploy(calling("other", "Other", None), "other")
    result = cli("deploy", write(tmp_path, "other.bpmn", broken), chain["ledger"])
    assert result.exit_code == 1
    assert "ledger" in cli("processes").stdout
