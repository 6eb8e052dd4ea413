"""The API's task pages: the window fast path and the semi-join fallback give the same pages."""
import pytest

from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.workflow import tasklist as task_queries


@pytest.mark.parametrize("window_per_row", [1, 40])
def test_group_queue_skips_tasks_of_other_groups_whichever_path_reads_it(
        api, incident, task_of, clock, monkeypatch, window_per_row) -> None:
    monkeypatch.setattr(task_queries, "WINDOW_PER_ROW", window_per_row)
    first = incident("first")
    between = incident("between")
    api.post(f"/tasks/{task_of(between)}/complete", "sam", {"priority": "P3"})  # now due in 4 h, at second-line
    clock.advance(hours=4)
    last = incident("last")
    sam = actor_for(require_user("sam"))
    pages = [task_queries.list_task_page(sam, "group", limit=1)]
    while pages[-1].next_cursor:
        pages.append(task_queries.list_task_page(sam, "group", limit=1, after=pages[-1].next_cursor))
    assert [page.tasks[0].instance_id for page in pages] == [first, last]
