"""The task inbox: my tasks and the group queue, claim and release, filters, order, keyset pages, empty states."""
import re
from datetime import UTC, datetime, timedelta

import pytest

from app.workflow.instances.lifecycle import start_instance
from app.workflow.tasks.actions import claim_task
from app.workflow.tasks.tasklist import list_tasks

NOW = datetime(2030, 1, 1, tzinfo=UTC)  # the FixedClock's time
ROW = re.compile(r'<tr class="([^"]*)" data-task-id="([^"]+)">')


@pytest.fixture
def inbox(deploy, demo) -> None:
    """Deploy the one-task diagram whose group, named candidate, due date and priority come from variables."""
    deploy("inbox_task.bpmn")


def offer(runtime, key: str, group: str | None = "service-desk", person: str | None = None,
          due_in_hours: float | None = None, priority: int | None = None) -> str:
    """Start an inbox_task instance and return its task id."""
    due = (NOW + timedelta(hours=due_in_hours)).isoformat() if due_in_hours is not None else None
    instance_id = start_instance(runtime, "inbox_task", {"group": group, "person": person, "due": due,
                                                         "priority": priority}, business_key=key)
    (task,) = list_tasks(instance_id=instance_id)
    return task.id


def listed(response) -> list[str]:
    """Return the task ids of the rows a list page shows, in order."""
    assert response.status_code == 200, response.status_code
    return [task_id for _, task_id in ROW.findall(response.get_data(as_text=True))]


def row_classes(response) -> dict[str, str]:
    """Return each listed task's row classes."""
    return {task_id: classes for classes, task_id in ROW.findall(response.get_data(as_text=True))}


def next_link(response) -> str | None:
    """Return the "Next page" address of a list page, if it has one."""
    found = re.search(r'<a href="([^"]+)" rel="next">', response.get_data(as_text=True))
    return found.group(1).replace("&amp;", "&") if found else None


# --- what each list holds ---------------------------------------------------------------------

def test_agent_sees_only_tasks_assigned_to_them_under_my_tasks(client, runtime, inbox, sign_in) -> None:
    mine = offer(runtime, "INC-1")
    offer(runtime, "INC-2")
    claim_task(runtime, mine, "sam")
    sign_in("sam")
    assert listed(client.get("/inbox")) == [mine]


def test_group_queue_holds_unclaimed_tasks_offered_to_my_groups_or_to_me_by_name(client, runtime, inbox,
                                                                                  sign_in) -> None:
    for_group = offer(runtime, "INC-1", due_in_hours=1)
    for_me = offer(runtime, "INC-2", group=None, person="sam", due_in_hours=2)
    offer(runtime, "INC-3", group="second-line")
    claimed = offer(runtime, "INC-4")
    claim_task(runtime, claimed, "sam")
    sign_in("sam")
    assert listed(client.get("/inbox/queue")) == [for_group, for_me]


def test_requester_is_refused_the_inbox(client, inbox, sign_in) -> None:
    sign_in("rita")
    assert client.get("/inbox").status_code == 403


def test_requester_is_refused_the_group_queue(client, inbox, sign_in) -> None:
    sign_in("rita")
    assert client.get("/inbox/queue").status_code == 403


def test_my_tasks_says_how_to_get_work_when_empty(client, inbox, sign_in) -> None:
    sign_in("sam")
    assert "No tasks assigned to you. Claim one from the group queue." in client.get("/inbox").get_data(as_text=True)


def test_group_queue_says_it_is_empty_when_nothing_is_offered(client, runtime, inbox, sign_in) -> None:
    offer(runtime, "INC-1", group="second-line")
    sign_in("sam")
    assert "Your groups' queue is empty." in client.get("/inbox/queue").get_data(as_text=True)


def test_filters_that_match_nothing_say_so(client, runtime, inbox, sign_in) -> None:
    offer(runtime, "INC-1", priority=10)
    sign_in("sam")
    assert "No tasks match these filters." in client.get("/inbox/queue?priority=50").get_data(as_text=True)


# --- claim and release --------------------------------------------------------------------------

def test_claim_moves_a_task_from_the_queue_to_my_tasks(client, runtime, inbox, sign_in) -> None:
    task_id = offer(runtime, "INC-1")
    sign_in("sam")
    response = client.post(f"/tasks/{task_id}/claim", data={"next": "/inbox/queue?sort=priority"})
    assert response.headers["Location"] == "/inbox/queue?sort=priority"
    assert listed(client.get("/inbox/queue")) == []
    assert listed(client.get("/inbox")) == [task_id]


def test_claim_flashes_a_confirmation(client, runtime, inbox, sign_in) -> None:
    task_id = offer(runtime, "INC-1")
    sign_in("sam")
    page = client.post(f"/tasks/{task_id}/claim", follow_redirects=True).get_data(as_text=True)
    assert "Task claimed. You find it under My tasks." in page


def test_claim_of_a_task_someone_else_holds_is_refused_with_a_message(client, runtime, inbox, sign_in) -> None:
    task_id = offer(runtime, "INC-1", group="managers", person="sam")
    claim_task(runtime, task_id, "mona")
    sign_in("sam")
    page = client.post(f"/tasks/{task_id}/claim", follow_redirects=True).get_data(as_text=True)
    assert "You cannot claim this task: someone else has claimed it" in page


def test_claim_refuses_a_return_address_outside_flowdesk(client, runtime, inbox, sign_in) -> None:
    task_id = offer(runtime, "INC-1")
    sign_in("sam")
    response = client.post(f"/tasks/{task_id}/claim", data={"next": "https://evil.example/"})
    assert response.headers["Location"] == "/inbox/queue"


def test_release_puts_my_task_back_into_the_queue(client, runtime, inbox, sign_in) -> None:
    task_id = offer(runtime, "INC-1")
    claim_task(runtime, task_id, "sam")
    sign_in("sam")
    response = client.post(f"/tasks/{task_id}/release", data={"next": "/inbox"})
    assert response.headers["Location"] == "/inbox"
    assert listed(client.get("/inbox")) == []
    assert listed(client.get("/inbox/queue")) == [task_id]


def test_release_of_a_task_that_is_not_mine_is_refused_with_a_message(client, runtime, inbox, sign_in) -> None:
    task_id = offer(runtime, "INC-1")
    sign_in("sam")
    page = client.post(f"/tasks/{task_id}/release", follow_redirects=True).get_data(as_text=True)
    assert "You cannot release this task because it is not assigned to you." in page


def test_nav_badge_counts_my_tasks_after_a_claim(client, runtime, inbox, sign_in) -> None:
    task_id = offer(runtime, "INC-1")
    sign_in("sam")
    badge = re.compile(r'data-testid="my-task-count">(\d+)<')
    assert badge.search(client.get("/inbox/queue").get_data(as_text=True)) is None  # hidden at zero
    client.post(f"/tasks/{task_id}/claim")
    assert badge.search(client.get("/inbox/queue").get_data(as_text=True)).group(1) == "1"


# --- filters --------------------------------------------------------------------------------------

def test_process_filter_keeps_tasks_of_that_process(client, runtime, inbox, deploy, sign_in) -> None:
    deploy("every_field.bpmn")
    offer(runtime, "INC-1")
    instance_id = start_instance(runtime, "every_field", {"reference": "REF-1"})
    (form_task,) = list_tasks(instance_id=instance_id)
    sign_in("sam")
    assert listed(client.get("/inbox/queue?process=every_field")) == [form_task.id]


def test_priority_filter_keeps_tasks_of_at_least_that_priority(client, runtime, inbox, sign_in) -> None:
    high = offer(runtime, "INC-1", priority=80)
    offer(runtime, "INC-2", priority=20)
    offer(runtime, "INC-3")
    exact = offer(runtime, "INC-4", priority=50)
    sign_in("sam")
    assert set(listed(client.get("/inbox/queue?priority=50"))) == {high, exact}


def test_group_filter_keeps_tasks_offered_to_that_group(client, runtime, inbox, sign_in) -> None:
    cab = offer(runtime, "CHG-1", group="cab")
    offer(runtime, "CHG-2", group="managers")
    sign_in("mona")
    assert listed(client.get("/inbox/queue?group=cab")) == [cab]


def test_group_filter_ignores_a_group_i_am_not_in(client, runtime, inbox, sign_in) -> None:
    offer(runtime, "INC-1", group="second-line")
    mine = offer(runtime, "INC-2")
    sign_in("sam")
    assert listed(client.get("/inbox/queue?group=second-line")) == [mine]


def test_overdue_filter_keeps_tasks_past_their_due_time(client, runtime, inbox, sign_in, clock) -> None:
    late = offer(runtime, "INC-1", due_in_hours=1)
    offer(runtime, "INC-2", due_in_hours=5)
    offer(runtime, "INC-3")
    clock.advance(hours=2)
    sign_in("sam")
    assert listed(client.get("/inbox/queue?overdue=1")) == [late]


def test_overdue_and_due_soon_rows_stand_out(client, runtime, inbox, sign_in, clock) -> None:
    late = offer(runtime, "INC-1", due_in_hours=1)
    soon = offer(runtime, "INC-2", due_in_hours=5)
    later = offer(runtime, "INC-3", due_in_hours=7)
    clock.advance(hours=2)
    sign_in("sam")
    classes = row_classes(client.get("/inbox/queue"))
    assert (classes[late], classes[soon], classes[later]) == ("overdue", "due-soon", "")


# --- order and pages ------------------------------------------------------------------------------

def test_queue_is_sorted_by_due_date_with_undated_tasks_last(client, runtime, inbox, sign_in) -> None:
    undated = offer(runtime, "INC-1")
    later = offer(runtime, "INC-2", due_in_hours=8)
    sooner = offer(runtime, "INC-3", due_in_hours=2)
    sign_in("sam")
    assert listed(client.get("/inbox/queue")) == [sooner, later, undated]


def test_queue_sorted_by_priority_puts_the_highest_first_and_unprioritised_last(client, runtime, inbox,
                                                                                  sign_in) -> None:
    none = offer(runtime, "INC-1")
    low = offer(runtime, "INC-2", priority=10)
    high = offer(runtime, "INC-3", priority=90)
    sign_in("sam")
    assert listed(client.get("/inbox/queue?sort=priority")) == [high, low, none]


def test_next_page_continues_after_the_last_row_into_the_undated_tasks(client, runtime, inbox, sign_in) -> None:
    dated = [offer(runtime, f"INC-{n}", due_in_hours=n + 1) for n in range(48)]
    undated = sorted(offer(runtime, f"INC-U{n}") for n in range(7))
    sign_in("sam")
    first = client.get("/inbox/queue")
    second = client.get(next_link(first))
    assert listed(first) + listed(second) == dated + undated
    assert (len(listed(first)), next_link(second)) == (50, None)


def test_next_page_by_priority_keeps_the_filters_and_skips_nothing(client, runtime, inbox, sign_in) -> None:
    tasks = [(offer(runtime, f"INC-{n}", priority=n % 10), n) for n in range(53)]
    offer(runtime, "INC-other", group="second-line", priority=5)
    sign_in("sam")
    first = client.get("/inbox/queue?sort=priority&priority=0")
    second = client.get(next_link(first))
    expected = sorted(tasks, key=lambda task: (task[1] % 10, task[0]), reverse=True)
    assert listed(first) + listed(second) == [task_id for task_id, _ in expected]
    assert "priority=0" in next_link(first)


def test_previous_page_goes_back_to_the_first_page(client, runtime, inbox, sign_in) -> None:
    dated = [offer(runtime, f"INC-{n}", due_in_hours=n % 3) for n in range(51)]
    undated = sorted(offer(runtime, f"INC-U{n}") for n in range(2))
    sign_in("sam")
    first = client.get("/inbox/queue")
    second = client.get(next_link(first))
    back = client.get(previous_link(second))
    assert listed(back) == listed(first)
    assert sorted(listed(first) + listed(second)) == sorted(dated + undated)
    assert (previous_link(first), next_link(back)) == (None, next_link(first))


def previous_link(response) -> str | None:
    """Return the "Previous page" address of a list page, if it has one."""
    found = re.search(r'<a href="([^"]+)" rel="prev">', response.get_data(as_text=True))
    return found.group(1).replace("&amp;", "&") if found else None


def test_a_damaged_cursor_shows_the_first_page_with_a_note(client, runtime, inbox, sign_in) -> None:
    task_id = offer(runtime, "INC-1", due_in_hours=1)
    sign_in("sam")
    for cursor in ("after=not-a-cursor", "before=bm90LWEtY3Vyc29y", "sort=priority&after=WyJkdWUiLCIiLCJ4Il0"):
        response = client.get(f"/inbox/queue?{cursor}")
        assert listed(response) == [task_id]
        assert "A page link was damaged, so a list starts from the beginning again." in response.get_data(as_text=True)


def test_queue_marks_a_task_drawn_for_nobody_and_admins_find_it_there(client, runtime, inbox, sign_in) -> None:
    drawn = offer(runtime, "INC-1", due_in_hours=1)
    nobodys = offer(runtime, "INC-2", group=None, due_in_hours=2)
    sign_in("sam")
    page = client.get("/inbox/queue")
    assert listed(page) == [drawn, nobodys]
    assert page.get_data(as_text=True).count('data-testid="unassigned-queue"') == 1
    client.post("/logout")
    sign_in("adam")
    admins = client.get("/inbox/queue")
    assert listed(admins) == [nobodys]
    assert "Drawn for nobody: the queue of service-desk" in admins.get_data(as_text=True)
