"""The three change flows end to end (issue 15, sections 1 and 4): a standard change without a CAB, a normal change
through assessment, risk, CAB, schedule, work order and review, an emergency change whose review is forced by its
timer, and what closing does to the success scores and to the incidents the change fixes."""
import pytest

from app.extensions import db
from app.platform.errors import InvalidValues
from app.servicedesk.change.changes import link_ticket
from app.servicedesk.change.models import ChangeTemplate
from app.servicedesk.change.scores import score_of
from app.servicedesk.change_calendar.flow import schedule_change
from app.servicedesk.problem.problems import open_problem
from app.workflow.timers import fire_due_timers
from engine.topics import TopicCall, TopicResult
from tests.change.conftest import ChangeDesk, person, utc

pytestmark = pytest.mark.usefixtures("database_url")


def implement(changes: ChangeDesk, ticket, hours: int = 24) -> None:  # type: ignore[no-untyped-def]
    """Do the work order as lee, from the planned start for an hour."""
    changes.work(ticket, "implement", "lee", actual_start=changes.moment(hours), actual_end=changes.moment(hours + 1),
                 work_note="Patched")


def test_a_standard_change_from_a_template_runs_without_cab_to_its_close(changes: ChangeDesk) -> None:
    template_id = changes.template()
    ticket = changes.raise_change("standard", title="", implementation_plan="", backout_plan="", test_plan="",
                                  template_id=template_id)
    record = changes.record(ticket)
    assert ticket.number.startswith("CHG-")
    assert (record.stage, record.implementation_plan, record.template_id) == (
        "implement", "Restart the queue runner.", template_id)
    assert changes.open_elements(ticket) == ["implement"]
    implement(changes, ticket)
    changes.work(ticket, "review", "carl", outcome="successful", review_note="Queue flows again")
    record = changes.record(ticket)
    assert (record.stage, record.outcome, changes.fresh(ticket).status) == ("closed", "successful", "closed")
    assert record.actual_start_at == utc(changes.moment(24))
    assert changes.instance_status(ticket) == "completed"


def test_a_normal_change_approved_by_the_cab_is_scheduled_implemented_and_reviewed(changes: ChangeDesk) -> None:
    ticket = changes.raise_change()
    assert changes.open_elements(ticket) == ["assess"]
    changes.work(ticket, "assess", "carl", impact="high", test_plan="Send a mail; it arrives.",
                 assessment="Routine patch")
    assert changes.record(ticket).stage == "cab"
    assert sorted(task.assignee for task in changes.tasks(ticket)) == ["adam", "lee", "mona"]
    changes.cab_approves(ticket, ("mona", "lee"))  # 2 of 3: adam's task ends undecided
    record = changes.record(ticket)
    assert (record.stage, changes.open_elements(ticket)) == ("implement", ["implement"])
    implement(changes, ticket)
    assert changes.record(ticket).stage == "review"
    changes.work(ticket, "review", "carl", outcome="successful_with_issues", review_note="Slow restart")
    assert changes.record(ticket).outcome == "successful_with_issues"
    assert changes.fresh(ticket).status == "closed"


def test_a_normal_change_one_member_rejects_is_rejected(changes: ChangeDesk) -> None:
    ticket = changes.raise_change()
    changes.work(ticket, "assess", "carl", impact="medium", test_plan="Send a mail", assessment="Fine")
    for member, decision in (("mona", "approve"), ("lee", "reject")):  # the CAB's veto: adam is not asked on
        changes.work(ticket, "cab_approval", member, decision=decision)
    assert "cab_approval" not in changes.open_elements(ticket)
    assert changes.record(ticket).stage == "rejected"
    assert changes.fresh(ticket).status == "cancelled"
    assert changes.instance_status(ticket) == "completed"


def test_a_refused_window_goes_back_to_the_owner_who_picks_another(changes: ChangeDesk, topics) -> None:
    checked = []

    def refuse_the_first_window(call: TopicCall) -> TopicResult:
        checked.append(call.data["planned_start"])
        if len(checked) == 1:
            return TopicResult({"schedule_ok": False, "schedule_conflicts": [{"rule": "same_ci"}]})
        return schedule_change(call)  # the calendar's own check books the second window
    topics.register("change.schedule", refuse_the_first_window)
    ticket = changes.raise_change()
    changes.work(ticket, "assess", "carl", impact="medium", test_plan="Send a mail", assessment="Fine")
    changes.cab_approves(ticket)
    assert [(task.element_id, task.assignee) for task in changes.tasks(ticket)] == [("reschedule", "carl")]
    changes.work(ticket, "reschedule", "carl", planned_start=changes.moment(48), planned_end=changes.moment(50))
    record = changes.record(ticket)
    assert (record.stage, record.planned_start_at) == ("implement", utc(changes.moment(48)))
    assert len(checked) == 2


def test_an_emergency_change_whose_work_order_lingers_is_forced_to_its_review(changes: ChangeDesk) -> None:
    ticket = changes.raise_change("emergency")
    assert sorted(task.assignee for task in changes.tasks(ticket)) == ["adam", "mona"]
    changes.cab_approves(ticket, ("mona",))  # the emergency CAB: any one decides
    assert changes.open_elements(ticket) == ["implement"]
    changes.clock.advance(days=1, seconds=1)
    fire_due_timers(changes.runtime)
    assert changes.open_elements(ticket) == ["review"]
    assert changes.record(ticket).stage == "review"


def test_the_review_outcome_moves_the_groups_success_score(changes: ChangeDesk) -> None:
    before = score_of("group", "second-line")
    failed = changes.raise_change("emergency")
    changes.cab_approves(failed, ("mona",))
    implement(changes, failed)
    changes.work(failed, "review", "carl", outcome="backed_out", review_note="Broke delivery")
    after_failure = score_of("group", "second-line")
    assert after_failure < before
    good = changes.raise_change("emergency")
    changes.cab_approves(good, ("mona",))
    implement(changes, good)
    changes.work(good, "review", "carl", outcome="successful", review_note="Fine")
    assert score_of("group", "second-line") > after_failure


def test_a_templates_score_falls_with_a_failed_standard_change_and_raises_the_next_ones_risk(
        changes: ChangeDesk) -> None:
    template_id = changes.template()
    first = changes.raise_change("standard", template_id=template_id)
    first_score = changes.record(first).risk_score
    implement(changes, first)
    changes.work(first, "review", "carl", outcome="failed", review_note="Queue lost mail")
    second = changes.raise_change("standard", template_id=template_id)
    reasons = changes.record(second)
    assert reasons.risk_score > first_score
    assert '"success_of": "template restart-mail-queue"' in reasons.risk_reasons
    assert db.session.get(ChangeTemplate, template_id).usage_count == 2


def test_closing_a_change_resolves_the_incident_waiting_on_it_and_notes_the_others(changes: ChangeDesk) -> None:
    waiting = changes.incident()
    changes.work(waiting, "classify", "sam", impact="medium", urgency="medium")
    lee_or_group = [task for task in changes.tasks(waiting) if task.element_id == "take_or_pass"]
    assert lee_or_group
    changes.work(waiting, "take_or_pass", lee_or_group[0].assignee or "lee", decision="accept")
    assert changes.open_elements(waiting) == ["resolve"]
    not_yet = changes.incident(title="Mail slow")  # still to classify: it does not wait on the change
    ticket = changes.raise_change("emergency", links=[waiting.number])
    link_ticket(person("carl"), ticket.number, not_yet.number)
    changes.cab_approves(ticket, ("mona",))
    implement(changes, ticket)
    changes.work(ticket, "review", "carl", outcome="successful", review_note="Delivery fixed")
    assert changes.fresh(waiting).status == "resolved"
    assert f"Fixed by change {ticket.number}" in changes.notes(waiting)[-1].body
    assert changes.fresh(not_yet).status == "new"
    assert any(ticket.number in note.body for note in changes.notes(not_yet))


def test_an_emergency_change_without_a_test_plan_is_refused_as_it_meets_the_cab_at_once(changes: ChangeDesk) -> None:
    with pytest.raises(InvalidValues, match="Test plan is required before the CAB") as refused:
        changes.raise_change("emergency", test_plan="")
    assert list(refused.value.errors) == ["test_plan"]
    assert [t for t in changes.tickets() if t.kind == "change"] == []


def test_a_change_linked_to_a_problem_at_its_fix_resolves_the_problem(changes: ChangeDesk) -> None:
    problem = open_problem(changes.runtime, person("carl"), "Mail server drops messages", "Several incidents.")
    changes.work(problem, "assess", "carl", assessment="Wide")
    changes.work(problem, "analysis", "carl", root_cause="Full disk", workaround="")
    ticket = changes.raise_change("emergency", links=[problem.number])
    changes.cab_approves(ticket, ("mona",))
    implement(changes, ticket)
    changes.work(ticket, "review", "carl", outcome="successful", review_note="Disk grown")
    assert changes.open_elements(problem) == ["review"]
    assert changes.fresh(problem).status == "resolved"
