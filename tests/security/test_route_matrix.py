"""Every route of the pages and the API, called by every role: the answer is the one issue 9 intends.

The expectations live in tests/security/route_matrix.py. A request that is refused, hidden or sent to sign in
must also leave the database as it was. A cell where today's code answers otherwise is marked
xfail(strict) with the finding that covers it; when the fix lands the cell passes, the XPASS fails the suite,
and the entry in `today` is deleted.
"""
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from app import create_app
from tests.security.route_matrix import (
    ALLOWED,
    HIDDEN,
    INVALID,
    MATRIX,
    NOT_HERE,
    REFUSED,
    ROLES,
    SIGN_IN,
    Route,
    known_today,
    route_key,
)
from tests.security.world import World

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
MATRIX_BPMN = (Path(__file__).parents[1] / "diagrams" / "inbox_task.bpmn").read_bytes()
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def routes_of(app: Flask) -> set[tuple[str, str]]:
    """Every (rule, method) the app answers, rules without their converters."""
    return {(route_key(rule.rule), method) for rule in app.url_map.iter_rules()
            for method in (rule.methods or set()) - IGNORED_METHODS}


def cells() -> list[Any]:
    """One parameter per (route, method, role), xfail where today's code disagrees."""
    found = []
    for (rule, method), route in sorted(MATRIX.items()):
        for role in ROLES:
            today = known_today(route)
            marks = [pytest.mark.xfail(strict=True, reason=today[role])] if role in today else []
            found.append(pytest.param(rule, method, role, marks=marks, id=f"{method} {rule} {role}"))
    return found


def unlisted(app: Flask) -> list[str]:
    """Say, for each route the app serves and the matrix lacks, what to add."""
    return [f"{method} {rule} has no entry in tests/security/route_matrix.py: add MATRIX[({rule!r}, {method!r})] = "
            "Route(path, answers(...) or {role: answer class for every role}, body=...)"
            for rule, method in sorted(routes_of(app) - set(MATRIX))]


def bare_app() -> Flask:
    return create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True})


def test_matrix_names_every_route_of_the_app() -> None:
    app = bare_app()
    missing = unlisted(app)
    assert not missing, "\n".join(missing)
    stale = sorted(set(MATRIX) - routes_of(app))
    assert not stale, f"these matrix entries name no route of the app any more; delete them: {stale}"


def test_a_new_route_without_an_entry_is_named_with_what_to_add() -> None:
    app = bare_app()
    app.add_url_rule("/reports/<int:report_id>", "report", lambda report_id: "", methods=["GET", "POST"])
    assert unlisted(app) == [
        "GET /reports/<report_id> has no entry in tests/security/route_matrix.py: add "
        "MATRIX[('/reports/<report_id>', 'GET')] = Route(path, answers(...) or {role: answer class for every "
        "role}, body=...)",
        "POST /reports/<report_id> has no entry in tests/security/route_matrix.py: add "
        "MATRIX[('/reports/<report_id>', 'POST')] = Route(path, answers(...) or {role: answer class for every "
        "role}, body=...)"]


def test_matrix_gives_every_role_an_answer_and_marks_only_real_cells() -> None:
    for key, route in MATRIX.items():
        assert set(route.expect) == set(ROLES), f"{key} lacks answers for {set(ROLES) - set(route.expect)}"
        assert set(route.today) <= set(ROLES), key
        assert all(reason.startswith("issue 9 finding ") for reason in route.today.values()), key


def fill(text: str, ids: dict[str, str]) -> str:
    """Put the world's ids into a path or a form value: "/tickets/{number}" -> "/tickets/INC-000001"."""
    return re.sub(r"\{(\w+)\}", lambda found: ids.get(found[1], found[0]), text)


def answer_classes(response: TestResponse, route: Route, flashed_error: list[str]) -> set[str]:
    """Say which answer classes a response belongs to."""
    status = response.status_code
    if status == 401 and route.api:
        return {SIGN_IN}
    if status in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        if location.startswith("/login") and not route.path.startswith("/logout"):
            return {SIGN_IN}
        if location.startswith("/login"):
            return {SIGN_IN}
        return {REFUSED, INVALID} if flashed_error else {ALLOWED}
    if 200 <= status < 300:
        return {ALLOWED}
    return {403: {REFUSED}, 404: {HIDDEN}, 405: {NOT_HERE}, 400: {INVALID}, 409: {INVALID},
            422: {INVALID}}.get(status, {f"status {status}"})


def finished(response: TestResponse) -> TestResponse:
    """Read a response to its end and close it: a streamed one (the CSV export) keeps its request context till then."""
    response.get_data()
    response.close()
    return response


def send(world: World, route: Route, method: str, role: str) -> tuple[TestResponse, list[str]]:
    """Call the route as the role; return the response and whether the page flashed an error."""
    client = world.client(role)
    path = fill(route.path, world.ids)
    headers = world.headers(role, route.api)
    if route.api:
        body = json.dumps(route.body) if route.body is not None else ("{}" if method != "GET" else None)
        response = client.open(path, method=method, data=body, content_type="application/json", headers=headers)
        return finished(response), []
    data: dict[str, Any] | None = None
    if route.body is not None:
        data = {name: fill(value, world.ids) if isinstance(value, str) else value
                for name, value in route.body.items()}
        if data.get("file") == "png":
            data["file"] = (io.BytesIO(PNG), "screen.png", "image/png")
        elif data.get("file") == "bpmn":
            data["file"] = (io.BytesIO(MATRIX_BPMN), "matrix.bpmn", "application/xml")
        elif data.get("file") == "csv":
            data["file"] = (io.BytesIO(world.ids["server_csv"].encode()), "cis.csv", "text/csv")
    response = finished(client.open(path, method=method, data=data, headers=headers))
    flashed: list[str] = []
    if response.status_code in (301, 302, 303, 307, 308):
        with client.session_transaction() as session:
            flashed = [message for category, message in session.get("_flashes", []) if category == "error"]
    return response, flashed


@pytest.mark.parametrize(("rule", "method", "role"), cells())
def test_role_gets_the_intended_answer(world: World, rule: str, method: str, role: str) -> None:
    route = MATRIX[(rule, method)]
    expected = route.expect[role]
    world.restore()
    response, flashed = send(world, route, method, role)
    wrote = world.note_writes()
    got = answer_classes(response, route, flashed)
    assert expected in got, (
        f"{method} {fill(route.path, world.ids)} as {role}: expected {expected}, got {response.status_code} "
        f"({', '.join(sorted(got))}) {response.headers.get('Location', '')} "
        f"{flashed} {response.get_data(as_text=True)[:300] if response.status_code >= 400 else ''}")
    assert not (wrote and expected in (SIGN_IN, REFUSED, HIDDEN) and not (expected == SIGN_IN and route.sign_in_writes)), (
        f"{method} {fill(route.path, world.ids)} as {role} was answered {expected}, yet the database changed")
