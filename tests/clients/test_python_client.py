"""Camunda's official Python external task client (PyPI camunda-external-task-client-python3), unchanged, on FlowDesk."""
import requests
from camunda.client.external_task_client import ExternalTaskClient
from camunda.external_task.external_task import ExternalTask
from camunda.external_task.external_task_worker import ExternalTaskWorker

from tests.clients.conftest import WORKER, WORKER_PASSWORD, LiveFlowDesk


def worker(live: LiveFlowDesk, bearer: bool = False) -> ExternalTaskWorker:
    """Return the client's worker, signed in by basic (or by the worker's API token)."""
    auth = {"auth_bearer": {"access_token": live.token}} if bearer else {
        "auth_basic": {"username": WORKER, "password": WORKER_PASSWORD}}
    return ExternalTaskWorker("py-worker", f"{live.engine_rest}", {
        "maxTasks": 1, "lockDuration": 10_000, "asyncResponseTimeout": 1000, "retries": 1, "retryTimeout": 0,
        "includeExtensionProperties": True, **auth})


def test_fetch_and_complete_with_variables(live: LiveFlowDesk) -> None:
    instance = live.start("charge_card", {"amount": 250}, "order-7")
    seen = {}

    def charge(task: ExternalTask):  # type: ignore[no-untyped-def]
        seen.update(amount=task.get_variable("amount"), currency=task.get_variable("currency"),
                    key=task.get_business_key(), gateway=task.get_extension_property("gateway"))
        return task.complete({"receipt": "R-1", "charged": True, "fee": 2.5, "lines": [1, 2]})

    worker(live).fetch_and_execute("charge-card", charge)
    assert seen == {"amount": 250, "currency": "EUR", "key": "order-7", "gateway": "acme-pay"}
    assert live.status(instance) == "completed"
    values = live.variables(instance)
    assert (values["receipt"], values["charged"], values["fee"], values["lines"]) == ("R-1", True, 2.5, [1, 2])
    assert live.history(instance, "external_task_completed")[0]["worker_id"] == "py-worker"


def test_failures_count_down_the_retries_to_an_incident(live: LiveFlowDesk) -> None:
    instance = live.start("charge_card", {"amount": 10})

    def fail(task: ExternalTask):  # type: ignore[no-untyped-def]
        return task.failure("bank down", "timeout after 30 s", max_retries=1, retry_timeout=0)

    client = worker(live, bearer=True)
    client.fetch_and_execute("charge-card", fail)  # retries 1 left
    assert live.status(instance) == "running"
    client.fetch_and_execute("charge-card", fail)  # the last one
    assert live.status(instance) == "running"  # the incident holds the task, not the instance
    [incident] = live.incidents(instance)
    assert [event["retries"] for event in live.history(instance, "external_task_failed")] == [1, 0]
    raw = ExternalTaskClient("py-raw", live.engine_rest, {"auth_bearer": {"access_token": live.token},
                                                          "asyncResponseTimeout": 500})
    assert raw.fetch_and_lock("charge-card") == []  # an incident is offered to no worker
    resolved = requests.put(f"{live.engine_rest}/external-task/{incident['task_id']}/retries", json={"retries": 2},
                            headers={"Authorization": f"Bearer {live.token}"}, timeout=10)
    assert resolved.status_code == 204, resolved.text
    assert live.incidents(instance) == []
    [task] = raw.fetch_and_lock("charge-card")
    assert task["retries"] == 2 and raw.complete(task["id"], {"paid": True})
    assert live.status(instance) == "completed"


def test_a_bpmn_error_routes_to_the_boundary_event(live: LiveFlowDesk) -> None:
    instance = live.start("charge_card", {"amount": 99})

    def decline(task: ExternalTask):  # type: ignore[no-untyped-def]
        return task.bpmn_error("card-declined", "Insufficient funds", {"reason": "funds"})

    worker(live).fetch_and_execute("charge-card", decline)
    assert live.open_tasks(instance) == ["call_customer"]
    assert live.variables(instance)["reason"] == "funds"
    assert live.history(instance, "external_task_bpmn_error")[0]["caught_by"] == "declined"


def test_the_corpus_external_tasks_are_worked(live: LiveFlowDesk) -> None:
    simple = live.start("SimpleExternalTaskProcess", {})
    payment = live.start("payment-retrieval", {"amount": 30.0, "item": "book"})
    client = ExternalTaskClient("py-raw", live.engine_rest, {"auth_basic": {
        "username": WORKER, "password": WORKER_PASSWORD}, "asyncResponseTimeout": 500})
    [simple_task] = client.fetch_and_lock("ATopic")
    [charge] = client.fetch_and_lock("charge-card")
    assert charge["variables"]["amount"]["value"] == 30.0
    assert client.complete(simple_task["id"], {"done": True})
    assert client.complete(charge["id"], {"paid": True})
    assert (live.status(simple), live.status(payment)) == ("completed", "completed")
    assert client.fetch_and_lock("charge-card") == []  # nothing left: an empty answer after the long poll
