"""Issue 9, finding 3: one request must not stall every writer.

Texts have one set of length limits (app.platform.limits) that the services enforce, so the page and the
API accept the same texts; request bodies have a cap answered with 413; a search is bounded in words and
their length; and a statement of a web or API request that runs past its deadline is stopped, answered
with 503 and leaves nothing written (SQLite's progress handler, PostgreSQL's statement_timeout).
"""
from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from app.cmdb.items import create_ci, save_ci_type
from app.extensions import db
from app.knowledge.articles import create_article
from app.organisation.accounts import actor_for, create_token
from app.organisation.policies import Actor, system_actor
from app.organisation.users import require_user
from app.platform.errors import InvalidValues, QueryTimedOut
from app.platform.limits import (
    ARTICLE_BODY_MAX,
    CI_ATTRIBUTE_MAX,
    FORM_VALUE_MAX,
    NOTE_MAX,
    SEARCH_TERM_MAX,
    SEARCH_TERMS_MAX,
    TICKET_DESCRIPTION_MAX,
)
from app.platform.transactions import use_case
from app.servicedesk.search import fulltext
from app.servicedesk.search.filters import parse_ticket_query
from app.servicedesk.search.lookup import search_tickets
from app.servicedesk.tickets.models import Ticket, TicketNote
from app.servicedesk.tickets.records import ticket_number
from app.web.shell.errors import handle_timeout
from app.workflow.instances.lifecycle import start_instance
from app.workflow.tasks.actions import claim_task, complete_task
from app.workflow.tasks.tasklist import list_tasks

FIFTY_MEGABYTES = 50 * 1024 * 1024


@pytest.fixture
def api(client, runtime, demo):  # type: ignore[no-untyped-def]
    """api(method, path, login, **kwargs): a request to /api/v1<path> with a token of the demo person."""
    tokens: dict[str, str] = {}

    def call(method: str, path: str, login: str, **kwargs):  # type: ignore[no-untyped-def]
        if login not in tokens:
            tokens[login] = create_token(runtime, system_actor(), login, "tests")
        headers = {"Authorization": f"Bearer {tokens[login]}", **kwargs.pop("headers", {})}
        return client.open("/api/v1" + path, method=method, headers=headers, **kwargs)
    return call


@pytest.fixture
def ticket(runtime, demo) -> Ticket:  # type: ignore[no-untyped-def]
    """Rita's ticket in the service desk's queue."""
    return insert_tickets(runtime, 1, "Laptop will not start")[0]


def insert_tickets(runtime, count: int, title: str, description: str = "") -> list[Ticket]:  # type: ignore[no-untyped-def]
    """Insert tickets of rita's, numbered from their ids."""
    moment = runtime.clock.now()
    made = []
    for index in range(count):
        made.append(Ticket(
            number=f"new-{index}", kind="incident", channel="portal", title=title, description=description,
            requester="rita", requester_department_id=None, category_id=None, ci_id=None, impact="medium",
            urgency="medium", priority="P3", priority_source="matrix", priority_reason="", status="assigned",
            assigned_group="service-desk", assignee=None, reassignment_count=0,
            created_at=moment + timedelta(seconds=index), updated_at=moment))
    db.session.add_all(made)
    db.session.flush()
    for item in made:
        item.number = ticket_number(item.kind, item.id)
    db.session.commit()
    return made


def mona() -> Actor:
    """Return Mona, a manager: she sees every ticket."""
    return actor_for(require_user("mona"))


def note_count() -> int:
    """Return how many notes there are."""
    count = db.session.execute(sa.select(sa.func.count()).select_from(TicketNote)).scalar_one()
    db.session.rollback()
    return int(count)


# --- request bodies --------------------------------------------------------------------------------

def test_api_refuses_a_fifty_megabyte_note_naming_the_limit(api, ticket) -> None:
    body = '{"body": "' + "a" * FIFTY_MEGABYTES + '"}'
    response = api("POST", f"/tickets/{ticket.number}/notes", "sam", data=body,
                   headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert "14.3 MB" in response.get_json()["detail"]  # 10 MB of attachment in base64, and a megabyte more
    assert note_count() == 0


def test_web_page_refuses_an_oversized_form_with_a_page_naming_the_limit(client, sign_in, ticket) -> None:
    sign_in("sam")
    response = client.post(f"/tickets/{ticket.number}/notes", data={"body": "a" * FIFTY_MEGABYTES})
    assert response.status_code == 413
    assert "14.3 MB" in response.get_data(as_text=True)
    assert note_count() == 0


def test_oversized_form_page_speaks_chinese_to_a_chinese_reader(client, sign_in, ticket) -> None:
    sign_in("sam")
    client.post("/language", data={"language": "zh_CN", "next": "/"})
    response = client.post(f"/tickets/{ticket.number}/notes", data={"body": "a" * FIFTY_MEGABYTES})
    assert response.status_code == 413
    assert "请求过大" in response.get_data(as_text=True) and "14.3 MB" in response.get_data(as_text=True)


# --- text lengths: the page and the API agree ------------------------------------------------------

def test_api_refuses_a_note_one_character_over_the_limit_and_takes_one_at_it(api, ticket) -> None:
    refused = api("POST", f"/tickets/{ticket.number}/notes", "sam", json={"body": "a" * (NOTE_MAX + 1)})
    assert refused.status_code == 422
    assert list(refused.get_json()["errors"]) == ["body"]
    assert f"{NOTE_MAX}" in refused.get_json()["detail"]
    assert api("POST", f"/tickets/{ticket.number}/notes", "sam", json={"body": "a" * NOTE_MAX}).status_code == 201
    assert note_count() == 1


def test_web_refuses_the_note_the_api_refuses(client, sign_in, ticket) -> None:
    sign_in("sam")
    client.post(f"/tickets/{ticket.number}/notes", data={"body": "a" * (NOTE_MAX + 1), "visibility": "internal"})
    assert note_count() == 0
    client.post(f"/tickets/{ticket.number}/notes", data={"body": "a" * NOTE_MAX, "visibility": "internal"})
    assert note_count() == 1


def test_note_service_refuses_a_long_note_whoever_calls_it(runtime, ticket, make_actor) -> None:
    from app.servicedesk.tickets.notes import add_note
    with pytest.raises(InvalidValues) as refused:
        add_note(runtime, make_actor("adam", "admin"), ticket.number, "字" * (NOTE_MAX + 1))
    assert "The note has 20,001 characters; at most 20,000 are allowed" in str(refused.value)
    assert list(refused.value.errors) == ["body"]
    assert note_count() == 0


def test_api_refuses_an_incident_whose_description_is_too_long(api, demo) -> None:
    response = api("POST", "/tickets", "rita", json={"title": "Printer", "description": "a" * 20_001})
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["description"]
    assert str(TICKET_DESCRIPTION_MAX) in response.get_json()["detail"]


def test_article_service_refuses_a_body_over_the_limit(runtime, agent_actor) -> None:
    with pytest.raises(InvalidValues) as refused:
        create_article(agent_actor, runtime.clock, "Printer offline", "a" * (ARTICLE_BODY_MAX + 1))
    assert list(refused.value.errors) == ["body_markdown"]
    assert f"{ARTICLE_BODY_MAX:,}" in str(refused.value)


def test_ci_service_refuses_an_attribute_over_the_limit(runtime, admin_actor) -> None:
    save_ci_type(admin_actor, "server", "Server", [{"name": "notes", "label": "Notes"}])
    with pytest.raises(InvalidValues) as refused:
        create_ci(admin_actor, runtime.clock, "server", {"name": "srv-01", "attributes": {"notes": "a" * 2_001}})
    assert refused.value.errors == {"attributes.notes": [
        f"Notes has 2,001 characters; at most {CI_ATTRIBUTE_MAX:,} are allowed. Shorten it."]}


def test_process_refuses_form_values_over_the_limit_at_start_and_at_a_task(runtime, deploy, people) -> None:
    deploy("reopen_loop.bpmn")
    with pytest.raises(InvalidValues) as refused:
        start_instance(runtime, "ticket", {"summary": "a" * (FORM_VALUE_MAX + 1)})
    assert list(refused.value.errors) == ["summary"] and f"{FORM_VALUE_MAX:,}" in str(refused.value)
    instance_id = start_instance(runtime, "ticket", {})
    (task,) = list_tasks(instance_id=instance_id)
    claim_task(runtime, task.id, "lee")
    with pytest.raises(InvalidValues) as refused:
        complete_task(runtime, task.id, "lee", {"note": "a" * (FORM_VALUE_MAX + 1)})
    assert list(refused.value.errors) == ["note"]
    assert complete_task(runtime, task.id, "lee", {"note": "a" * FORM_VALUE_MAX}) == "running"


# --- search terms ----------------------------------------------------------------------------------

def test_search_of_a_word_longer_than_allowed_is_refused_by_the_api(api, ticket) -> None:
    response = api("GET", "/tickets?q=" + "a" * 200, "rita")
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["q"]
    assert f"at most {SEARCH_TERM_MAX} characters" in response.get_json()["detail"]


def test_search_of_too_many_words_is_refused_and_the_page_says_why(api, client, sign_in, ticket) -> None:
    words = " ".join(f"word{n}" for n in range(SEARCH_TERMS_MAX + 1))
    response = api("GET", "/tickets", "rita", query_string={"q": words})
    assert response.status_code == 422
    assert f"at most {SEARCH_TERMS_MAX} different words" in response.get_json()["detail"]
    sign_in("rita")
    page = client.get("/tickets", query_string={"q": words})
    assert f"at most {SEARCH_TERMS_MAX} different words" in page.get_data(as_text=True)


def test_search_at_the_limits_is_answered(api, ticket) -> None:
    words = " ".join(["laptop", *(f"w{n}" for n in range(SEARCH_TERMS_MAX - 2)), "a" * SEARCH_TERM_MAX])
    assert parse_ticket_query([("q", words)]).text == words
    assert api("GET", "/tickets", "rita", query_string={"q": "laptop " + "x" * SEARCH_TERM_MAX}).status_code == 200


# --- the statement deadline ------------------------------------------------------------------------

@pytest.fixture
def haystack(runtime, demo, monkeypatch) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Enough tickets that a search walking them all runs past a deadline of a millisecond, on either database.

    The row check is forced (threshold 0), as for a common word: the walk reads every ticket.
    """
    insert_tickets(runtime, 3000, "Printer", "Paper jam on the third floor. " * 100)
    monkeypatch.setattr(fulltext, "SET_THRESHOLDS", {"sqlite": 0, "postgresql": 0})
    yield


@pytest.fixture
def short_deadline(app: Flask) -> Iterator[None]:
    """A statement deadline far below what walking the haystack takes (set once the person is signed in)."""
    app.config["STATEMENT_TIMEOUT_SECONDS"] = 0.001
    yield
    app.config["STATEMENT_TIMEOUT_SECONDS"] = 5


@pytest.fixture
def signed_in_mona(client, sign_in, demo) -> None:  # type: ignore[no-untyped-def]
    """Mona signed in on the client before the deadline is shortened (signing in checks a password hash)."""
    sign_in("mona")


def test_search_past_the_deadline_is_stopped_and_answered_503(api, haystack, short_deadline) -> None:
    # The token is made outside any request (no deadline); a statement of the request past its deadline is stopped.
    response = api("GET", "/tickets", "mona", query_string={"q": "zzzqqq nowhere"})
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert "stopped and nothing was saved" in response.get_json()["detail"]


def test_search_page_past_the_deadline_says_so(client, signed_in_mona, haystack, short_deadline) -> None:
    response = client.get("/tickets", query_string={"q": "zzzqqq nowhere"})
    assert response.status_code == 503
    assert "took too long" in response.get_data(as_text=True)


SLOW_COUNT = sa.text("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 300000) "
                     "SELECT count(*) FROM c")  # far past a millisecond on either database


def test_the_error_page_reads_without_the_deadline_the_request_spent(app, short_deadline) -> None:
    # The 503 page reads the signed-in person and the inbox count; on a busy server those reads could miss the
    # deadline too, and that second stop would escape the handler as a 500.
    with app.test_request_context("/tickets"):
        with pytest.raises(QueryTimedOut):
            db.session.execute(SLOW_COUNT)
        _, status = handle_timeout(QueryTimedOut("stopped"))
        assert status == 503
        assert db.session.execute(SLOW_COUNT).scalar_one() == 300000
        db.session.rollback()
    with app.test_request_context("/tickets"), pytest.raises(QueryTimedOut):  # the next request has its deadline
        db.session.execute(SLOW_COUNT)
    db.session.rollback()


def test_unit_stopped_by_the_deadline_writes_nothing(app, runtime, haystack, short_deadline) -> None:
    (first,) = db.session.execute(sa.select(Ticket).limit(1)).scalars()
    db.session.rollback()

    @use_case
    def note_then_search() -> None:
        db.session.add(TicketNote(ticket_id=first.id, author="mona", at=runtime.clock.now(), body="Looked.",
                                  visibility="internal"))
        db.session.flush()
        search_tickets(mona(), parse_ticket_query([("q", "zzzqqq")]), runtime.clock.now())

    with app.test_request_context("/tickets"), pytest.raises(QueryTimedOut):
        note_then_search()
    assert note_count() == 0


def test_scheduler_and_cli_work_has_no_deadline(app, runtime, haystack, short_deadline) -> None:
    page = search_tickets(mona(), parse_ticket_query([("q", "zzzqqq")]), runtime.clock.now())
    assert page.rows == []


def test_postgres_connections_carry_the_request_deadline_only_in_requests(app, database_url) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("statement_timeout is PostgreSQL's; SQLite's deadline is the tests above")
    show = sa.text("SHOW statement_timeout")
    db.session.close()
    with app.test_request_context("/tickets"):
        assert db.session.execute(show).scalar_one() == "5s"
        db.session.close()
    assert db.session.execute(show).scalar_one() == "0"
