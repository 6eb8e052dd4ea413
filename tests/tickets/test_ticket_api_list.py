"""GET /api/v1/tickets and /api/v1/tickets/<number>: filters, keyset pages, visibility, refusals, the contract."""
from typing import Any

import jsonschema
import pytest

from app.api.openapi import document
from app.organisation.policies import system_actor
from app.organisation.tokens import create_token


@pytest.fixture
def api_get(client, runtime, demo):  # type: ignore[no-untyped-def]
    """api_get(path, login): GET /api/v1<path> with a token of the demo person."""
    tokens: dict[str, str] = {}

    def get(path: str, login: str):  # type: ignore[no-untyped-def]
        if login not in tokens:
            tokens[login] = create_token(runtime, system_actor(), login, "tests")
        return client.get("/api/v1" + path, headers={"Authorization": f"Bearer {tokens[login]}"})
    return get


def documented(response, operation_id: str) -> Any:  # type: ignore[no-untyped-def]
    """Check a response against the OpenAPI document's description of that operation and status; return its JSON."""
    made = document()
    operation = next(operation for methods in made["paths"].values() for operation in methods.values()
                     if operation["operationId"] == operation_id)
    described = operation["responses"][str(response.status_code)]
    schema = {**described["content"][response.mimetype]["schema"], "components": made["components"]}
    jsonschema.validate(response.get_json(), schema, cls=jsonschema.Draft202012Validator)
    return response.get_json()


def numbers_of(body: dict[str, Any]) -> list[str]:
    """Return the ticket numbers of a list answer."""
    return [ticket["number"] for ticket in body["tickets"]]


def test_list_answers_the_documented_page_of_matching_tickets(api_get, make_ticket) -> None:
    wanted = make_ticket(title="VPN drops", status="assigned", priority="P1")
    make_ticket(title="VPN slow", status="closed", priority="P1")
    make_ticket(title="Printer", status="assigned", priority="P1")
    body = documented(api_get("/tickets?q=vpn&status=new,assigned&priority=P1", "mona"), "list_tickets")
    assert numbers_of(body) == [wanted.number]
    assert body["tickets"][0]["status"] == "assigned" and body["next"] is None and body["previous"] is None


def test_list_pages_forward_and_back_with_the_cursors(api_get, make_ticket) -> None:
    made = [make_ticket(title=f"t{n}") for n in range(5)]
    first = documented(api_get("/tickets?sort=oldest&limit=2", "mona"), "list_tickets")
    second = documented(api_get(f"/tickets?sort=oldest&limit=2&after={first['next']}", "mona"), "list_tickets")
    last = documented(api_get(f"/tickets?sort=oldest&limit=2&after={second['next']}", "mona"), "list_tickets")
    assert [numbers_of(page) for page in (first, second, last)] == [
        [made[0].number, made[1].number], [made[2].number, made[3].number], [made[4].number]]
    assert last["next"] is None
    back = documented(api_get(f"/tickets?sort=oldest&limit=2&before={second['previous']}", "mona"), "list_tickets")
    assert numbers_of(back) == numbers_of(first) and back["previous"] is None


def test_list_holds_only_what_the_person_may_see(api_get, make_ticket) -> None:
    own = make_ticket(requester="rita", assigned_group="cab")
    desk = make_ticket(requester="carl", assigned_group="service-desk")
    make_ticket(requester="carl", assigned_group="cab")
    assert numbers_of(api_get("/tickets", "rita").get_json()) == [own.number]
    assert numbers_of(api_get("/tickets", "sam").get_json()) == [desk.number]
    assert len(api_get("/tickets", "audrey").get_json()["tickets"]) == 3


def test_unknown_status_value_is_refused_by_name(api_get, demo) -> None:
    response = api_get("/tickets?status=open", "mona")
    body = documented(response, "list_tickets")
    assert response.status_code == 422
    assert "'open' is not a status; use one of new, assigned" in body["detail"]
    assert list(body["errors"]) == ["status"]


def test_bad_date_and_unknown_parameter_are_refused_by_name(api_get, demo) -> None:
    body = documented(api_get("/tickets?created_from=yesterday", "mona"), "list_tickets")
    assert list(body["errors"]) == ["created_from"] and "YYYY-MM-DD" in body["detail"]
    body = documented(api_get("/tickets?stauts=new", "mona"), "list_tickets")
    assert list(body["errors"]) == ["stauts"] and "no parameter stauts" in body["detail"]


def test_bad_limit_and_foreign_cursor_are_refused(api_get, demo) -> None:
    assert documented(api_get("/tickets?limit=500", "mona"), "list_tickets")["errors"].keys() == {"limit"}
    assert documented(api_get("/tickets?after=xyz", "mona"), "list_tickets")["errors"].keys() == {"after"}


def test_list_needs_a_token(client) -> None:
    assert client.get("/api/v1/tickets").status_code == 401


def test_reading_a_ticket_answers_every_field_and_the_notes_the_person_may_read(api_get, runtime, make_note,
                                                                                 make_ticket) -> None:
    ticket = make_ticket(requester="rita", title="Keyboard sticky")
    make_note(ticket, "sam", "Internal: ordered a new one.", "internal")
    make_note(ticket, "sam", "A new keyboard is on its way.", "public")
    staff = documented(api_get(f"/tickets/{ticket.number.lower()}", "sam"), "show_ticket")
    assert (staff["number"], staff["title"], staff["description"]) == (ticket.number, "Keyboard sticky",
                                                                       "Third floor.")
    assert [note["visibility"] for note in staff["notes"]] == ["internal", "public"]
    requester = documented(api_get(f"/tickets/{ticket.number}", "rita"), "show_ticket")
    assert [note["body"] for note in requester["notes"]] == ["A new keyboard is on its way."]


def test_invisible_and_unknown_tickets_answer_404_alike(api_get, make_ticket) -> None:
    other = make_ticket(requester="carl", assigned_group="cab")
    invisible = api_get(f"/tickets/{other.number}", "rita")
    unknown = api_get("/tickets/INC-999999", "rita")
    assert (invisible.status_code, unknown.status_code) == (404, 404)
    documented(invisible, "show_ticket")
    assert documented(api_get(f"/tickets/{other.number}", "mona"), "show_ticket")["number"] == other.number
