"""An admin finds a task drawn for nobody in the inbox queue, marked as the unassigned queue's, and claims it."""
import base64
from pathlib import Path

import pytest

DIAGRAM = Path(__file__).parents[1] / "diagrams" / "unoffered_task.bpmn"
ADMIN = {"Authorization": "Basic " + base64.b64encode(b"adam:flowdesk-demo").decode()}


@pytest.mark.parametrize("language, marker", [("en", "Drawn for nobody: the queue of service-desk"),
                                              ("zh_CN", "流程图未指定处理人：service-desk 的待分配队列")])
def test_admin_sees_the_queued_task_marked_in_the_inbox_queue(page_as, screenshot, language, marker) -> None:
    page = page_as("adam")
    deployed = page.request.post("/engine-rest/deployment/create", headers=ADMIN, multipart={
        "deployment-name": "unoffered", "data": {"name": DIAGRAM.name, "mimeType": "text/xml",
                                                 "buffer": DIAGRAM.read_bytes()}})
    assert deployed.ok, deployed.text()
    assert page.request.post("/engine-rest/process-definition/key/unoffered/start", headers=ADMIN, data={}).ok
    page.goto("/")
    with page.expect_navigation():
        page.select_option("#language", language)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/inbox/queue")
        assert marker in page.get_by_test_id("unassigned-queue").first.inner_text()
        screenshot(page, f"inbox-unassigned-queue-{language}-{width}")
