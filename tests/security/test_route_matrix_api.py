"""The route matrix's cells for the API and the Camunda-compatible REST API, called by every role (see test_route_matrix.py)."""
import pytest

from tests.security.route_matrix_calls import cells, check_cell
from tests.security.world import World


@pytest.mark.parametrize(("rule", "method", "role"), cells("api"))
def test_role_gets_the_intended_answer(world: World, rule: str, method: str, role: str) -> None:
    check_cell(world, rule, method, role)
