"""Staff-only data stays with the staff on the instance pages (issue 9, finding 4), through the real HTTP stack.

The approver's comment and the forward reason are internal notes on the ticket; the instance page, the instance
API and its history must not hand them to the requester (or to a process owner) either.
"""
# ruff: noqa: F811  (the fixtures imported from tests/api and tests/incident are parameters here)
import json

import pytest

from tests.api.conftest import ApiClient, api, tokens  # noqa: F401  (fixtures)
from tests.incident.conftest import Desk, desk  # noqa: F401  (fixture)

APPROVER_SECRET = "Refused: the vendor contract says the requester pays for this"
FORWARD_SECRET = "Lee knows this printer's driver bug, the desk does not"


@pytest.fixture
def worked(desk: Desk) -> Desk:
    """Rita's major incident, logged by herself: the manager refused it once with a comment, then sam forwarded it with a reason."""
    desk.log(impact="high", urgency="high", actor="rita", channel="portal")
    desk.classify(impact="high", urgency="high")
    desk.work("approve_major", "mona", claim=True, approval="refuse", approval_comment=APPROVER_SECRET)
    desk.classify(impact="high", urgency="high")
    desk.work("approve_major", "mona", claim=True, approval="approve", approval_comment="")
    desk.work("take_or_pass", "sam", decision="forward", reason=FORWARD_SECRET, forward_group="second-line")
    return desk


def test_requester_does_not_read_staff_comments_on_the_instance_page(worked: Desk, client, sign_in) -> None:
    sign_in("rita")
    page = client.get(f"/instances/{worked.instance.id}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert APPROVER_SECRET not in body and FORWARD_SECRET not in body
    assert "Printer jams" in body  # she still reads her own incident's data


def instance_answers(api: ApiClient, desk: Desk, login: str) -> tuple[dict, dict]:  # type: ignore[type-arg]
    """Read the instance and its history through the API as someone who may see them."""
    instance = api.get(f"/instances/{desk.instance.id}", login)
    history = api.get(f"/instances/{desk.instance.id}/history", login)
    assert (instance.status_code, history.status_code) == (200, 200)
    return instance.get_json(), history.get_json()


def shows_a_secret(*answers: dict) -> bool:  # type: ignore[type-arg]
    """Say whether any answer holds the approver's comment or the forward reason."""
    text = json.dumps(answers, ensure_ascii=False)
    return APPROVER_SECRET in text or FORWARD_SECRET in text


def test_requester_does_not_read_staff_comments_through_the_instance_api(worked: Desk, api: ApiClient) -> None:
    instance, history = instance_answers(api, worked, "rita")
    assert not shows_a_secret(instance, history)
    variables = instance["variables"]
    assert "approval_comment" not in variables and "reason" not in variables
    assert variables["title"] == "Printer jams"
    kinds = [event["kind"] for event in history["events"]]
    assert "task_completed" in kinds  # she sees that steps happened, not what staff wrote in them


@pytest.mark.parametrize("login", ["rita", "mona"])
def test_ticket_api_and_instance_api_agree(worked: Desk, api: ApiClient, login: str) -> None:
    ticket = api.get(f"/tickets/{worked.number}", login).get_json()
    assert shows_a_secret(ticket) == shows_a_secret(*instance_answers(api, worked, login)) == (login == "mona")


def test_process_owner_reads_instance_data_only_as_far_as_her_role_allows(worked: Desk, api: ApiClient) -> None:
    assert not shows_a_secret(*instance_answers(api, worked, "olga"))


def test_staff_still_read_every_comment_on_the_instance(worked: Desk, api: ApiClient, client, sign_in) -> None:
    for login in ("mona", "audrey"):
        history = json.dumps(instance_answers(api, worked, login)[1], ensure_ascii=False)
        assert APPROVER_SECRET in history and FORWARD_SECRET in history
    sign_in("audrey")
    assert APPROVER_SECRET in client.get(f"/instances/{worked.instance.id}").get_data(as_text=True)


def test_requester_still_reads_her_own_answers_and_the_resolution(worked: Desk, api: ApiClient) -> None:
    agent = worked.ticket.assignee
    worked.work("take_or_pass", agent, decision="accept")
    worked.work("resolve", agent, outcome="resolved", resolution="Reinstalled the driver.")
    variables = api.get(f"/instances/{worked.instance.id}", "rita").get_json()["variables"]
    assert variables["resolution"] == "Reinstalled the driver."  # her 'Confirm the fix' form shows it
