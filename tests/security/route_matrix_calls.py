"""How one cell of the route matrix is checked: call the route as the role, class the answer, check the database.

The cells are spread over four test modules by area (test_route_matrix.py and its _admin, _api and _desk
siblings), each with its own world, so that the suite's workers share them; `cells(area)` gives one area's.
"""
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from werkzeug.test import TestResponse

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
)
from tests.security.world import World

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
MATRIX_BPMN = (Path(__file__).parents[1] / "diagrams" / "inbox_task.bpmn").read_bytes()
AREAS = ("admin", "api", "desk", "pages")
DESK_PREFIXES = ("/processes", "/instances", "/tickets", "/changes", "/problems", "/tasks", "/inbox", "/requests",
                 "/evidence", "/history")


def area_of(rule: str) -> str:
    """Say which test module checks a route's cells: the admin pages, the APIs, the desk's pages, or the rest."""
    if rule.startswith("/admin"):
        return "admin"
    if rule.startswith(("/api/", "/engine-rest")):
        return "api"
    if rule.startswith(DESK_PREFIXES):
        return "desk"
    return "pages"


def cells(area: str) -> list[Any]:
    """One parameter per (route, method, role) of an area, xfail where today's code disagrees."""
    found = []
    for (rule, method), route in sorted(MATRIX.items()):
        if area_of(rule) != area:
            continue
        for role in ROLES:
            today = known_today(route)
            marks = [pytest.mark.xfail(strict=True, reason=today[role])] if role in today else []
            found.append(pytest.param(rule, method, role, marks=marks, id=f"{method} {rule} {role}"))
    return found


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


def check_cell(world: World, rule: str, method: str, role: str) -> None:
    """Call the route as the role; assert the intended answer, and no write where the answer refuses."""
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
