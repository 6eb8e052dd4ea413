"""A draft records the deployed version it started from: once another version is deployed (from the command line,
the API, the process page or another modeller), deploying the draft is refused with 409 naming who deployed which
version when, and the modeller offers to compare, download the draft or discard it and start from the newest."""
from pathlib import Path

import pytest
from sqlalchemy import update

from app.extensions import db
from app.workflow.deployment import deploy_diagram
from app.workflow.models import ProcessDraft
from app.workflow.studio.processes import require_process

INCIDENT = (Path(__file__).parents[2] / "processes" / "incident.bpmn").read_bytes()
RELABELLED = INCIDENT.replace(b'name="Classify the incident"', b'name="Triage the incident"', 1)
ELSEWHERE = INCIDENT.replace(b'name="Classify the incident"', b'name="Sort the incident"', 1)


@pytest.fixture
def drafted(runtime, demo, client, sign_in) -> None:  # type: ignore[no-untyped-def]
    """Deploy incident.bpmn as version 1; olga opens the modeller on it and saves a first draft."""
    assert RELABELLED != INCIDENT != ELSEWHERE
    deploy_diagram(runtime, INCIDENT, "incident.bpmn", "olga")
    sign_in("olga")
    saved = client.put("/processes/incident/model/draft",
                       json={"xml": RELABELLED.decode(), "started_from_version": 1})
    assert saved.status_code == 200 and saved.get_json()["started_from_version"] == 1


def deploy_elsewhere(runtime, clock) -> None:  # type: ignore[no-untyped-def]
    """Deploy version 2 as adam does from the command line, ten minutes later."""
    clock.advance(minutes=10)
    assert deploy_diagram(runtime, ELSEWHERE, "incident.bpmn", "adam")[0].version == 2


def versions_of(process_id: str) -> list[int]:
    """Return the deployed versions of a process, newest first."""
    return [line.version for line in require_process(process_id).versions]


def deploy_draft(client, draft_version: int = 1):  # type: ignore[no-untyped-def]
    """Deploy the saved draft from the modeller, as the page does."""
    return client.post("/processes/incident/model/deploy", json={"note": "Triage is what the desk calls it."},
                       headers={"If-Match": f'"{draft_version}"'})


def test_later_saves_keep_the_version_the_first_save_started_from(drafted, runtime, clock, client) -> None:
    deploy_elsewhere(runtime, clock)
    again = client.put("/processes/incident/model/draft", json={"xml": RELABELLED.decode(), "started_from_version": 2},
                       headers={"If-Match": '"1"'})
    assert again.status_code == 200
    assert again.get_json()["version"] == 2 and again.get_json()["started_from_version"] == 1


def test_a_first_draft_that_names_no_version_starts_from_the_version_in_force(runtime, demo, client,
                                                                            sign_in) -> None:
    deploy_diagram(runtime, INCIDENT, "incident.bpmn", "olga")
    deploy_diagram(runtime, ELSEWHERE, "incident.bpmn", "olga")
    sign_in("olga")
    saved = client.put("/processes/incident/model/draft", json={"xml": RELABELLED.decode()})
    assert saved.get_json()["started_from_version"] == 2


def test_a_first_draft_naming_a_version_never_deployed_is_refused_and_not_stored(runtime, demo, client,
                                                                                sign_in) -> None:
    deploy_diagram(runtime, INCIDENT, "incident.bpmn", "olga")
    sign_in("olga")
    saved = client.put("/processes/incident/model/draft", json={"xml": RELABELLED.decode(), "started_from_version": 7})
    assert saved.status_code == 400 and "has no version 7" in saved.get_json()["error"]
    assert client.get("/processes/incident/model/draft").status_code == 404


def test_deploy_of_a_draft_started_before_a_version_deployed_elsewhere_is_refused_naming_who(
        drafted, runtime, clock, client) -> None:
    deploy_elsewhere(runtime, clock)
    answer = deploy_draft(client)
    assert answer.status_code == 409
    body = answer.get_json()
    assert body["deployed_by"] == "adam" and body["newest_version"] == 2 and body["started_from_version"] == 1
    assert "Adam Admin deployed version 2 at" in body["error"] and "compare the two versions" in body["error"]
    assert versions_of("incident") == [2, 1]
    assert 'name="Sort the incident"' in client.get("/processes/incident/versions/2/diagram.bpmn").get_data(
        as_text=True)
    assert client.get("/processes/incident/model/draft").get_json()["version"] == 1  # the draft is kept


def test_deploy_of_a_draft_on_the_newest_version_goes_through(drafted, client) -> None:
    assert deploy_draft(client).status_code == 200
    assert versions_of("incident") == [2, 1]


def test_the_modeller_on_an_outdated_draft_offers_compare_download_and_discard(drafted, runtime, clock,
                                                                               client) -> None:
    assert b'data-testid="draft-outdated"' not in client.get("/processes/incident/model").data
    deploy_elsewhere(runtime, clock)
    page = client.get("/processes/incident/model").get_data(as_text=True)
    assert 'data-testid="draft-outdated"' in page
    assert "This draft was started from version 1." in page and "Adam Admin deployed version 2 at" in page
    assert 'href="/processes/incident/diff?from=1&amp;to=2"' in page
    assert 'href="/processes/incident/model/draft.bpmn"' in page
    assert 'action="/processes/incident/model/draft/discard"' in page
    download = client.get("/processes/incident/model/draft.bpmn")
    assert download.status_code == 200 and download.data == RELABELLED
    assert 'filename="incident-draft-1.bpmn"' in download.headers["Content-Disposition"]


def test_the_banner_speaks_chinese(drafted, runtime, clock, client) -> None:
    deploy_elsewhere(runtime, clock)
    client.post("/language", data={"language": "zh_CN"})
    page = client.get("/processes/incident/model").get_data(as_text=True)
    assert "此草稿不是基于最新版本" in page and "This draft is not based" not in page


def test_discarding_the_outdated_draft_opens_the_newest_version(drafted, runtime, clock, client) -> None:
    deploy_elsewhere(runtime, clock)
    answer = client.post("/processes/incident/model/draft/discard", data={"version": "1"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/processes/incident/model")
    assert client.get("/processes/incident/model/draft").status_code == 404
    page = client.get("/processes/incident/model").get_data(as_text=True)
    assert "The draft was discarded" in page and 'data-testid="draft-outdated"' not in page


def test_discarding_a_draft_someone_saved_since_is_refused_and_keeps_it(drafted, client, sign_in) -> None:
    sign_in("adam")
    client.put("/processes/incident/model/draft", json={"xml": RELABELLED.decode()}, headers={"If-Match": '"1"'})
    sign_in("olga")
    answer = client.post("/processes/incident/model/draft/discard", data={"version": "1"}, follow_redirects=True)
    assert "The draft was not discarded: adam saved it again" in answer.get_data(as_text=True)
    assert client.get("/processes/incident/model/draft").get_json()["version"] == 2


def test_an_agent_may_not_discard_or_download_a_draft(drafted, client, sign_in) -> None:
    sign_in("sam")
    assert client.get("/processes/incident/model/draft.bpmn").status_code == 403
    assert client.post("/processes/incident/model/draft/discard", data={"version": "1"}).status_code == 403
    sign_in("olga")
    assert client.get("/processes/incident/model/draft").status_code == 200


def forget_where_the_draft_started() -> None:
    """Make the stored draft look like one saved before FlowDesk recorded the version it started from."""
    db.session.execute(update(ProcessDraft).values(started_from_version=None))
    db.session.commit()


def test_a_draft_without_a_recorded_start_is_taken_to_start_from_the_newest_at_its_last_save(
        drafted, runtime, clock, client) -> None:
    forget_where_the_draft_started()
    clock.advance(minutes=5)
    assert b'data-testid="draft-outdated"' not in client.get("/processes/incident/model").data
    assert deploy_draft(client).status_code == 200  # nothing was deployed after its last save


def test_a_draft_without_a_recorded_start_is_outdated_by_a_version_deployed_after_its_last_save(
        drafted, runtime, clock, client) -> None:
    forget_where_the_draft_started()
    deploy_elsewhere(runtime, clock)
    page = client.get("/processes/incident/model").get_data(as_text=True)
    assert "This draft was last saved while version 1 was the newest" in page
    answer = deploy_draft(client)
    assert answer.status_code == 409 and answer.get_json()["started_from_version"] == 1
    assert versions_of("incident") == [2, 1]
