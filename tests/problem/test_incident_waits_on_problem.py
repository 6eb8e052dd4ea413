"""An incident waits on its problem (issue 15, section 5): its assignee chooses to wait, its flow stops at the
message catch "Problem resolved" with the SLA clock standing still, and when the problem is resolved the incident
moves on to its assignee, who is told; without an open linked problem it cannot wait."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.messaging.models import OutboxMessage
from app.service_levels.policies import is_paused
from app.servicedesk.problem.problems import link_incident
from app.servicedesk.tickets.note_events import note_text
from app.workflow.tasks.actions import claim_task, complete_task
from tests.problem.conftest import ProblemDesk, person

pytestmark = pytest.mark.usefixtures("database_url")


def work(problems: ProblemDesk, ticket, element_id: str, user: str, **values: str) -> None:  # type: ignore[no-untyped-def]
    """Complete an open task as a person, claiming it first when it is still the group's."""
    db.session.expire_all()
    task = problems.tasks(ticket)[element_id]
    if task.assignee is None:
        claim_task(problems.runtime, task.id, user)
    complete_task(problems.runtime, task.id, user, values)


def assignee_of(problems: ProblemDesk, ticket) -> str:  # type: ignore[no-untyped-def]
    """Return who holds the incident's Investigate and resolve task."""
    return problems.tasks(ticket)["resolve"].assignee or "sam"


def at_work(problems: ProblemDesk, title: str = "Mail lost"):  # type: ignore[no-untyped-def]
    """Log an incident, classify it and let its assignee accept it: it waits at Investigate and resolve."""
    incident = problems.incident(title)
    work(problems, incident, "classify", "sam", impact="medium", urgency="medium")
    work(problems, incident, "take_or_pass", problems.tasks(incident)["take_or_pass"].assignee or "lee",
         decision="accept")
    assert list(problems.tasks(incident)) == ["resolve"]
    return incident


def test_an_incident_waits_on_its_problem_with_its_clock_paused_and_moves_on_when_it_is_resolved(
        problems: ProblemDesk) -> None:
    incident = at_work(problems)
    problem = problems.problem()
    link_incident(person("sam"), problem.number, incident.number)
    work(problems, incident, "resolve", assignee_of(problems, incident), outcome="wait_problem")
    assert problems.tasks(incident) == {}  # its flow waits at the message catch
    assert is_paused(incident.id)
    assert note_text(problems.notes(incident)[-1]).startswith(f"Waiting on problem {problem.number}")
    problems.work(problem, "assess", assessment="Wide")
    problems.work(problem, "analysis", root_cause="Full disk", workaround="")
    problems.work(problem, "fix", fix_summary="Grew the disk.")
    assert list(problems.tasks(incident)) == ["resolve"]
    assert problems.tasks(incident)["resolve"].assignee == "sam"
    assert not is_paused(incident.id)
    assert note_text(problems.notes(problems.fresh(incident))[-1]) == \
        f"Problem {problem.number} was resolved; the SLA clock runs again: Grew the disk."
    told = db.session.execute(select(OutboxMessage.subject).where(
        OutboxMessage.ticket_number == incident.number, OutboxMessage.event == "incident_workaround")).scalars().all()
    assert told == [f"[{incident.number}] The problem your incident waited on is resolved: Mail lost"]


def test_an_incident_without_an_open_problem_cannot_wait_and_stays_with_its_assignee(problems: ProblemDesk) -> None:
    incident = at_work(problems)
    work(problems, incident, "resolve", assignee_of(problems, incident), outcome="wait_problem")
    assert list(problems.tasks(incident)) == ["resolve"]
    assert not is_paused(incident.id)
    assert note_text(problems.notes(incident)[-1]).startswith("No open problem is linked to this incident")
