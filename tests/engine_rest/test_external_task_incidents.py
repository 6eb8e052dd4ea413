"""Incidents as Camunda 7 has them: a failed external task waits alone; its instance runs on and shows it."""
from sqlalchemy import select

from app.cli.workflow import describe_instance
from app.extensions import db
from app.organisation.policies import system_actor
from app.organisation.users import UserDetails, add_user
from app.wiring import current_runtime
from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.models import UserTask
from app.workflow.outside.external_tasks import TopicRequest, fetch_and_lock, report_failure
from app.workflow.tasks.actions import claim_task, complete_task
from app.workflow.tasks.tasklist import list_tasks
from app.workflow.timers import fire_due_timers
from tests.engine_rest.conftest import basic
from tests.engine_rest.test_external_tasks import fetch, kinds, post, status_of


def put(client, task_id: str, what: str, body: dict, login: str = "bot"):  # type: ignore[no-untyped-def]
    return client.put(f"/engine-rest/external-task/{task_id}/{what}", json=body, headers=basic(login))


def get(client, path: str, login: str = "bot"):  # type: ignore[no-untyped-def]
    response = client.get(f"/engine-rest/external-task{path}", headers=basic(login))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def fail_for_good(client, task_id: str, message: str = "bank down") -> None:  # type: ignore[no-untyped-def]
    failed = post(client, task_id, "failure", {"workerId": "w1", "errorMessage": message, "retries": 0})
    assert failed.status_code == 204, failed.get_data(as_text=True)


def test_incident_holds_only_its_task_while_the_timer_and_user_task_of_the_instance_run_on(
        runtime, deploy, client, workers, clock) -> None:
    add_user(runtime, system_actor(), "sam", ["service-desk"], details=UserDetails(roles=["agent"]))
    deploy("outside_worker_beside_people.bpmn")
    instance_id = start_instance(runtime, "charge_beside_packing", {}, actor="rita")
    [task] = fetch(client)
    fail_for_good(client, task["id"])
    assert status_of(instance_id) == "running"
    assert [i["element_id"] for i in show_instance(current_runtime(), instance_id).incidents] == ["charge"]
    clock.advance(hours=1, seconds=1)
    fire_due_timers(runtime)
    [pack] = list_tasks(instance_id=instance_id)
    claim_task(runtime, pack.id, "sam")
    complete_task(runtime, pack.id, "sam", {})
    assert status_of(instance_id) == "running"  # the join waits for the charge
    assert put(client, task["id"], "retries", {"retries": 2}).status_code == 204
    assert show_instance(current_runtime(), instance_id).incidents == []
    [again] = fetch(client)
    assert again["retries"] == 2
    assert post(client, again["id"], "complete", {"workerId": "w1"}).status_code == 204
    assert status_of(instance_id) == "completed"
    assert [k for k in kinds(instance_id) if k.startswith(("incident", "external_task_retries"))] == [
        "incident_raised", "external_task_retries_set", "incident_resolved"]


def test_setting_retries_to_zero_raises_an_incident_that_the_count_and_filters_show(client, charge) -> None:
    [task] = fetch(client)
    assert put(client, task["id"], "retries", {"retries": 0}).status_code == 204
    assert status_of(charge) == "running" and "incident_raised" in kinds(charge)
    assert get(client, "/count?noRetriesLeft=true") == {"count": 1}
    assert get(client, "/count?withRetriesLeft=true") == {"count": 0}
    assert [t["id"] for t in get(client, "?noRetriesLeft=true")] == [task["id"]]
    assert fetch(client, "w2") == []


def test_priority_set_by_an_operator_orders_fetch_with_use_priority(runtime, client, charge) -> None:
    small = start_instance(runtime, "charge_card", {"amount": 10}, actor="rita")
    [low] = get(client, f"?processInstanceId={small}")
    assert low["priority"] == 10
    assert put(client, low["id"], "priority", {"priority": 999}).status_code == 204
    [first] = fetch(client, usePriority=True, maxTasks=1)
    assert (first["id"], first["priority"]) == (low["id"], 999)
    assert "external_task_priority_set" in kinds(small)


def test_the_list_sorts_as_asked_and_counts_what_it_filters(runtime, client, charge) -> None:
    start_instance(runtime, "charge_card", {"amount": 10}, actor="rita")
    start_instance(runtime, "charge_card", {"amount": 500}, actor="rita")
    by_priority = get(client, "?sortBy=taskPriority&sortOrder=desc")
    assert [t["priority"] for t in by_priority] == [500, 250, 10]
    assert [t["priority"] for t in get(client, "?sortBy=taskPriority&sortOrder=asc")] == [10, 250, 500]
    assert get(client, "/count") == {"count": 3}
    assert get(client, "/count?topicName=nothing") == {"count": 0}


def test_bad_sorting_and_unknown_parameters_are_refused_naming_them(client, charge) -> None:
    alone = client.get("/engine-rest/external-task?sortBy=taskPriority", headers=basic("bot"))
    assert alone.status_code == 400 and "sortOrder" in alone.get_json()["message"]
    unknown = client.get("/engine-rest/external-task?sortBy=tenantId&sortOrder=asc", headers=basic("bot"))
    assert unknown.status_code == 400 and "tenantId" in unknown.get_json()["message"]
    paged = client.get("/engine-rest/external-task/count?maxResults=3", headers=basic("bot"))
    assert paged.status_code == 400 and "maxResults" in paged.get_json()["message"]
    negative = put(client, "anything", "retries", {"retries": -1})
    assert negative.status_code == 400 and "'retries'" in negative.get_json()["message"]


def test_requesters_may_not_set_retries_or_priority(client, charge) -> None:
    [task] = fetch(client)
    refused = put(client, task["id"], "retries", {"retries": 1}, login="rita")
    assert refused.status_code == 403 and refused.get_json()["type"] == "AuthorizationException"
    assert put(client, task["id"], "priority", {"priority": 1}, login="rita").status_code == 403


def fail_one_charge_for_good(runtime, deploy, message: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """Start a card charge and have a worker fail it with no retries left; return the instance and the task."""
    deploy("outside_worker.bpmn")
    instance_id = start_instance(runtime, "charge_card", {"amount": 5}, actor="rita")
    [task] = fetch_and_lock(runtime, "w1", 1, False, [TopicRequest("charge-card", 60_000)], "bot")
    report_failure(runtime, task.id, "w1", message, None, 0, 0, "bot")
    return instance_id, task.id


def test_the_instance_page_and_the_command_line_show_the_incident(runtime, deploy, client, demo, sign_in) -> None:
    instance_id, _task_id = fail_one_charge_for_good(runtime, deploy, "card gateway refused the connection")
    lines = describe_instance(show_instance(current_runtime(), instance_id).to_dict())
    assert any(line.startswith("Incident: charge (topic charge-card)") and "refused the connection" in line
               for line in lines)
    sign_in("adam")
    page = client.get(f"/instances/{instance_id}").get_data(as_text=True)
    assert 'data-testid="incidents"' in page and "card gateway refused the connection" in page
    assert db.session.execute(select(UserTask)).first() is None
