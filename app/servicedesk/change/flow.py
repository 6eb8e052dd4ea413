"""The external tasks of the change flows (processes/change-*.bpmn): keep the CHG ticket's stage and status in step
with the diagram, store what the tasks recorded (test plan, window, actual times, outcome), assess the risk, tally
the CAB, and close the change, inside the step's transaction."""
import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

from app.extensions import db
from app.organisation.people import group_members
from app.platform.transactions import after_commit
from app.servicedesk.change import cab_timers, risk_answers, scores
from app.servicedesk.change.closing import move_on_fixed_tickets, tell_linked_tickets
from app.servicedesk.change.models import ChangeRecord, ChangeTemplate
from app.servicedesk.change.records import record_of_number, window_variables
from app.servicedesk.change.stages import (
    FAILED_OUTCOMES,
    FIXING_OUTCOMES,
    OUTCOMES,
    RELEASING_OUTCOMES,
    STAGE_STATUS,
)
from app.servicedesk.change_calendar.schedule import release_booking
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.note_events import SYSTEM_AUTHOR, add_event_note
from app.servicedesk.tickets.records import apply_status
from engine.topics import TopicCall, TopicRegistry, TopicResult
from engine.views import StepEvent
from forms.fields import read_moment

# what the task before a stage recorded, note-worthy as the stage's text
STAGE_TEXT = {"cab": "assessment", "closed": "review_note", "rejected": "overdue_comment"}


def logged(call: TopicCall, message: str) -> StepEvent:
    """Return a history event of a handler's work."""
    return StepEvent("topic_logged", call.element_id, {"message": message})


def moment_of(call: TopicCall, name: str) -> datetime | None:
    """Return a typed date-time variable as an aware UTC datetime, None when unset or unreadable."""
    value = call.data.get(name)
    moment = read_moment(value) if isinstance(value, str) else value if isinstance(value, datetime) else None
    return moment.astimezone(UTC) if moment is not None and moment.tzinfo is not None else None


def keep_moments(call: TopicCall, record: ChangeRecord, names: tuple[str, ...]) -> None:
    """Store on the record the moments a task before recorded (a new window, the work order's actual times)."""
    for variable in names:
        moment = moment_of(call, variable)
        if moment is not None:
            setattr(record, f"{variable}_at", moment)


def enter_stage(call: TopicCall) -> TopicResult:
    """Move the change to the stage the diagram names; at the CAB stage, name the board's members."""
    stage = str(call.params.get("stage") or "")
    if stage not in STAGE_STATUS:
        raise ValueError(f"Unknown change stage '{stage}'; use one of {', '.join(STAGE_STATUS)}.")
    ticket, record = record_of_number(str(call.data.get("ticket") or ""), lock=True)
    updates: dict[str, Any] = {}
    if stage == "schedule":  # the owner may have chosen another window
        keep_moments(call, record, ("planned_start", "planned_end"))
    if stage == "cab":
        test_plan = str(call.data.get("test_plan") or "").strip()
        record.test_plan = test_plan or record.test_plan
        updates |= window_variables(record)  # the record may have been edited while it was assessed
        if not (record.test_plan or "").strip():
            raise ValueError(f"{ticket.number} has no test plan; a change goes to the CAB only with one. "
                             "Write it on the change, then retry.")
        group = str(call.params.get("cab_group") or "")
        updates["cab_members"] = [member.login for member in group_members(group)]
        if not updates["cab_members"]:
            raise ValueError(f"The CAB group '{group}' has no active members; add some, then retry.")
    move_to(call, ticket, record, stage)
    return TopicResult(updates, [logged(call, f"Change stage {stage}")])


def move_to(call: TopicCall, ticket: Ticket, record: ChangeRecord, stage: str) -> None:
    """Set a change's stage and its ticket's status, and note it on the ticket."""
    record.stage = stage
    if stage == "rejected":  # a window booked before (a CAB sent back after a reschedule) is free again
        release_booking(ticket)
    now = call.context.now()
    if ticket.status != STAGE_STATUS[stage]:
        apply_status(ticket, STAGE_STATUS[stage], now)
    ticket.updated_at = now
    text = str(call.data.get(STAGE_TEXT.get(stage, "")) or "").strip() or None
    author = call.context.actor or SYSTEM_AUTHOR
    add_event_note(ticket, "change_stage_text" if text else "change_stage", {"stage": stage}, now, author, text=text)


def assess_change_risk(call: TopicCall) -> TopicResult:
    """Assess the change's risk again from its record (the assessment may have changed the impact)."""
    ticket, record = record_of_number(str(call.data.get("ticket") or ""), lock=True)
    impact = str(call.data.get("impact") or ticket.impact)
    if impact != ticket.impact:
        ticket.impact = impact
    assessment = risk_answers.assess(record, impact)
    risk_answers.store(record, assessment)
    return TopicResult({"risk": assessment.level, "risk_score": round(assessment.score, 3)},
                       [logged(call, f"Risk {assessment.level} ({assessment.score:.2f}, by {assessment.decided_by})")])


def close_change(call: TopicCall) -> TopicResult:
    """Close the change with its review's outcome: count it in the group's and template's success scores, and
    tell the incidents and problems it fixes (moving on those that wait for it, once this step committed)."""
    outcome = str(call.data.get("outcome") or "")
    if outcome not in OUTCOMES:
        raise ValueError(f"The review's outcome '{outcome}' is unknown; use one of {', '.join(OUTCOMES)}.")
    ticket, record = record_of_number(str(call.data.get("ticket") or ""), lock=True)
    record.outcome = outcome
    if outcome in RELEASING_OUTCOMES:
        release_booking(ticket)
    group_score = scores.count_review("group", record.owner_group, outcome)
    template = db.session.get(ChangeTemplate, record.template_id) if record.template_id else None
    if template:
        scores.count_review("template", template.key, outcome)
    move_to(call, ticket, record, "closed")
    if outcome in FAILED_OUTCOMES:  # the reports' change success rate counts this event (app/reports/facts.py)
        add_event_note(ticket, f"change_{outcome}", {}, call.context.now(), call.context.actor or SYSTEM_AUTHOR)
    linked = tell_linked_tickets(ticket, record, outcome, call.context.now())
    if outcome in FIXING_OUTCOMES and linked:
        after_commit(partial(move_on_fixed_tickets, call.context.runtime, ticket.number, linked, outcome),
                     key=("change_closed", ticket.number))
    return TopicResult({}, [logged(call, f"Closed {outcome}; group {record.owner_group} scores {group_score:.2f}; "
                                         f"told {json.dumps(linked)}")])


def record_work(call: TopicCall) -> TopicResult:
    """Store the work order's actual start and end on the change."""
    _, record = record_of_number(str(call.data.get("ticket") or ""), lock=True)
    keep_moments(call, record, ("actual_start", "actual_end"))
    if record.actual_start_at and record.actual_end_at and record.actual_end_at < record.actual_start_at:
        raise ValueError("The work order's actual end is before its start; correct them, then retry.")
    return TopicResult({}, [logged(call, "Work order recorded")])


HANDLERS: dict[str, Callable[[TopicCall], TopicResult]] = {
    "change.stage": enter_stage, "change.risk": assess_change_risk,
    "change.work_order": record_work, "change.close": close_change, cab_timers.TOPIC: cab_timers.remind_or_escalate}


def register_change_topics(registry: TopicRegistry) -> TopicRegistry:
    """Register the change flows' handlers on a registry (the app's engine gets them at creation)."""
    return registry.register_all(HANDLERS)
