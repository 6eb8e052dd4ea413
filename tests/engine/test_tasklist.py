"""The one reader of the task queue: who may list what, filters, both directions of keyset pages, cursors."""
from dataclasses import replace
from datetime import timedelta

import pytest

from app.organisation.accounts import Actor, actor_for
from app.organisation.users import require_user
from app.platform.cursors import write_cursor
from app.platform.errors import InvalidValues, NotAllowed
from app.workflow.instances.lifecycle import start_instance
from app.workflow.tasks import tasklist
from app.workflow.tasks.actions import claim_task
from app.workflow.tasks.tasklist import TaskQuery, find_task, list_task_page, list_tasks


@pytest.fixture
def offer(deploy, demo, runtime, clock):  # type: ignore[no-untyped-def]
    """offer(key, group=..., person=..., due_in_hours=..., priority=...): start an inbox task, return its id."""
    deploy("inbox_task.bpmn")

    def start(key: str, group: str | None = "service-desk", person: str | None = None,
              due_in_hours: float | None = None, priority: int | None = None) -> str:
        due = (clock.now() + timedelta(hours=due_in_hours)).isoformat() if due_in_hours is not None else None
        instance_id = start_instance(runtime, "inbox_task", {"group": group, "person": person, "due": due,
                                                             "priority": priority}, business_key=key)
        (task,) = list_tasks(instance_id=instance_id)
        return task.id
    return start


def actor(login: str) -> Actor:
    """Return a demo person's Actor."""
    return actor_for(require_user(login))


def ids(actor_: Actor, query: TaskQuery, limit: int = 50) -> list[str]:
    """Return the ids of the first page of a query."""
    return [task.id for task in list_task_page(actor_, query, limit=limit).tasks]


def every_page(actor_: Actor, query: TaskQuery, limit: int) -> list[list[str]]:
    """Follow a query's next cursors to the end; return each page's task ids."""
    pages = [list_task_page(actor_, query, limit=limit)]
    while pages[-1].next_after is not None:
        pages.append(list_task_page(actor_, query, after=pages[-1].next_after, limit=limit))
    return [[task.id for task in page.tasks] for page in pages]


# --- who may list what ----------------------------------------------------------------------------

@pytest.mark.parametrize("scope", ["mine", "queue"])
def test_requester_may_not_list_the_inbox(offer, scope) -> None:
    with pytest.raises(NotAllowed, match="rita may not use the task inbox"):
        list_task_page(actor("rita"), TaskQuery(scope=scope))


def test_agent_may_not_list_every_open_task(offer) -> None:
    with pytest.raises(NotAllowed, match="only admins may"):
        list_task_page(actor("sam"), TaskQuery(scope="all"))


def test_admin_lists_every_open_task_whoever_it_is_offered_to(offer, runtime) -> None:
    claimed = offer("INC-1")
    tasks = {claimed, offer("INC-2", group="cab"), offer("INC-3", group=None, person="rita")}
    claim_task(runtime, claimed, "sam")
    assert set(ids(actor("adam"), TaskQuery(scope="all"))) == tasks


def test_requester_may_list_the_tasks_offered_to_them_by_name_but_not_those_claimed_by_others(offer,
                                                                                                runtime) -> None:
    answer = offer("INC-1", group=None, person="rita")
    claimed = offer("INC-2", group="service-desk", person="rita")
    offer("INC-3")
    claim_task(runtime, claimed, "sam")
    assert ids(actor("rita"), TaskQuery(scope="workable")) == [answer]


def test_workable_holds_my_tasks_and_the_unclaimed_ones_offered_to_me(offer, runtime) -> None:
    mine = offer("INC-1", due_in_hours=1)
    queued = offer("INC-2", due_in_hours=2)
    elsewhere = offer("INC-3", group="second-line", due_in_hours=3)
    claim_task(runtime, mine, "sam")
    claim_task(runtime, offer("INC-4", group="managers", person="sam", due_in_hours=4), "mona")
    assert ids(actor("sam"), TaskQuery(scope="workable")) == [mine, queued]
    assert ids(actor("lee"), TaskQuery(scope="workable")) == [elsewhere]


def test_group_filter_of_a_group_i_am_not_in_keeps_only_tasks_offered_to_me_as_well(offer) -> None:
    offer("CHG-1", group="cab")
    to_me_too = offer("CHG-2", group="cab", person="sam")
    offer("INC-1")
    assert ids(actor("sam"), TaskQuery(scope="queue", group="cab")) == [to_me_too]


def test_group_filter_of_my_group_keeps_that_groups_offers(offer) -> None:
    cab = offer("CHG-1", group="cab")
    offer("CHG-2", group="managers")
    offer("CHG-3", group="second-line", person="mona")
    assert ids(actor("mona"), TaskQuery(scope="queue", group="cab")) == [cab]


def test_instance_filter_keeps_the_instances_tasks(offer) -> None:
    task = find_task(offer("INC-1"))
    offer("INC-2")
    assert task is not None
    assert ids(actor("adam"), TaskQuery(scope="all", instance_id=task.instance_id)) == [task.id]


def test_due_before_filter_keeps_the_tasks_due_earlier(offer, clock) -> None:
    late = offer("INC-1", due_in_hours=1)
    offer("INC-2", due_in_hours=3)
    offer("INC-3")
    query = TaskQuery(scope="queue", due_before=clock.now() + timedelta(hours=2))
    assert ids(actor("sam"), query) == [late]
    assert ids(actor("sam"), replace(query, sort="priority")) == [late]


# --- pages in both directions -------------------------------------------------------------------------

@pytest.fixture
def crowded(offer):  # type: ignore[no-untyped-def]
    """Eleven tasks for service-desk with ties on due time and priority, and some without either."""
    for n in range(11):
        offer(f"INC-{n}", due_in_hours=None if n % 4 == 0 else n % 2, priority=None if n % 5 == 0 else n % 3 * 10)


@pytest.mark.parametrize("query", [TaskQuery(scope="queue"), TaskQuery(scope="queue", sort="priority"),
                                   TaskQuery(scope="queue", min_priority=10, sort="priority")])
def test_pages_before_a_cursor_are_the_pages_after_it_read_backwards(crowded, query) -> None:
    sam = actor("sam")
    forward = [list_task_page(sam, query, limit=2)]
    while forward[-1].next_after is not None:
        forward.append(list_task_page(sam, query, after=forward[-1].next_after, limit=2))
    backward = [forward[-1]]
    while backward[-1].previous_before is not None:
        backward.append(list_task_page(sam, query, before=backward[-1].previous_before, limit=2))
    assert [[t.id for t in page.tasks] for page in backward[::-1]] == [[t.id for t in page.tasks] for page in forward]
    assert len(forward) >= 3
    assert forward[0].previous_before is None


def test_the_page_before_the_first_undated_task_ends_with_the_last_dated_ones(crowded) -> None:
    sam = actor("sam")
    everything = list_task_page(sam, TaskQuery(scope="queue")).tasks
    dated = [task.id for task in everything if task.due_at is not None]
    first_undated = next(task for task in everything if task.due_at is None)
    cursor = tasklist.write_position("due", first_undated)
    before = list_task_page(sam, TaskQuery(scope="queue"), before=cursor, limit=3)
    assert [task.id for task in before.tasks] == dated[-3:]
    assert before.next_after is not None and before.previous_before is not None


def test_the_page_before_the_first_task_is_empty(crowded) -> None:
    sam = actor("sam")
    first = list_task_page(sam, TaskQuery(scope="queue"), limit=2)
    back = list_task_page(sam, TaskQuery(scope="queue"), before=first.next_after, limit=2)
    assert ([task.id for task in back.tasks], back.previous_before) == ([first.tasks[0].id], None)
    head = first.tasks[0]
    assert head.due_at is not None
    nothing = list_task_page(sam, TaskQuery(scope="queue"), before=write_cursor("due", head.due_at.isoformat(), head.id))
    assert (nothing.tasks, nothing.next_after, nothing.previous_before) == ([], None, None)


def test_every_way_of_reading_the_queue_lists_the_same_tasks_page_after_page(offer, deploy, runtime,
                                                                             monkeypatch, clock) -> None:
    deploy("every_field.bpmn")
    for n in range(4):
        start_instance(runtime, "every_field", {"reference": f"REF-{n}"})
    for n in range(9):
        offer(f"INC-{n}", group=("service-desk", "cab", "second-line")[n % 3], person="sam" if n == 4 else None,
              due_in_hours=None if n % 4 == 0 else 5 - n, priority=None if n % 5 == 0 else n * 10)
    sam = replace(actor("sam"), groups=frozenset({"cab", "service-desk"}))
    base = TaskQuery(scope="queue")
    queries = [base, replace(base, sort="priority"), replace(base, due_before=clock.now()), replace(base, group="cab"),
               replace(base, process="every_field"), replace(base, min_priority=30, sort="priority")]
    for query in queries:
        read = {}
        for driver in ("offers", "process", "walk"):
            monkeypatch.setattr(tasklist, "queue_driver", lambda _shape, _params, chosen=driver: chosen)
            read[driver] = every_page(sam, query, limit=2)
        assert read["offers"] == read["process"] == read["walk"] and read["walk"][0], query


# --- cursors and refusals -----------------------------------------------------------------------------

@pytest.mark.parametrize("cursor", [
    "not-a-cursor",
    write_cursor("due", "2030-01-01T00:00:00", "x"),  # a moment without an offset
    write_cursor("due", "0001-01-01T00:00:00+14:00", "x"),  # a moment before the calendar begins in UTC
    write_cursor("priority", "", "x"),  # a cursor of the other order
    write_cursor("due", "x"),
    write_cursor("due", "", "x"),  # the tail of the due order has a rank
    write_cursor("due", "~x", "x"),
    write_cursor("due", f"~{-2**31}", "x"),  # no priority ranks there
])
def test_a_cursor_the_list_did_not_give_out_is_refused(offer, cursor) -> None:
    with pytest.raises(InvalidValues, match="The page cursor is not valid.") as refused:
        list_task_page(actor("sam"), TaskQuery(scope="queue"), after=cursor)
    assert list(refused.value.errors) == ["after"]


@pytest.mark.parametrize("cursor", [write_cursor("priority", "--5", "x"), write_cursor("priority", "²", "x"),
                                    write_cursor("priority", "9" * 19, "x"), write_cursor("priority", "2147483648", "x")])
def test_a_priority_cursor_that_names_no_priority_is_refused(offer, cursor) -> None:
    with pytest.raises(InvalidValues, match="The page cursor is not valid."):
        list_task_page(actor("sam"), TaskQuery(scope="queue", sort="priority"), before=cursor)


@pytest.mark.parametrize(("query", "limit", "field"), [
    (TaskQuery(scope="everything"), 50, "scope"),
    (TaskQuery(sort="name"), 50, "sort"),
    (TaskQuery(), 0, "limit"),
    (TaskQuery(), 201, "limit"),
    (TaskQuery(min_priority=2**31), 50, "min_priority"),
])
def test_a_query_out_of_range_is_refused_field_by_field(offer, query, limit, field) -> None:
    with pytest.raises(InvalidValues) as refused:
        list_task_page(actor("sam"), query, limit=limit)
    assert list(refused.value.errors) == [field]


def test_command_line_lists_more_tasks_than_one_page_holds(offer) -> None:
    for n in range(5):
        offer(f"INC-{n}", due_in_hours=n % 2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("app.workflow.tasks.tasklist.MAX_PAGE_SIZE", 2)
        listed = list_tasks(limit=4)
    assert len(listed) == 4 and len({task.id for task in listed}) == 4


def test_command_line_names_an_unknown_user(cli, offer) -> None:
    result = cli("tasks", "--user", "nobody")
    assert result.exit_code == 1
    assert "There is no user 'nobody'." in result.stderr
