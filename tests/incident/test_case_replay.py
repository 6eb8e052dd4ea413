"""Replaying an incident step by step: tokens on the recorded path, the data at each step, the timers and the SLA
clock as they stood, notes between steps, interventions marked, the hash chain judged event by event, and who may
replay what."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select, update

from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.platform.errors import NotFound
from app.servicedesk.processes.case_replay import CaseReplay, case_diagram, replay_case, verify_case
from app.servicedesk.tickets.notes import add_note
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.history import HISTORY_TABLE, event_hash, write_checkpoint
from app.workflow.instances.interventions import cancel_as_operator, set_variable_as_operator
from app.workflow.migration.moves import execute_migration
from app.workflow.migration.plan import MigrationPlan
from app.workflow.models import Timer
from tests.incident.conftest import Desk
from tests.incident.test_migrated_incident import VERSION_2


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def replay_as(desk: Desk, login: str) -> CaseReplay:
    db.session.expire_all()
    return replay_case(desk.runtime, actor_for(require_user(login)), desk.ticket.instance_id)


def step_of(case: CaseReplay, kind: str, element_id: str | None = None, nth: int = 0):  # type: ignore[no-untyped-def]
    found = [step for step in case.steps if step.step.kind == kind
             and (element_id is None or step.step.element_id == element_id)]
    assert len(found) > nth, f"no {kind} {element_id} step #{nth}: {[s.step.kind for s in case.steps]}"
    return found[nth]


def tokens(step) -> list[str]:  # type: ignore[no-untyped-def]
    return [token.element_id for token in step.step.tokens]


def accept(desk: Desk) -> None:
    desk.work("take_or_pass", desk.task("take_or_pass").assignee, decision="accept")


def escalated(desk: Desk) -> None:
    """An incident whose response target passes while it waits to be classified, then is resolved late."""
    desk.log()
    desk.at(utc(2026, 11, 23, 7, 0))  # Monday 15:00 Shanghai: the response target passes
    desk.clock.set(utc(2026, 11, 23, 7, 30))
    desk.classify()
    accept(desk)


def test_happy_path_moves_one_token_along_the_recorded_flows_and_ends_with_none(desk: Desk) -> None:
    desk.log()
    desk.classify()
    accept(desk)
    desk.work("resolve", desk.task("resolve").assignee, outcome="resolved", resolution="New toner.")
    desk.work("confirm_fix", "rita", confirmation="confirm")
    case = replay_as(desk, "audrey")
    assert [step.step.seq for step in case.steps] == list(range(1, len(case.steps) + 1))
    assert tokens(step_of(case, "task_ready", "classify")) == ["classify"]
    completed = step_of(case, "task_completed", "classify")
    assert tokens(completed) == [] and "classify" in completed.step.markers.done
    assert "f_clock" in completed.step.markers.taken
    assert tokens(step_of(case, "task_ready", "resolve")) == ["resolve"]
    last = case.steps[-1].step
    assert last.kind == "instance_completed" and last.tokens == ()
    assert {"classify", "take_or_pass", "resolve", "confirm_fix"} <= set(last.markers.done)
    assert "approve_major" not in last.markers.done and "f_needs_approval" not in last.markers.taken
    assert all(step.step.verified for step in case.steps) and case.replay.verdict.verified


def test_each_step_shows_its_data_diff_and_the_whole_data_as_of_then(desk: Desk) -> None:
    desk.log()
    desk.classify(impact="high", urgency="high")
    case = replay_as(desk, "audrey")
    started = case.steps[0].step
    assert started.kind == "instance_started" and started.data["title"] == "Printer jams"
    classified = step_of(case, "task_completed", "classify").step
    assert {(c.name, c.before, c.after) for c in classified.changes} >= {("impact", "medium", "high"),
                                                                         ("urgency", "medium", "high")}
    assert "impact" not in started.data  # the start_clock handler sets it: its step records that
    assert step_of(case, "topic_called", "start_clock").step.data["impact"] == "medium"
    assert classified.data["impact"] == "high"
    applied = step_of(case, "topic_called", "apply_classification").step
    assert {change.name for change in applied.changes} >= {"priority"}  # the handler's change is recorded
    assert applied.data["priority"] == "P1"


def test_boundary_timer_waits_with_its_due_time_and_goes_off_as_a_step(desk: Desk) -> None:
    escalated(desk)
    case = replay_as(desk, "audrey")
    ready = step_of(case, "task_ready", "classify").step
    assert [(t.element_id, t.due_at) for t in ready.timers] == [("response_breached_classify", utc(2026, 11, 23, 7))]
    fired = step_of(case, "timer_fired", "response_breached_classify").step
    assert fired.at == utc(2026, 11, 23, 7) and fired.timers == ()
    clock = step_of(case, "timer_fired", "response_breached_classify").clock
    assert clock is not None and clock.status.state.value == "breached"
    assert tokens(step_of(case, "topic_called", "notify_lead")) == ["classify"]  # the task still waits
    last = case.steps[-1].step
    waiting = {timer.element_id: timer.due_at for timer in last.timers}
    stored = {row.element_id: row.due_at for row in db.session.execute(
        select(Timer).where(Timer.instance_id == desk.ticket.instance_id)).scalars()}
    assert waiting == stored  # the replay's timers at the end are the ones the instance waits for


def test_sla_clock_runs_then_breaches_and_pauses_while_the_requester_is_asked(desk: Desk) -> None:
    desk.log()
    desk.classify()
    accept(desk)
    desk.clock.set(utc(2026, 11, 23, 3, 0))
    desk.work("resolve", desk.task("resolve").assignee, outcome="need_info", question="Which tray?")
    desk.clock.set(utc(2026, 11, 23, 5, 0))
    desk.work("answer_question", "rita", answer="The A3 tray.")
    case = replay_as(desk, "audrey")
    first = case.steps[0].clock
    assert first is not None and first.status.state.value == "on_track" and not first.paused
    asked = step_of(case, "task_ready", "answer_question").clock
    assert asked is not None and asked.paused
    answered = step_of(case, "task_completed", "answer_question").clock
    assert answered is not None and not answered.paused


def test_notes_appear_at_the_step_after_they_arrived_and_a_requester_sees_only_public_ones(desk: Desk) -> None:
    desk.log()
    desk.clock.set(utc(2026, 11, 23, 2, 30))
    add_note(desk.runtime, actor_for(require_user("sam")), desk.number, "Checked the printer log.", "internal")
    add_note(desk.runtime, actor_for(require_user("sam")), desk.number, "We are on it.", "public")
    desk.clock.set(utc(2026, 11, 23, 3, 0))
    desk.classify()
    staff = [item.text for item in step_of(replay_as(desk, "audrey"), "task_claimed", "classify").arrivals]
    assert "Checked the printer log." in staff and "We are on it." in staff
    mine = [item.text for item in step_of(replay_as(desk, "rita"), "task_claimed", "classify").arrivals]
    assert "We are on it." in mine and "Checked the printer log." not in mine


def test_a_variable_edit_and_a_cancellation_are_steps_marked_as_interventions(desk: Desk) -> None:
    desk.log()
    olga = actor_for(require_user("olga"))
    set_variable_as_operator(desk.runtime, olga, desk.ticket.instance_id, "title", "string", "Printer on fire",
                          "The requester phoned: it is worse.")
    case = replay_as(desk, "audrey")
    edit = step_of(case, "intervention").step
    assert edit.intervention and [(c.name, c.after) for c in edit.changes] == [("title", "Printer on fire")]
    assert edit.data["title"] == "Printer on fire" and edit.actor_name
    assert not step_of(case, "task_ready", "classify").step.intervention
    cancel_as_operator(desk.runtime, olga, desk.ticket.instance_id, "Logged twice.")
    cancelled = step_of(replay_as(desk, "audrey"), "instance_cancelled").step
    assert cancelled.intervention and cancelled.tokens == () and cancelled.timers == ()


def test_a_migrated_case_replays_on_each_version_with_the_move_as_an_intervention(desk: Desk) -> None:
    desk.log()
    desk.classify()
    deploy_diagram(desk.runtime, VERSION_2.read_bytes(), "incident.bpmn", "olga")
    olga = actor_for(require_user("olga"))
    execute_migration(desk.runtime, olga, MigrationPlan("incident", 1, 2, by_hand={"take_or_pass": "accept_or_pass"}))
    desk.work("accept_or_pass", desk.task("accept_or_pass").assignee, decision="accept")
    case = replay_as(desk, "audrey")
    before = step_of(case, "task_ready", "take_or_pass").step
    assert before.version == 1 and tokens(step_of(case, "task_ready", "take_or_pass")) == ["take_or_pass"]
    moved = step_of(case, "instance_migrated").step
    assert moved.intervention and moved.version == 2 and [t.element_id for t in moved.tokens] == ["accept_or_pass"]
    assert "classify" in moved.markers.done
    after = step_of(case, "task_completed", "accept_or_pass").step
    assert after.version == 2 and "accept_or_pass" in after.markers.done
    assert sorted(case.replay.versions) == [1, 2]
    audrey = actor_for(require_user("audrey"))
    assert b'id="accept_or_pass"' in case_diagram(audrey, desk.ticket.instance_id, 2)
    assert b'id="take_or_pass"' in case_diagram(audrey, desk.ticket.instance_id, 1)
    deploy_diagram(desk.runtime, (VERSION_2.read_bytes().replace(b"Accept", b"Take")), "incident.bpmn", "olga")
    with pytest.raises(NotFound):
        case_diagram(audrey, desk.ticket.instance_id, 3)  # a version the case never ran on


def test_a_changed_row_fails_verification_at_that_step_only(desk: Desk, unguarded_history: None) -> None:
    desk.log()
    desk.classify()
    instance_id = desk.ticket.instance_id
    db.session.execute(update(HISTORY_TABLE).where(HISTORY_TABLE.c.instance_id == instance_id,
                                                   HISTORY_TABLE.c.kind == "task_completed")
                       .values(data='{"changed":{"impact":"low"}}'))
    db.session.commit()
    case = replay_as(desk, "audrey")
    failing = [step.step.seq for step in case.steps if not step.step.verified]
    assert failing == [step_of(case, "task_completed", "classify").step.seq]
    assert "altered" in (step_of(case, "task_completed").step.problem or "")
    verdict = verify_case(actor_for(require_user("audrey")), instance_id)
    assert not verdict.verified and verdict.breaks[0].seq == failing[0]


def test_a_row_rewritten_and_re_hashed_without_the_key_fails_verification(desk: Desk,
                                                                         unguarded_history: None) -> None:
    desk.log()
    desk.classify()
    instance_id = desk.ticket.instance_id
    table = HISTORY_TABLE
    target = db.session.execute(select(table).where(table.c.instance_id == instance_id,
                                                    table.c.kind == "task_completed")).one()
    data = '{"changed":{"impact":"low"}}'
    forged = event_hash(target.prev_hash, target.stream, target.seq, target.kind, target.element_id, target.task_id,
                        target.actor, target.at, data, keyed=False)
    db.session.execute(update(table).where(table.c.id == target.id).values(data=data, hash=forged))
    db.session.execute(update(table).where(table.c.stream == target.stream, table.c.seq == target.seq + 1)
                       .values(prev_hash=forged))  # the next event linked to the forgery
    db.session.commit()
    case = replay_as(desk, "audrey")
    failing = [step.step.seq for step in case.steps if not step.step.verified]
    assert failing[0] == target.seq and not case.replay.verdict.verified


def test_events_deleted_after_a_signed_checkpoint_are_named_missing(desk: Desk, unguarded_history: None) -> None:
    desk.log()
    write_checkpoint(desk.clock.now())
    instance_id = desk.ticket.instance_id
    last = db.session.execute(select(HISTORY_TABLE.c.seq).where(HISTORY_TABLE.c.instance_id == instance_id)
                              .order_by(HISTORY_TABLE.c.seq.desc()).limit(1)).scalar_one()
    db.session.execute(delete(HISTORY_TABLE).where(HISTORY_TABLE.c.instance_id == instance_id,
                                                   HISTORY_TABLE.c.seq == last))
    db.session.commit()
    verdict = verify_case(actor_for(require_user("audrey")), instance_id)
    assert [(found.seq, "missing" in found.reason) for found in verdict.breaks] == [(last, True)]
    assert all(step.step.verified for step in replay_as(desk, "audrey").steps)  # each event left still holds


def test_a_requester_replays_her_own_case_with_what_her_ticket_shows_her(desk: Desk) -> None:
    desk.log()
    desk.work("classify", "sam", claim=True, impact="medium", urgency="medium")
    mine = replay_as(desk, "rita")
    assert not mine.staff_view and all(step.clock is None for step in mine.steps)
    assert all(set(step.step.data) <= set(replay_as(desk, "audrey").steps[-1].step.data) for step in mine.steps)
    assert "category" not in mine.steps[-1].step.data and "title" in mine.steps[-1].step.data


@pytest.mark.parametrize("login", ["carl", "lee"])
def test_an_agent_or_another_requester_may_not_replay_the_case(desk: Desk, login: str) -> None:
    desk.log()
    with pytest.raises(NotFound):
        replay_as(desk, login)


def test_replay_of_a_long_case_keeps_its_steps_in_order(desk: Desk) -> None:
    desk.log()
    desk.classify()
    for _ in range(2):
        desk.work("take_or_pass", desk.task("take_or_pass").assignee, decision="return", reason="Not ours.")
        desk.clock.set(desk.clock.now() + timedelta(minutes=5))
        desk.classify()
    case = replay_as(desk, "audrey")
    readies = [step for step in case.steps if step.step.kind == "task_ready" and step.step.element_id == "classify"]
    assert len(readies) == 3 and all(tokens(step) == ["classify"] for step in readies)
