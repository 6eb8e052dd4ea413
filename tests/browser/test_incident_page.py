"""An operator sees an outside worker's incident on the instance page, in English and Chinese, wide and narrow."""
import base64
from pathlib import Path
from typing import Any

import pytest

DIAGRAM = Path(__file__).parents[1] / "diagrams" / "outside_worker.bpmn"
ADMIN = {"Authorization": "Basic " + base64.b64encode(b"adam:flowdesk-demo").decode()}


def fail_a_charge_for_good(page: Any) -> str:
    """Deploy the card charge, start one, and fail its external task with no retries left, all by /engine-rest."""
    api = page.request
    deployed = api.post("/engine-rest/deployment/create", headers=ADMIN, multipart={
        "deployment-name": "charge", "data": {"name": DIAGRAM.name, "mimeType": "text/xml",
                                              "buffer": DIAGRAM.read_bytes()}})
    assert deployed.ok, deployed.text()
    started = api.post("/engine-rest/process-definition/key/charge_card/start", headers=ADMIN,
                       data={"variables": {"amount": {"value": 12, "type": "Integer"}}})
    assert started.ok, started.text()
    [task] = api.post("/engine-rest/external-task/fetchAndLock", headers=ADMIN, data={
        "workerId": "w1", "maxTasks": 1, "topics": [{"topicName": "charge-card", "lockDuration": 60000}]}).json()
    failed = api.post(f"/engine-rest/external-task/{task['id']}/failure", headers=ADMIN, data={
        "workerId": "w1", "errorMessage": "The card gateway refused the connection.", "retries": 0})
    assert failed.ok, failed.text()
    return str(started.json()["id"])


@pytest.mark.parametrize("language, heading", [("en", "Incidents: failed steps"), ("zh_CN", "异常：失败的步骤")])
def test_operator_sees_the_incident_on_the_instance_page(page_as, screenshot, language, heading) -> None:
    page = page_as("adam")
    instance_id = fail_a_charge_for_good(page)
    page.goto("/")
    with page.expect_navigation():
        page.select_option("#language", language)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/instances/{instance_id}")
        incidents = page.get_by_test_id("incidents")
        assert heading in incidents.inner_text()
        assert "The card gateway refused the connection." in incidents.inner_text()
        screenshot(page, f"instance-incident-{language}-{width}")
