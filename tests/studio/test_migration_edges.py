"""The migration through its edges: flowdesk migrate, POST /api/v1/migrations, and the wizard page."""
import json

import pytest

from app.organisation.policies import system_actor
from app.organisation.tokens import create_token
from tests.studio.purchases import V1_TO_V2, open_task


@pytest.fixture
def bearer(runtime, demo):  # type: ignore[no-untyped-def]
    """bearer("olga"): the Authorization header of a demo person's fresh token."""
    return lambda login: {"Authorization": f"Bearer {create_token(runtime, system_actor(), login, 'tests')}"}


def post_plan(client, headers, body):  # type: ignore[no-untyped-def]
    """POST a plan to /api/v1/migrations."""
    return client.post("/api/v1/migrations", data=json.dumps(body), content_type="application/json", headers=headers)


def test_cli_dry_run_reports_each_instance_and_moves_nothing(cli, purchases) -> None:
    result = cli("migrate", "purchase", "--from", "1", "--to", "2", "--dry-run", "--json", "--as", "olga")
    assert result.exit_code == 0, result.stderr
    reports = {line["instance_id"]: line for line in json.loads(result.stdout)["instances"]}
    assert reports[purchases["approve"]]["refused"] is True
    assert reports[purchases["review"]]["tasks_after"] == ["review"]
    assert open_task(purchases["approve"]).element_id == "approve"


def test_cli_moves_with_a_hand_mapping_and_restarted_timers(cli, purchases) -> None:
    result = cli("migrate", "purchase", "--from", "1", "--to", "2", "--map", "approve=sign_off", "--timers",
                 "restart", "--as", "olga")
    assert result.exit_code == 0, result.stderr
    assert "Moved 2 instances to version 2." in result.stdout
    assert open_task(purchases["approve"]).element_id == "sign_off"


def test_cli_refuses_an_agent_with_a_sentence(cli, purchases) -> None:
    result = cli("migrate", "purchase", "--from", "1", "--to", "2", "--as", "sam")
    assert result.exit_code == 1
    assert "only process owners and administrators move running instances" in result.stderr


def test_api_previews_then_executes(client, bearer, purchases) -> None:
    preview = post_plan(client, bearer("olga"), {**V1_TO_V2, "dry_run": True})
    assert preview.status_code == 200
    assert [report["refused"] for report in preview.json["preview"]["instances"]] == [False, True]
    done = post_plan(client, bearer("olga"), {**V1_TO_V2, "mapping": {"approve": "sign_off"}})
    assert done.status_code == 200
    assert sorted(done.json["migrated"]) == sorted(purchases.values()) and done.json["refused"] == []


def test_api_names_the_refused_instance(client, bearer, purchases) -> None:
    done = post_plan(client, bearer("olga"), V1_TO_V2)
    assert done.json["migrated"] == [purchases["review"]]
    assert done.json["refused"][0]["instance_id"] == purchases["approve"]


def test_api_answers_422_with_a_sentence_for_an_unknown_version(client, bearer, purchases) -> None:
    answer = post_plan(client, bearer("olga"), {**V1_TO_V2, "to_version": 9})
    assert answer.status_code == 422
    assert "Process 'purchase' has no version 9" in answer.get_data(as_text=True)


def test_api_answers_400_for_a_body_that_is_not_json(client, bearer, purchases) -> None:
    answer = client.post("/api/v1/migrations", data="{not json", content_type="application/json",
                         headers=bearer("olga"))
    assert answer.status_code == 400


def test_api_refuses_an_agent(client, bearer, purchases) -> None:
    assert post_plan(client, bearer("sam"), {**V1_TO_V2, "dry_run": True}).status_code == 403


def test_process_owner_previews_maps_by_hand_and_migrates_in_the_wizard(client, sign_in, purchases) -> None:
    sign_in("olga")
    page = client.get("/processes/purchase/migrate?from=1&to=2").get_data(as_text=True)
    assert 'name="map-approve"' in page and f'data-instance="{purchases["approve"]}" class="refused"' in page
    plan = {"from": "1", "to": "2", "status": "running", "map-approve": "sign_off", "timer-review_overdue": "restart"}
    preview = client.get("/processes/purchase/migrate", query_string=plan).get_data(as_text=True)
    assert 'class="refused"' not in preview
    done = client.post("/processes/purchase/migrate", data=plan).get_data(as_text=True)
    assert "2 instances moved to version 2." in done
    assert open_task(purchases["approve"]).element_id == "sign_off"
    assert "Moved to another version" in client.get(f"/instances/{purchases['approve']}").get_data(as_text=True)


def test_agent_does_not_reach_the_wizard(client, sign_in, purchases) -> None:
    sign_in("sam")
    assert client.get("/processes/purchase/migrate").status_code in (403, 404)
