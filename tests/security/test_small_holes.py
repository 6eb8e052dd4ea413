"""Finding 10 of issue 9: small holes that answered 500, let a spreadsheet run a formula, or told ids apart.

Each test goes through the real HTTP stack (the web pages and the API) on SQLite and PostgreSQL.
"""
import base64
import csv
import io
import json

import pytest

from app.cmdb.items import create_ci, save_ci_type
from app.organisation.accounts import create_token
from app.organisation.policies import system_actor
from app.platform.csv_cells import guard_formula, unguard_formula
from app.workflow.instances.lifecycle import start_instance

HUGE_ID = 2**40  # fits a 64-bit integer, not PostgreSQL's 32-bit id columns
FORMULAS = ["=1+1", "+1", "-1", "@SUM(A1)", ";=1+1", ";cmd", "\tcmd", "\r=1", " =1+1", "\u3000=1", "\n@x",
            "'=1+1", "''+1", "＝1+1"]


def cursor(*parts: object) -> str:
    """Write a page cursor the way the app does (base64 of a JSON list)."""
    return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode().rstrip("=")


@pytest.fixture
def tokens(runtime, demo) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """One API token per demo person."""
    return {login: create_token(runtime, system_actor(), login, "tests") for login in demo}


def api_get(client, tokens, path: str, login: str):  # type: ignore[no-untyped-def]
    """GET /api/v1<path> with the person's token."""
    return client.get("/api/v1" + path, headers={"Authorization": f"Bearer {tokens[login]}"})


@pytest.fixture
def servers(app, demo, clock, admin_actor):  # type: ignore[no-untyped-def]
    """A server type with one CI, so that a name search has a row to compare."""
    save_ci_type(admin_actor, "server", "Server", [])
    create_ci(admin_actor, clock, "server", {"name": "web-01", "location": "Shanghai DC1"})


# --- CSV cells ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", FORMULAS)
def test_csv_guard_marks_every_formula_start_and_gives_it_back_unchanged(text: str) -> None:
    guarded = guard_formula(text)
    assert guarded == "'" + text
    assert unguard_formula(guarded) == text


@pytest.mark.parametrize("text", ["Printer", "a=b", "P1", "'s-Hertogenbosch", "", " plain", "3"])
def test_csv_guard_leaves_plain_text_alone(text: str) -> None:
    assert guard_formula(text) == text
    assert unguard_formula(text) == text


def test_agent_exports_cis_whose_cells_start_no_formula_and_imports_them_back_unchanged(
        client, sign_in, demo, clock, admin_actor) -> None:
    save_ci_type(admin_actor, "server", "Server", [])
    kept = [text for text in FORMULAS if text == text.strip()]  # the service trims the rest
    for number, text in enumerate(kept):
        create_ci(admin_actor, clock, "server", {"name": f"ci-{number:02}", "location": text})
    sign_in("sam")
    response = client.get("/cmdb/export?type=server")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["location"] for row in rows] == ["'" + text for text in kept]
    sign_in("adam")
    upload = {"type": "server", "file": (io.BytesIO(response.get_data()), "servers.csv")}
    imported = client.post("/cmdb/import", data=upload, content_type="multipart/form-data")
    assert imported.status_code == 200, imported.get_data(as_text=True)
    again = client.get("/cmdb/export?type=server")
    assert again.get_data() == response.get_data()


# --- long queries and overflowing cursors ------------------------------------------------------------

@pytest.mark.parametrize("argument", ["q", "location"])
def test_agent_searching_cis_with_60000_characters_gets_a_clear_400(client, sign_in, servers, argument) -> None:
    sign_in("sam")
    response = client.get(f"/cmdb?{argument}=" + "a" * 60_000)
    assert response.status_code == 400
    assert "is longer than" in response.get_data(as_text=True)


@pytest.mark.parametrize("argument", ["q", "location"])
def test_api_client_searching_cis_with_60000_characters_gets_a_problem(client, tokens, servers, argument) -> None:
    response = api_get(client, tokens, f"/cis?{argument}=" + "a" * 60_000, "sam")
    assert response.status_code == 422
    assert argument in response.get_json()["errors"]


@pytest.mark.parametrize("path", ["/cmdb?after=" + cursor("x", HUGE_ID), "/knowledge?after=" + cursor(HUGE_ID),
                                  "/tickets?after=" + cursor(HUGE_ID)])
def test_agent_with_an_overflowing_page_cursor_starts_the_list_again(client, sign_in, servers, path) -> None:
    sign_in("sam")
    response = client.get(path)
    assert response.status_code == 200
    assert "A page link was damaged" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/cis?after=" + cursor("x", HUGE_ID), "/articles?after=" + cursor(HUGE_ID),
                                  "/tickets?after=" + cursor(HUGE_ID)])
def test_api_client_with_an_overflowing_page_cursor_gets_a_problem(client, tokens, servers, path) -> None:
    response = api_get(client, tokens, path, "sam")
    assert response.status_code == 422
    assert response.get_json()["detail"] == "The page cursor is not valid."


@pytest.mark.parametrize(("login", "path"), [("olga", f"/instances?after={HUGE_ID}"),
                                             ("rita", f"/requests?after={HUGE_ID}"),
                                             ("olga", f"/instances/{HUGE_ID}"),
                                             ("rita", f"/requests/{HUGE_ID}")])
def test_overflowing_ids_in_addresses_answer_without_a_server_error(client, sign_in, demo, login, path) -> None:
    sign_in(login)
    assert client.get(path).status_code in (200, 404)


# --- the way back after signing in -------------------------------------------------------------------

@pytest.mark.parametrize("target", ["/portal%0d%0aSet-Cookie:%20x=1", "/portal%0aLocation:%20//evil.example",
                                    "/%09/evil.example"])
def test_login_with_a_control_character_in_next_is_a_clear_400(client, demo, target) -> None:
    shown = client.get(f"/login?next={target}")
    assert shown.status_code == 400
    assert "address to return to" in shown.get_data(as_text=True)
    posted = client.post(f"/login?next={target}", data={"login": "rita", "password": "flowdesk-demo"})
    assert posted.status_code == 400
    assert "Set-Cookie" not in posted.headers or "x=1" not in posted.headers["Set-Cookie"]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example",
                                    "\\\\evil.example", "javascript:alert(1)", "portal", "/%5Cevil.example"])
def test_login_goes_home_instead_of_to_a_next_outside_flowdesk(client, demo, target) -> None:
    response = client.post("/login", query_string={"next": target},
                           data={"login": "rita", "password": "flowdesk-demo"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_language_switch_with_a_control_character_in_next_is_a_clear_400(client, demo) -> None:
    response = client.post("/language", data={"language": "zh_CN", "next": "/portal\r\nX-Evil: 1"})
    assert response.status_code == 400


# --- instance ids do not tell "exists" from "not yours" ----------------------------------------------

@pytest.fixture
def carls_instance(runtime, deploy, demo) -> int:  # type: ignore[no-untyped-def]
    """An incident carl started; rita may not see it."""
    deploy("incident.bpmn")
    return start_instance(runtime, "incident", {"title": "Not rita's"}, actor="carl")


@pytest.mark.parametrize("pattern", ["/instances/{}", "/instances/{}/diagram.bpmn", "/requests/{}"])
def test_requester_gets_the_same_answer_for_another_persons_instance_and_a_missing_one(
        client, sign_in, carls_instance, pattern) -> None:
    sign_in("rita")
    hidden = client.get(pattern.format(carls_instance))
    missing = client.get(pattern.format(carls_instance + 1000))
    assert hidden.status_code == missing.status_code == 404
    own_address = pattern.format(carls_instance + 1000)  # the page names its own address (the language switch)
    assert hidden.get_data(as_text=True) == missing.get_data(as_text=True).replace(
        own_address, pattern.format(carls_instance))


@pytest.mark.parametrize("pattern", ["/instances/{}", "/instances/{}/history"])
def test_api_requester_gets_the_same_problem_for_another_persons_instance_and_a_missing_one(
        client, tokens, carls_instance, pattern) -> None:
    missing_id = carls_instance + 1000
    hidden = api_get(client, tokens, pattern.format(carls_instance), "rita")
    missing = api_get(client, tokens, pattern.format(missing_id), "rita")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.get_json() == {**missing.get_json(), "detail": f"Instance {carls_instance} does not exist."}
    assert missing.get_json()["detail"] == f"Instance {missing_id} does not exist."


def test_the_400_for_a_control_character_in_next_speaks_chinese_to_a_chinese_reader(client, demo) -> None:
    client.post("/language", data={"language": "zh_CN", "next": "/login"})
    response = client.get("/login?next=/portal%0d%0a")
    assert response.status_code == 400
    assert "要返回的地址无效" in response.get_data(as_text=True)
