"""Every route of the pages and the API, called by every role: the answer is the one issue 9 intends.

This module checks the matrix itself and the cells of the pages outside the admin's, the desk's and the APIs;
test_route_matrix_admin.py, _desk.py and _api.py check theirs, each over a world of its own
(tests/security/route_matrix_calls.py says how a cell is checked).

The expectations live in tests/security/route_matrix.py. A request that is refused, hidden or sent to sign in
must also leave the database as it was. A cell where today's code answers otherwise is marked
xfail(strict) with the finding that covers it; when the fix lands the cell passes, the XPASS fails the suite,
and the entry in `today` is deleted.
"""
import pytest
from flask import Flask

from app import create_app
from tests.security.route_matrix import MATRIX, ROLES, route_key
from tests.security.route_matrix_calls import AREAS, cells, check_cell
from tests.security.world import World

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def routes_of(app: Flask) -> set[tuple[str, str]]:
    """Every (rule, method) the app answers, rules without their converters."""
    return {(route_key(rule.rule), method) for rule in app.url_map.iter_rules()
            for method in (rule.methods or set()) - IGNORED_METHODS}


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


@pytest.mark.parametrize(("rule", "method", "role"), cells("pages"))
def test_role_gets_the_intended_answer(world: World, rule: str, method: str, role: str) -> None:
    check_cell(world, rule, method, role)


def test_every_route_is_checked_in_exactly_one_area() -> None:
    checked = [(rule, method) for area in AREAS for rule, method, _role in (cell.values for cell in cells(area))]
    assert sorted(set(checked)) == sorted(MATRIX), "a route's cells are in no test module"
    assert len(checked) == len(MATRIX) * len(ROLES), "a route's cells are checked twice"
