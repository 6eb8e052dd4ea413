"""Publishing a problem's workaround: a public note on every linked open incident and a notice to each assignee,
once per publication, recorded on the problem."""
from dataclasses import dataclass

from app.messaging.mail.compose import Notice, TicketFacts, queue_ticket_notice
from app.organisation.accounts import actor_for
from app.organisation.people import people_named
from app.organisation.policies import Actor, check_may_manage_problems
from app.platform.errors import Conflict
from app.platform.transactions import use_case
from app.servicedesk.problem.flow import record_of
from app.servicedesk.problem.problems import open_incidents, require_problem
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.note_events import add_event_note
from app.servicedesk.tickets.visibility import may_read_ticket
from app.workflow.runtime import Runtime

WORKAROUND_EVENT = "incident_workaround"


@dataclass(frozen=True)
class Publication:
    """What one publication reached: the incidents noted and the assignees told."""

    incidents: tuple[str, ...]
    told: tuple[str, ...]


@use_case
def publish_workaround(runtime: Runtime, actor: Actor, number: str) -> Publication:
    """Add the problem's workaround as a public note to each linked open incident and tell their assignees.

    Publishing the same text again is refused: each publication reaches each incident once. Closed, resolved and
    cancelled incidents are left alone.
    """
    check_may_manage_problems(actor, "publish a workaround")
    problem = require_problem(actor, number)
    record = record_of(problem.id)
    text = (record.workaround or "").strip()
    if not text:
        raise Conflict(f"{problem.number} has no workaround yet; write one first, then publish it.")
    if record.published_workaround == text:
        raise Conflict(f"This workaround of {problem.number} was already published; change it to publish again.")
    now = runtime.clock.now()
    incidents = open_incidents(problem.id)
    told: list[str] = []
    for incident in incidents:
        add_event_note(incident, "workaround", {"number": problem.number}, now, actor.login, text=text, public=True)
        incident.updated_at = now
        told.extend(tell_assignee(runtime, incident, problem, text))
    record.published_workaround, record.published_at = text, now
    numbers = tuple(incident.number for incident in incidents)
    add_event_note(problem, "workaround_published", {"count": str(len(numbers)), "incidents": ", ".join(numbers)},
                   now, actor.login)
    return Publication(numbers, tuple(told))


def tell_assignee(runtime: Runtime, incident: Ticket, problem: Ticket, text: str) -> list[str]:
    """Queue the workaround notice to the incident's assignee, in their language; return who was told."""
    if not incident.assignee:
        return []
    facts = TicketFacts(incident.number, incident.title, incident.instance_id, incident.priority,
                        incident.assigned_group, incident.assignee, incident.reassignment_count)
    notice = Notice(WORKAROUND_EVENT, "A workaround for your incident", text, titled=True,
                    extras={"problem": problem.number})
    told = []
    for person in people_named([incident.assignee]):
        reads = may_read_ticket(actor_for(person), incident.id)
        if queue_ticket_notice(runtime.mail, notice, facts, person, reads, runtime.clock.now()):
            told.append(person.login)
    return told
