"""The working queue: rows say what each task's ticket is, urgent work sorts first, bulk claim, the badge."""
from datetime import timedelta
from pathlib import Path

import lxml.html
import pytest

from app.organisation.groups import add_member
from app.organisation.policies import system_actor
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.lifecycle import start_instance
from app.workflow.tasks.actions import claim_task
from app.workflow.tasks.tasklist import list_tasks
from tests.incident.conftest import MONDAY_10, PROCESSES, Desk

DIAGRAMS = Path(__file__).parents[1] / "diagrams"


@pytest.fixture
def queue_desk(runtime, clock, demo) -> Desk:  # type: ignore[no-untyped-def]
    """The demo organisation on a Monday morning, the shipped incident flow and the one-task test diagram."""
    clock.set(MONDAY_10)
    deploy_diagram(runtime, (PROCESSES / "incident.bpmn").read_bytes(), "incident.bpmn", "olga")
    deploy_diagram(runtime, (DIAGRAMS / "inbox_task.bpmn").read_bytes(), "inbox_task.bpmn", "olga")
    return Desk(runtime, clock)


def routine(runtime, key: str, group: str, due_in_hours: float) -> str:  # type: ignore[no-untyped-def]
    """Offer a routine task to a group, due some hours from Monday 10:00; return its id."""
    due = (MONDAY_10 + timedelta(hours=due_in_hours)).isoformat()
    instance_id = start_instance(runtime, "inbox_task", {"group": group, "person": None, "due": due,
                                                         "priority": 10}, business_key=key)
    (task,) = list_tasks(instance_id=instance_id)
    return task.id


def rows(response) -> list[lxml.html.HtmlElement]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.get_data(as_text=True)).xpath("//tr[@data-task-id]")


def test_agent_sees_the_ticket_title_requester_priority_and_sla_in_a_queue_row(queue_desk: Desk, client,
                                                                                 sign_in) -> None:
    queue_desk.log(title="Mail server down", impact="high", urgency="high")
    sign_in("sam")
    (row,) = rows(client.get("/inbox/queue"))
    ticket_link = row.xpath(".//a[@data-testid='row-ticket']")[0]
    assert ticket_link.get("href") == f"/tickets/{queue_desk.number}"
    assert "Mail server down" in ticket_link.text_content()
    assert "Rita" in row.text_content()
    priority = row.xpath(".//*[@data-testid='row-priority']")[0]
    assert priority.text_content() == "P1" and "p1" in priority.get("class")
    assert row.xpath(".//*[@data-testid='row-sla']")[0].text_content() == "On track"
    assert "left" in row.xpath(".//td[contains(@class, 'sla')]")[0].text_content()


def test_agent_sees_the_sla_breached_in_a_queue_row_once_the_target_passed(queue_desk: Desk, client,
                                                                            sign_in) -> None:
    ticket = queue_desk.log(impact="low", urgency="low")
    queue_desk.clock.set(ticket.resolution_due_at + timedelta(hours=1))
    sign_in("sam")
    (row,) = rows(client.get("/inbox/queue"))
    assert row.xpath(".//*[@data-testid='row-sla']")[0].text_content() == "Target missed"
    assert "late" in row.xpath(".//td[contains(@class, 'sla')]")[0].text_content()


def test_manager_sees_the_p1_approval_above_routine_work_when_sorted_by_due(queue_desk: Desk, runtime, client,
                                                                             sign_in) -> None:
    everyday = routine(runtime, "ROUTINE-1", "managers", due_in_hours=48)
    queue_desk.log(impact="high", urgency="high")
    queue_desk.classify(impact="high", urgency="high")
    approval = queue_desk.task("approve_major")
    sign_in("mona")
    assert [row.get("data-task-id") for row in rows(client.get("/inbox/queue?sort=due"))] == [approval.id, everyday]


def test_agent_claims_the_ticked_tasks_at_once(queue_desk: Desk, runtime, client, sign_in) -> None:
    first, second, third = (routine(runtime, f"R-{n}", "service-desk", n) for n in (1, 2, 3))
    sign_in("sam")
    response = client.post("/tasks/claim", data={"task_id": [first, third], "next": "/inbox/queue"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/inbox/queue")
    assert [row.get("data-task-id") for row in rows(client.get("/inbox"))] == [first, third]
    assert [row.get("data-task-id") for row in rows(client.get("/inbox/queue"))] == [second]


def test_agent_is_told_how_many_ticked_tasks_someone_else_claimed_first(queue_desk: Desk, runtime, client,
                                                                        sign_in) -> None:
    free, taken = routine(runtime, "R-1", "service-desk", 1), routine(runtime, "R-2", "service-desk", 2)
    add_member(system_actor(), "service-desk", "lee")
    claim_task(runtime, taken, "lee")
    sign_in("sam")
    text = client.post("/tasks/claim", data={"task_id": [free, taken]}, follow_redirects=True).get_data(as_text=True)
    assert "1 tasks claimed" in text and "1 tasks were not claimed" in text
    assert [row.get("data-task-id") for row in rows(client.get("/inbox"))] == [free]


def test_agent_claiming_nothing_ticked_is_asked_to_tick_first(queue_desk: Desk, client, sign_in) -> None:
    sign_in("sam")
    page = client.post("/tasks/claim", data={}, follow_redirects=True)
    assert "Tick the tasks to claim first." in page.get_data(as_text=True)


def test_requester_is_refused_bulk_claim(queue_desk: Desk, client, sign_in) -> None:
    sign_in("rita")
    assert client.post("/tasks/claim", data={"task_id": ["x"]}).status_code == 403


def test_agent_sees_no_task_badge_when_nothing_is_assigned(queue_desk: Desk, runtime, client, sign_in) -> None:
    sign_in("sam")
    page = lxml.html.fromstring(client.get("/inbox").get_data(as_text=True))
    assert not page.xpath("//*[@data-testid='my-task-count']")
    task_id = routine(runtime, "R-1", "service-desk", 1)
    claim_task(runtime, task_id, "sam")
    page = lxml.html.fromstring(client.get("/inbox").get_data(as_text=True))
    assert page.xpath("//*[@data-testid='my-task-count']")[0].text_content() == "1"
