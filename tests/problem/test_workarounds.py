"""A published workaround reaches the problem's open incidents (and not the closed ones) as a public note, and their
assignees hear of it in their own language, once per publication."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.messaging.models import OutboxMessage
from app.platform.errors import Conflict, NotAllowed
from app.platform.transactions import use_case
from app.servicedesk.problem.problems import link_incident, problem_view, update_problem
from app.servicedesk.problem.workarounds import publish_workaround
from app.servicedesk.tickets.note_events import note_text
from app.servicedesk.tickets.records import apply_status, find_ticket
from tests.problem.conftest import ProblemDesk, person


@use_case
def close_by_hand(number: str, problems: ProblemDesk) -> None:
    """Move an incident to closed, as its flow would have (the test needs one closed incident)."""
    ticket = find_ticket(number, lock=True)
    apply_status(ticket, "resolved", problems.clock.now())
    apply_status(ticket, "closed", problems.clock.now())


def workaround_mail(recipient: str) -> list[OutboxMessage]:
    """Return the workaround mail queued for one address."""
    return list(db.session.execute(select(OutboxMessage).where(
        OutboxMessage.recipient == recipient, OutboxMessage.event == "incident_workaround")).scalars())


@pytest.fixture
def linked(problems: ProblemDesk) -> tuple[str, list[str]]:
    """A problem with three linked incidents: one assigned to lee (who reads Chinese), one to sam, one closed."""
    problem = problems.problem()
    numbers = []
    for title, assignee in (("Mail lost", "lee"), ("Mail late", "sam"), ("Mail bounced", "sam")):
        incident = problems.incident(title)
        set_assignee(incident.number, assignee)
        link_incident(person("sam"), problem.number, incident.number)
        numbers.append(incident.number)
    close_by_hand(numbers[2], problems)
    update_problem(problems.runtime, person("carl"), problem.number, {"workaround": "Resend from webmail."})
    return problem.number, numbers


@use_case
def set_assignee(number: str, login: str) -> None:
    """Give an incident to a person, as assignment would."""
    find_ticket(number, lock=True).assignee = login


def test_workaround_reaches_the_open_incidents_and_their_assignees(problems: ProblemDesk, linked) -> None:
    problem_number, (lost, late, bounced) = linked
    publication = publish_workaround(problems.runtime, person("carl"), problem_number)
    assert publication.incidents == (lost, late)
    assert sorted(publication.told) == ["lee", "sam"]
    view = problem_view(person("carl"), problem_number)
    by_number = {ticket.number: ticket for ticket in view.incidents}
    notes = {number: [(note_text(note), note.visibility) for note in problems.notes(by_number[number])
                      if note.event == "workaround"] for number in (lost, late, bounced)}
    expected = f"Workaround from problem {problem_number}: Resend from webmail."
    assert notes == {lost: [(expected, "public")], late: [(expected, "public")], bounced: []}
    chinese = workaround_mail("lee@flowdesk.example")
    english = workaround_mail("sam@flowdesk.example")
    assert len(chinese) == 1 and len(english) == 1
    assert "临时解决方法" in chinese[0].subject and "Resend from webmail." in chinese[0].body
    assert "A workaround for your incident" in english[0].subject
    history = [note_text(note) for note in problems.notes(view.ticket)]
    assert f"Workaround published to 2 open incidents: {lost}, {late}." in history


def test_the_same_workaround_is_published_once(problems: ProblemDesk, linked) -> None:
    problem_number, _numbers = linked
    publish_workaround(problems.runtime, person("carl"), problem_number)
    with pytest.raises(Conflict, match="already published"):
        publish_workaround(problems.runtime, person("carl"), problem_number)
    assert len(workaround_mail("sam@flowdesk.example")) == 1
    update_problem(problems.runtime, person("carl"), problem_number, {"workaround": "Use the backup relay."})
    publish_workaround(problems.runtime, person("carl"), problem_number)
    assert len(workaround_mail("sam@flowdesk.example")) == 2


def test_an_agent_may_link_incidents_but_not_publish(problems: ProblemDesk, linked) -> None:
    problem_number, _numbers = linked
    with pytest.raises(NotAllowed):
        publish_workaround(problems.runtime, person("sam"), problem_number)
    with pytest.raises(Conflict, match="already linked"):
        link_incident(person("sam"), problem_number, _numbers[0])


def test_a_problem_manager_links_an_incident_of_another_group(problems: ProblemDesk) -> None:
    problem = problems.problem()
    incident = problems.incident("Mail gone")  # service-desk's; carl is in change-managers and problem-managers
    link_incident(person("carl"), problem.number, incident.number)
    assert [ticket.number for ticket in problem_view(person("carl"), problem.number).incidents] == [incident.number]
