"""The external task `change.schedule` of the change diagrams: check the change's window and book it, inside the
step's transaction; the diagram's gateway then reads `schedule_ok`.

Reads the instance variables ticket, planned_start, planned_end (ISO date-times with offsets), affected_cis (CI
ids), implementer (a login) and, optionally, schedule_override_reason; the acting person comes from the step. Sets
schedule_ok, schedule_conflicts (rule, severity, ci, other_change, starts_at, ends_at, message each) and
schedule_message (one sentence for the form that follows).
"""
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.models import User
from app.organisation.policies import Actor
from app.platform.errors import InvalidValues
from app.servicedesk.change_calendar.calendar_view import parse_moment
from app.servicedesk.change_calendar.collisions import Conflict, WindowInvalid, is_blocked
from app.servicedesk.change_calendar.schedule import book_window, may_override, proposal_of, run_check
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.note_events import add_event_note
from app.servicedesk.tickets.records import find_ticket
from engine.topics import TopicCall, TopicRegistry, TopicResult
from engine.views import StepEvent

TOPIC = "change.schedule"


def schedule_change(call: TopicCall) -> TopicResult:
    """Check the change's planned window; book it unless a block stands (or a change manager overrides it)."""
    ticket = find_ticket(str(call.data.get("ticket") or ""), lock=True)
    now = call.context.now()
    login = call.context.actor
    try:
        proposal = proposal_of(ticket.number, moment_of(call.data, "planned_start"),
                               moment_of(call.data, "planned_end"), ci_ids_of(call.data),
                               str(call.data.get("implementer") or "") or None, lock_cis=True)
        conflicts = run_check(proposal, now)
    except (WindowInvalid, InvalidValues) as refused:
        return refusal(call, str(refused), now)
    reason = str(call.data.get("schedule_override_reason") or "").strip()
    if is_blocked(conflicts) and not reason:
        return answer(call, False, conflicts, "The window collides; choose another or give an override reason.",
                      f"Schedule refused: {summary(conflicts)}")
    if is_blocked(conflicts) and not may_override(actor_named(login)):
        return answer(call, False, conflicts,
                      f"{login or 'FlowDesk'} may not override a block: only change managers may. Choose another "
                      "window or ask a change manager.",
                      f"Override by {login or 'FlowDesk'} refused (not a change manager): {summary(conflicts)}")
    overridden = is_blocked(conflicts)
    book_window(ticket, proposal, login or "flowdesk", now, reason if overridden else None)
    note_booking(ticket, proposal.starts_at, proposal.ends_at, login, reason if overridden else None, now)
    if overridden:
        return answer(call, True, conflicts, "Booked over a block, by override.",
                      f"Schedule block overridden by {login}: {reason} ({summary(conflicts)})")
    return answer(call, True, conflicts, "Booked.", f"Window booked {proposal.starts_at.isoformat()} to "
                                                    f"{proposal.ends_at.isoformat()}")


def answer(call: TopicCall, ok: bool, conflicts: list[Conflict], message: str, logged: str) -> TopicResult:
    """Return the task data the gateway reads and the history line."""
    return TopicResult({"schedule_ok": ok, "schedule_conflicts": [conflict_data(item) for item in conflicts],
                        "schedule_message": message},
                       [StepEvent("topic_logged", call.element_id, {"message": logged})])


def refusal(call: TopicCall, sentence: str, now: datetime) -> TopicResult:
    """Answer a window the check cannot take (in the past, too long, unknown CIs) as one blocking conflict."""
    conflict = Conflict("window", "block", None, None, now, now, sentence)
    return answer(call, False, [conflict], sentence, f"Schedule refused: {sentence}")


def conflict_data(conflict: Conflict) -> dict[str, Any]:
    """Return a conflict as task data (JSON types only)."""
    return {"rule": conflict.rule, "severity": conflict.severity, "ci": conflict.ci,
            "other_change": conflict.other_change, "starts_at": conflict.starts_at.isoformat(),
            "ends_at": conflict.ends_at.isoformat(), "message": conflict.message}


def summary(conflicts: list[Conflict]) -> str:
    """Return the conflicts in one line for the history."""
    return "; ".join(f"[{item.severity}] {item.message}" for item in conflicts) or "no conflicts"


def moment_of(data: Mapping[str, Any], name: str) -> datetime:
    """Return a date-time variable (ISO text or a datetime) with its offset; raise naming the variable."""
    value = data.get(name)
    moment = parse_moment(value.isoformat() if isinstance(value, datetime) else str(value))
    if moment is None:
        raise ValueError(f"The variable '{name}' is '{value}', not a date-time with its UTC offset; set it as "
                         "ISO 8601, e.g. 2027-03-01T22:00:00+08:00.")
    return moment


def ci_ids_of(data: Mapping[str, Any]) -> list[int]:
    """Return the affected CI ids (a list of ids, or of texts of ids); raise naming the variable."""
    value = data.get("affected_cis") or []
    items = value if isinstance(value, list | tuple) else str(value).replace(";", ",").split(",")
    try:
        return [int(item) for item in items if str(item).strip()]
    except (TypeError, ValueError):
        raise ValueError(f"The variable 'affected_cis' ({value}) is not a list of CI ids.") from None


def actor_named(login: str | None) -> Actor | None:
    """Return the person acting in the step, or None when no one does (a timer)."""
    if not login:
        return None
    user = db.session.execute(select(User).where(User.login == login)).scalar_one_or_none()
    return actor_for(user) if user is not None else None


def note_booking(ticket: Ticket, starts_at: datetime, ends_at: datetime, login: str | None,
                 override_reason: str | None, now: datetime) -> None:
    """Note the booked window on the change, with the override and its reason when there was one."""
    window = {"start": starts_at.isoformat(timespec="minutes"), "end": ends_at.isoformat(timespec="minutes")}
    if override_reason:
        add_event_note(ticket, "schedule_overridden", window, now, login or "flowdesk", text=override_reason)
    else:
        add_event_note(ticket, "schedule_booked", window, now, login or "flowdesk")


HANDLERS: dict[str, Callable[[TopicCall], TopicResult]] = {TOPIC: schedule_change}


def register_change_calendar_topics(registry: TopicRegistry) -> TopicRegistry:
    """Register the change calendar's handler on a registry (the app's engine gets it at creation)."""
    return registry.register_all(HANDLERS)
