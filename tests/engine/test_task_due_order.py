"""The queue's "due" order: a task's own due time, else its ticket's resolution target; undated work by priority."""
from dataclasses import replace
from datetime import timedelta

import pytest

from app.extensions import db
from app.organisation.accounts import Actor, actor_for
from app.organisation.users import require_user
from app.servicedesk.tickets.models import Ticket
from app.workflow.instances.lifecycle import start_instance
from app.workflow.tasks.tasklist import TaskQuery, list_task_page, list_tasks

QUEUE = TaskQuery(scope="queue")


@pytest.fixture
def offer(deploy, demo, runtime, clock):  # type: ignore[no-untyped-def]
    """offer(key, due_in_hours=..., priority=...): offer a task to service-desk under a business key; return its id."""
    deploy("inbox_task.bpmn")

    def start(key: str, due_in_hours: float | None = None, priority: int | None = None) -> str:
        due = (clock.now() + timedelta(hours=due_in_hours)).isoformat() if due_in_hours is not None else None
        instance_id = start_instance(runtime, "inbox_task", {"group": "service-desk", "person": None, "due": due,
                                                             "priority": priority}, business_key=key)
        (task,) = list_tasks(instance_id=instance_id)
        return task.id
    return start


@pytest.fixture
def ticket(clock, demo):  # type: ignore[no-untyped-def]
    """ticket(number, target_in_hours, status="in_progress"): a ticket row whose resolution is due then."""
    def make(number: str, target_in_hours: float | None, status: str = "in_progress") -> None:
        now = clock.now()
        target = now + timedelta(hours=target_in_hours) if target_in_hours is not None else None
        db.session.add(Ticket(
            number=number, kind="incident", channel="portal", title=number, description="", requester="rita",
            impact="high", urgency="high", priority="P1", priority_source="matrix", priority_reason="",
            status=status, assigned_group="service-desk", reassignment_count=0, created_at=now, updated_at=now,
            resolution_due_at=target))
        db.session.commit()
    return make


def sam() -> Actor:
    """Return Sam of the service desk."""
    return actor_for(require_user("sam"))


def ids(query: TaskQuery = QUEUE) -> list[str]:
    """Return the ids of the first page of a query."""
    return [task.id for task in list_task_page(sam(), query).tasks]


def test_a_task_without_a_due_time_sorts_by_its_tickets_resolution_target(offer, ticket) -> None:
    routine = offer("ROUTINE-1", due_in_hours=5, priority=10)
    ticket("INC-1", target_in_hours=2)
    urgent = offer("INC-1", priority=90)
    ticket("INC-2", target_in_hours=10)
    later = offer("INC-2", priority=90)
    assert ids() == [urgent, routine, later]


def test_a_tasks_own_due_time_comes_before_its_tickets_target(offer, ticket) -> None:
    ticket("INC-1", target_in_hours=1)
    own = offer("INC-1", due_in_hours=8)
    routine = offer("ROUTINE-1", due_in_hours=4)
    assert ids() == [routine, own]


def test_tasks_due_at_no_time_come_after_the_dated_ones_highest_priority_first(offer, ticket) -> None:
    low, none, high = offer("X-1", priority=10), offer("X-2"), offer("X-3", priority=90)
    dated = offer("X-4", due_in_hours=100, priority=1)
    ticket("INC-9", target_in_hours=None)
    high_without_target = offer("INC-9", priority=80)  # a priority of its own: equal ones order by task id
    assert ids() == [dated, high, high_without_target, low, none]


def test_a_finished_tickets_target_no_longer_dates_its_task(offer, ticket) -> None:
    ticket("INC-1", target_in_hours=-3, status="resolved")
    confirm = offer("INC-1", priority=50)
    routine = offer("ROUTINE-1", due_in_hours=4)
    assert ids() == [routine, confirm]


def test_overdue_filter_holds_the_tasks_whose_ticket_target_passed(offer, ticket, clock) -> None:
    ticket("INC-1", target_in_hours=-1)
    late = offer("INC-1", priority=90)
    offer("ROUTINE-1", due_in_hours=4)
    offer("X-1", priority=90)
    assert ids(replace(QUEUE, due_before=clock.now())) == [late]


def test_pages_of_the_due_order_read_the_same_forwards_and_backwards(offer, ticket) -> None:
    for n in range(12):
        if n % 3 == 0:
            ticket(f"INC-{n}", target_in_hours=n - 5)
        offer(f"INC-{n}" if n % 3 == 0 else f"X-{n}", due_in_hours=n % 2 * 3 if n % 3 == 1 else None,
              priority=(None, 10, 10, 90)[n % 4])
    everything = ids()
    forward = [list_task_page(sam(), QUEUE, limit=2)]
    while forward[-1].next_after is not None:
        forward.append(list_task_page(sam(), QUEUE, after=forward[-1].next_after, limit=2))
    backward = [forward[-1]]
    while backward[-1].previous_before is not None:
        backward.append(list_task_page(sam(), QUEUE, before=backward[-1].previous_before, limit=2))
    assert [task.id for page in forward for task in page.tasks] == everything
    assert [[t.id for t in page.tasks] for page in backward[::-1]] == [[t.id for t in page.tasks] for page in forward]
    assert len(everything) == 12
