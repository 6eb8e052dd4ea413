"""The change and problem diagrams run on their records (issue 15): a change manager does not find them among the
portal's processes, and starting one bare, from the portal or the API, is refused saying where to raise it."""
import pytest

from app.platform.errors import NotAllowed
from app.servicedesk.portal.catalogue import list_portal_offers, start_request
from tests.change.conftest import ChangeDesk, person
from tests.change.test_change_api import bearer

pytestmark = pytest.mark.usefixtures("database_url")


def test_the_portal_offers_a_change_manager_no_bare_change_or_problem_process(changes: ChangeDesk) -> None:
    offered = {offer.process_id for offer in list_portal_offers(person("carl"))}
    assert offered.isdisjoint({"change-standard", "change-normal", "change-emergency", "problem"})
    assert "incident" in offered


def test_starting_a_change_diagram_bare_is_refused_naming_the_changes_page(changes: ChangeDesk) -> None:
    with pytest.raises(NotAllowed, match=r"'change-normal' cannot be started as a bare process: it runs on the "
                                         r"record of a change, raised on the Changes page \(/changes/new\)"):
        start_request(changes.runtime, person("carl"), "change-normal", {})
    assert changes.tickets() == []


def test_the_portal_page_and_the_api_refuse_a_bare_change_with_the_reason(client, sign_in, changes) -> None:
    answer = client.post("/api/v1/processes/change-emergency/instances", json={},
                         headers=bearer(changes, "carl"))
    assert answer.status_code == 403
    assert "raised on the Changes page" in answer.get_data(as_text=True)
    sign_in("carl")
    page = client.get("/portal/start/change-normal")
    assert page.status_code == 403
    assert "raised on the Changes page (/changes/new)" in page.get_data(as_text=True)
