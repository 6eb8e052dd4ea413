"""Moving running instances to another version: mapping, refusals that write nothing, timers, the end of the road."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.platform.errors import InvalidValues, NotAllowed
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.migration.moves import execute_migration, preview_migration
from app.workflow.migration.plan import MigrationPlan
from app.workflow.models import ProcessInstance, Timer
from app.workflow.tasks.actions import claim_task, complete_task
from tests.studio.purchases import V1_TO_V2, open_task


def stored(instance_id: int) -> tuple[int, int, int]:
    """Return an instance's definition id, lock version and history length."""
    row = db.session.get(ProcessInstance, instance_id)
    found = (row.definition_id, row.lock_version, len(list_history(instance_stream(instance_id))))
    db.session.rollback()
    return found


def timers_of(instance_id: int) -> dict[str, object]:
    """Return an instance's timer rows: element id -> due time."""
    rows = db.session.execute(select(Timer.element_id, Timer.due_at).where(Timer.instance_id == instance_id)).all()
    db.session.rollback()
    return dict(rows)


def test_same_id_elements_map_automatically_and_the_rest_is_named(runtime, purchases, make_actor) -> None:
    preview = preview_migration(runtime, make_actor("olga", "process_owner"), MigrationPlan(**V1_TO_V2))
    lines = {line.element.id: line.target_id for line in preview.mapping}
    assert lines["review"] == "review" and lines["review_overdue"] == "review_overdue"
    assert lines["approve"] is None
    refused = {report.instance_id: report.refused for report in preview.reports}
    assert refused == {purchases["review"]: False, purchases["approve"]: True}


def test_refused_instance_is_named_and_writes_nothing(runtime, purchases, make_actor) -> None:
    before = stored(purchases["approve"])
    result = execute_migration(runtime, make_actor("olga", "process_owner"), MigrationPlan(**V1_TO_V2))
    assert result.migrated == [purchases["review"]]
    assert "'approve'" in result.refused[purchases["approve"]]
    assert stored(purchases["approve"]) == before


def test_hand_mapping_moves_an_instance_that_then_runs_to_its_end(runtime, purchases, make_actor) -> None:
    plan = MigrationPlan(**V1_TO_V2, by_hand={"approve": "sign_off"})
    task_before = open_task(purchases["approve"]).id
    result = execute_migration(runtime, make_actor("olga", "process_owner"), plan)
    assert sorted(result.migrated) == sorted(purchases.values())
    task = open_task(purchases["approve"])
    assert (task.id, task.element_id, task.name) == (task_before, "sign_off", "Sign the purchase off")
    events = [e for e in list_history(instance_stream(purchases["approve"])) if e.kind == "instance_migrated"]
    assert len(events) == 1 and events[0].data["mapping"] == {"approve": "sign_off"}
    complete_task(runtime, task.id, "mona", {})
    complete_task(runtime, open_task(purchases["approve"]).id, "sam", {})
    assert db.session.get(ProcessInstance, purchases["approve"]).status == "completed"


def test_kept_timer_keeps_its_due_time_and_an_added_one_starts_waiting(runtime, purchases, make_actor, clock) -> None:
    due = timers_of(purchases["review"])["review_overdue"]
    execute_migration(runtime, make_actor("olga", "process_owner"), MigrationPlan(**V1_TO_V2))
    timers = timers_of(purchases["review"])
    assert timers == {"review_overdue": due, "review_reminder": clock.now() + timedelta(hours=2)}


def test_restarted_timer_starts_again_with_the_new_duration(runtime, purchases, make_actor, clock) -> None:
    plan = MigrationPlan(**V1_TO_V2, timers={"review_overdue": "restart"})
    execute_migration(runtime, make_actor("olga", "process_owner"), plan)
    assert timers_of(purchases["review"])["review_overdue"] == clock.now() + timedelta(hours=4)


def test_agent_may_not_migrate_and_nothing_moves(runtime, purchases, make_actor) -> None:
    before = stored(purchases["review"])
    with pytest.raises(NotAllowed, match="only process owners and administrators"):
        execute_migration(runtime, make_actor("sam", "agent"), MigrationPlan(**V1_TO_V2))
    assert stored(purchases["review"]) == before


def test_mapping_to_an_unknown_element_is_refused_with_a_sentence(runtime, purchases, make_actor) -> None:
    with pytest.raises(InvalidValues, match="Version 2 has no element 'nowhere'"):
        preview_migration(runtime, make_actor("olga", "process_owner"),
                          MigrationPlan(**V1_TO_V2, by_hand={"approve": "nowhere"}))


def test_claimed_task_keeps_its_assignee_after_the_move(runtime, purchases, make_actor) -> None:
    claim_task(runtime, open_task(purchases["review"]).id, "sam")
    execute_migration(runtime, make_actor("olga", "process_owner"), MigrationPlan(**V1_TO_V2))
    assert open_task(purchases["review"]).assignee == "sam"


def test_step_filter_moves_only_the_instances_at_that_step(runtime, purchases, make_actor) -> None:
    plan = MigrationPlan(**V1_TO_V2, at_step="review")
    result = execute_migration(runtime, make_actor("adam", "admin"), plan)
    assert (result.migrated, result.refused) == ([purchases["review"]], {})


def test_boundary_event_the_target_lacks_stops_waiting_and_the_move_goes_on(runtime, purchases, make_actor) -> None:
    owner = make_actor("olga", "process_owner")
    execute_migration(runtime, owner, MigrationPlan(**V1_TO_V2, at_step="review"))
    back = execute_migration(runtime, owner, MigrationPlan("purchase", 2, 1))
    assert back.migrated == [purchases["review"]]
    assert set(timers_of(purchases["review"])) == {"review_overdue"}
