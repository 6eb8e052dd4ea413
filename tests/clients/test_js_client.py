"""Camunda's official JavaScript external task client (npm camunda-external-task-client-js), unchanged, on FlowDesk."""
import json
import subprocess
from pathlib import Path
from typing import Any

from tests.clients.conftest import WORKER, WORKER_PASSWORD, LiveFlowDesk


def work_one_task(folder: Path, live: LiveFlowDesk, scenario: str) -> dict[str, Any]:
    """Run the client on one task of the charge-card topic; return what the task offered it."""
    done = subprocess.run(["node", str(folder / "worker.mjs"), live.engine_rest, scenario, WORKER, WORKER_PASSWORD],
                          capture_output=True, text=True, timeout=60, cwd=folder)
    assert done.returncode == 0, done.stdout + done.stderr
    offered: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[0])
    return offered


def test_fetch_and_complete_with_variables(node_client: Path, live: LiveFlowDesk) -> None:
    instance = live.start("charge_card", {"amount": 250}, "order-9")
    offered = work_one_task(node_client, live, "complete")
    assert {key: offered[key] for key in ("amount", "currency", "businessKey", "gateway")} == {
        "amount": 250, "currency": "EUR", "businessKey": "order-9", "gateway": "acme-pay"}
    assert live.status(instance) == "completed"
    values = live.variables(instance)
    assert (values["receipt"], values["details"], values["attempts"]) == ("R-2", {"bank": "ACME", "lines": [1, 2]}, 3)


def test_failures_count_down_the_retries_to_an_incident(node_client: Path, live: LiveFlowDesk) -> None:
    instance = live.start("charge_card", {"amount": 10})
    work_one_task(node_client, live, "retry")
    assert live.status(instance) == "running"  # offered again: the same worker fetches it once more
    work_one_task(node_client, live, "failure")
    assert live.status(instance) == "running"  # the incident holds the task, not the instance
    assert [incident["error_message"] for incident in live.incidents(instance)] == ["bank down"]
    failures = live.history(instance, "external_task_failed")
    assert [(event["worker_id"], event["error_message"], event["retries"]) for event in failures] == [
        ("js-worker", "bank down", 1), ("js-worker", "bank down", 0)]


def test_a_bpmn_error_routes_to_the_boundary_event(node_client: Path, live: LiveFlowDesk) -> None:
    instance = live.start("charge_card", {"amount": 99})
    work_one_task(node_client, live, "bpmnError")
    assert live.open_tasks(instance) == ["call_customer"]
    assert live.variables(instance)["reason"] == "funds"
