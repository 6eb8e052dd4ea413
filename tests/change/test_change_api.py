"""/api/v1/changes: raise, read, list with filters and edit, with the permission rules of
app.organisation.policies (who may raise, see and edit) and 422 answers naming the refused field."""
from typing import Any

import pytest

from app.organisation.policies import system_actor
from app.organisation.tokens import create_token
from tests.change.conftest import ChangeDesk


def bearer(changes: ChangeDesk, login: str) -> dict[str, str]:
    """Return an API token header for a demo person."""
    return {"Authorization": f"Bearer {create_token(changes.runtime, system_actor(), login, 'tests')}"}


def body(changes: ChangeDesk, **given: Any) -> dict[str, Any]:
    """Return a valid normal change for tomorrow night on a fresh CI."""
    values = changes.values()
    return {"type": "normal", "title": values.title, "reason": values.reason, "owner": "carl",
            "owner_group": "second-line", "implementer": "lee", "planned_start": "2026-11-24T22:00",
            "planned_end": "2026-11-24T23:30", "implementation_plan": values.implementation_plan,
            "backout_plan": values.backout_plan, "ci_ids": values.ci_ids, **given}


@pytest.fixture
def raised(client, changes: ChangeDesk) -> dict[str, Any]:
    """A normal change sam raised through the API."""
    answer = client.post("/api/v1/changes", json=body(changes), headers=bearer(changes, "sam"))
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def test_staff_raise_a_change_read_in_their_zone_with_its_risk_reasons(client, changes, raised) -> None:
    assert raised["number"].startswith("CHG-") and raised["stage"] == "assess"
    assert raised["planned_start"].startswith("2026-11-24T14:00")  # sam writes in Shanghai: 22:00 is 14:00 UTC
    assert raised["time_zone"] == "Asia/Shanghai"
    assert {"questionnaire_score", "impact_score", "success_of", "yes"} <= set(raised["risk_reasons"])
    shown = client.get(f"/api/v1/changes/{raised['number'].lower()}", headers=bearer(changes, "carl"))
    assert shown.get_json()["owner"] == "carl"


def test_the_list_filters_by_type_and_ci(client, changes, raised) -> None:
    listed = client.get(f"/api/v1/changes?type=normal&ci_id={raised['ci_ids'][0]}", headers=bearer(changes, "carl"))
    assert [row["number"] for row in listed.get_json()["changes"]] == [raised["number"]]
    none = client.get("/api/v1/changes?type=emergency", headers=bearer(changes, "carl"))
    assert none.get_json()["changes"] == []
    unknown = client.get("/api/v1/changes?type=urgent", headers=bearer(changes, "carl"))
    assert unknown.status_code == 422 and "type" in unknown.get_json()["errors"]


def test_a_window_of_tomorrow_night_is_refused_naming_the_field(client, changes) -> None:
    answer = client.post("/api/v1/changes", json=body(changes, planned_start="tomorrow night"),
                         headers=bearer(changes, "sam"))
    assert answer.status_code == 422
    assert list(answer.get_json()["errors"]) == ["planned_start"]
    assert "Planned start must be a date and time" in answer.get_json()["detail"]


def test_a_planned_start_in_the_past_is_refused(client, changes) -> None:
    answer = client.post("/api/v1/changes", json=body(changes, planned_start="2026-11-22T22:00"),
                         headers=bearer(changes, "sam"))
    assert answer.status_code == 422
    assert answer.get_json()["errors"]["planned_start"] == [
        "Planned start is in the past; enter a date and time from now on."]


def test_unknown_owner_and_missing_plans_are_named_each(client, changes) -> None:
    answer = client.post("/api/v1/changes", json=body(changes, owner="nobody", backout_plan=""),
                         headers=bearer(changes, "sam"))
    assert answer.status_code == 422
    assert set(answer.get_json()["errors"]) == {"owner", "backout_plan"}


def test_a_requester_may_not_raise_nor_see_changes(client, changes, raised) -> None:
    assert client.post("/api/v1/changes", json=body(changes), headers=bearer(changes, "rita")).status_code == 403
    assert client.get("/api/v1/changes", headers=bearer(changes, "rita")).status_code == 403
    assert client.get(f"/api/v1/changes/{raised['number']}", headers=bearer(changes, "rita")).status_code == 404


def test_the_requester_edits_the_test_plan_and_the_risk_is_assessed_again(client, changes, raised) -> None:
    answer = client.patch(f"/api/v1/changes/{raised['number']}", json={"test_plan": "Send a mail", "impact": "high"},
                          headers=bearer(changes, "sam"))
    assert answer.status_code == 200, answer.get_json()
    assert (answer.get_json()["test_plan"], answer.get_json()["impact"]) == ("Send a mail", "high")
    assert answer.get_json()["risk_reasons"]["impact"] == "high"


def test_an_auditor_reads_but_may_not_edit(client, changes, raised) -> None:
    headers = bearer(changes, "audrey")
    assert client.get(f"/api/v1/changes/{raised['number']}", headers=headers).status_code == 200
    assert client.patch(f"/api/v1/changes/{raised['number']}", json={"reason": "x"},
                        headers=headers).status_code == 403


def test_a_cab_member_sees_every_change_but_may_not_edit_it(client, changes, raised) -> None:
    headers = bearer(changes, "lee")
    assert client.get(f"/api/v1/changes/{raised['number']}", headers=headers).status_code == 200
    refused = client.patch(f"/api/v1/changes/{raised['number']}", json={"reason": "x"}, headers=headers)
    assert refused.status_code == 403 and "its requester, its owner" in refused.get_json()["detail"]


def test_the_record_is_fixed_once_the_cab_reads_it(client, changes, raised) -> None:
    ticket = changes.fresh_number(raised["number"])
    changes.work(ticket, "assess", "carl", impact="medium", test_plan="Send a mail", assessment="Fine")
    refused = client.patch(f"/api/v1/changes/{raised['number']}", json={"reason": "Other"},
                           headers=bearer(changes, "carl"))
    assert refused.status_code == 403 and "record is fixed" in refused.get_json()["detail"]


def test_the_changes_are_in_the_openapi_document(client) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"get", "post"} <= set(paths["/changes"]) and "patch" in paths["/changes/{number}"]
