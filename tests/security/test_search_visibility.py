"""Issue 9, finding 2: a text search matches only the text its reader may see, through the page, the API and the export.

A requester's own ticket holds an internal note (staff only). Before the fix her search matched its words, so
she could read the note one letter at a time by searching growing prefixes. Each search runs in both shapes of
app.servicedesk.search.fulltext: the index lookup (the default for a rare word) and the row check (forced by a zero
threshold, and always taken by words shorter than three characters).
"""
import csv
import io
from datetime import timedelta

import lxml.html
import pytest

from app.extensions import db
from app.organisation.accounts import create_token
from app.organisation.policies import system_actor
from app.servicedesk.search import fulltext
from app.servicedesk.tickets.models import Ticket, TicketNote
from app.servicedesk.tickets.records import ticket_number

SECRET = "quokkabridge"  # only in the internal note
SHARED = "wombatferry"  # in a public note on the same ticket


@pytest.fixture(params=["index", "row-check"])
def shape(request, monkeypatch) -> str:  # type: ignore[no-untyped-def]
    """Run the test with the index lookup, then with the row check of every word."""
    if request.param == "row-check":
        monkeypatch.setattr(fulltext, "SET_THRESHOLDS", {"sqlite": 0, "postgresql": 0})
    return str(request.param)


@pytest.fixture
def rita_ticket(runtime, demo) -> Ticket:  # type: ignore[no-untyped-def]
    """Rita's ticket, in the service desk's queue, with an internal note and a public one."""
    moment = runtime.clock.now()
    ticket = Ticket(
        number="new", kind="incident", channel="portal", title="Laptop will not start", description="Since today.",
        requester="rita", requester_department_id=None, category_id=None, ci_id=None, impact="medium",
        urgency="medium", priority="P3", priority_source="matrix", priority_reason="", status="assigned",
        assigned_group="service-desk", assignee=None, reassignment_count=0, created_at=moment, updated_at=moment)
    db.session.add(ticket)
    db.session.flush()
    ticket.number = ticket_number(ticket.kind, ticket.id)
    for body, visibility in ((f"Staff only: the {SECRET} account is compromised.", "internal"),
                             (f"We are looking at the {SHARED} settings.", "public")):
        db.session.add(TicketNote(ticket_id=ticket.id, author="sam", at=moment + timedelta(minutes=1), body=body,
                                  visibility=visibility))
    db.session.commit()
    return ticket


@pytest.fixture
def api_numbers(client, runtime):  # type: ignore[no-untyped-def]
    """api_numbers(login, words): the ticket numbers GET /api/v1/tickets?q=words answers a person."""
    tokens: dict[str, str] = {}

    def numbers(login: str, words: str) -> list[str]:
        if login not in tokens:
            tokens[login] = create_token(runtime, system_actor(), login, "tests")
        response = client.get("/api/v1/tickets", query_string={"q": words},
                              headers={"Authorization": f"Bearer {tokens[login]}"})
        assert response.status_code == 200, response.get_data(as_text=True)
        return [ticket["number"] for ticket in response.get_json()["tickets"]]
    return numbers


def page_numbers(client, words: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Return the ticket numbers the list page shows the signed-in person for a search."""
    response = client.get("/tickets", query_string={"q": words})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    html = lxml.html.fromstring(response.get_data(as_text=True))
    return [row.get("data-number") for row in html.xpath("//table[@data-testid='ticket-list']/tbody/tr")]


def export_numbers(client, words: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Return the ticket numbers of the CSV export of a search, as the signed-in person downloads it."""
    response = client.get("/tickets/export.csv", query_string={"q": words})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    text = response.get_data(as_text=True).removeprefix("\ufeff")
    return [row["number"] for row in csv.DictReader(io.StringIO(text))]


def every_way(client, api_numbers, login: str, words: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Return what the page, the export and the API find for a person's search."""
    return {"page": page_numbers(client, words), "export": export_numbers(client, words),
            "api": api_numbers(login, words)}


def test_requester_finds_nothing_by_a_word_only_in_an_internal_note_on_her_ticket(
        client, sign_in, api_numbers, rita_ticket, shape) -> None:
    sign_in("rita")
    assert every_way(client, api_numbers, "rita", SECRET) == {"page": [], "export": [], "api": []}


@pytest.mark.parametrize("prefix", [SECRET[:2], SECRET[:5], SECRET[:9]])
def test_requester_cannot_spell_out_an_internal_note_by_its_prefixes(
        client, sign_in, api_numbers, rita_ticket, shape, prefix) -> None:
    sign_in("rita")
    assert every_way(client, api_numbers, "rita", prefix) == {"page": [], "export": [], "api": []}


def test_requester_still_finds_her_ticket_by_a_public_note_and_its_title(
        client, sign_in, api_numbers, rita_ticket, shape) -> None:
    sign_in("rita")
    expected = [rita_ticket.number]
    assert every_way(client, api_numbers, "rita", SHARED) == {"page": expected, "export": expected, "api": expected}
    assert api_numbers("rita", "laptop") == expected


def test_agent_finds_the_ticket_by_a_word_of_its_internal_note(
        client, sign_in, api_numbers, rita_ticket, shape) -> None:
    sign_in("sam")
    expected = [rita_ticket.number]
    assert every_way(client, api_numbers, "sam", SECRET) == {"page": expected, "export": expected, "api": expected}
    assert api_numbers("sam", SECRET[:2]) == expected
