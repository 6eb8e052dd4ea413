"""The external task of the problem flow (processes/problem.bpmn): keep the PRB ticket's stage and status in step
with the diagram, and store what the tasks recorded (root cause, workaround, fix), inside the step's transaction."""
from collections.abc import Callable
from functools import partial

from sqlalchemy import select

from app.extensions import db
from app.platform.transactions import after_commit
from app.servicedesk.problem.models import ProblemRecord
from app.servicedesk.problem.waiting import move_on_waiting_incidents, waiting_incidents
from app.servicedesk.tickets.note_events import SYSTEM_AUTHOR, add_event_note
from app.servicedesk.tickets.records import apply_status, find_ticket
from engine.topics import TopicCall, TopicRegistry, TopicResult
from engine.views import StepEvent

STAGES = ("new", "assess", "analysis", "fix", "resolved", "closed")
# the ticket status each stage means (the ticket list and filters read the status)
STAGE_STATUS = {"assess": "in_progress", "analysis": "in_progress", "fix": "in_progress", "resolved": "resolved",
                "closed": "closed"}
# what the task before a stage recorded, note-worthy as the stage's text
STAGE_TEXT = {"analysis": "assessment", "resolved": "fix_summary", "closed": "review_note"}


def record_of(ticket_id: int) -> ProblemRecord:
    """Return a problem's record, creating it for a PRB ticket that has none yet."""
    record = db.session.execute(select(ProblemRecord).where(ProblemRecord.ticket_id == ticket_id)).scalar_one_or_none()
    if record is None:
        record = ProblemRecord(ticket_id=ticket_id, stage="new")
        db.session.add(record)
    return record


def enter_stage(call: TopicCall) -> TopicResult:
    """Move the problem to the stage the diagram names; keep the root cause and workaround its tasks recorded."""
    stage = str(call.params.get("stage") or "")
    if stage not in STAGE_STATUS:
        raise ValueError(f"Unknown problem stage '{stage}'; use one of {', '.join(STAGE_STATUS)}.")
    ticket = find_ticket(str(call.data.get("ticket") or ""), lock=True)
    record = record_of(ticket.id)
    for name in ("root_cause", "workaround"):
        value = str(call.data.get(name) or "").strip()
        if value:
            setattr(record, name, value)
    record.stage = stage
    now = call.context.now()
    if ticket.status != STAGE_STATUS[stage]:
        apply_status(ticket, STAGE_STATUS[stage], now)
    ticket.updated_at = now
    text = str(call.data.get(STAGE_TEXT.get(stage, "")) or "").strip() or None
    author = call.context.actor or SYSTEM_AUTHOR
    add_event_note(ticket, "problem_stage_text" if text else "problem_stage", {"stage": stage}, now, author, text=text)
    waiting = waiting_incidents(ticket.id) if stage == "resolved" else []
    if waiting:  # once this step committed, the incidents that wait on the problem move on
        after_commit(partial(move_on_waiting_incidents, call.context.runtime, ticket.number, waiting, text or ""),
                     key=("problem_resolved", ticket.number))
    return TopicResult({}, [StepEvent("topic_logged", call.element_id, {"message": f"Problem stage {stage}"})])


HANDLERS: dict[str, Callable[[TopicCall], TopicResult]] = {"problem.stage": enter_stage}


def register_problem_topics(registry: TopicRegistry) -> TopicRegistry:
    """Register the problem flow's handler on a registry (the app's engine gets it at creation)."""
    return registry.register_all(HANDLERS)
