"""An instance's page names the messages it sent and received, in English and Chinese, on a desk and a phone, and its
history table fits a phone's screen."""
import base64
import json
import urllib.request
from pathlib import Path
from typing import Any

DIAGRAM = Path(__file__).parents[1] / "diagrams" / "message_throw.bpmn"


def call(base: str, method: str, path: str, login: str, body: Any = None, files: bytes | None = None) -> Any:
    """Call /engine-rest as a demo person and return the JSON answer (None for 204)."""
    headers = {"Authorization": "Basic " + base64.b64encode(f"{login}:flowdesk-demo".encode()).decode()}
    data = None
    if files is not None:
        boundary = "flowdeskboundary"
        data = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nmessages\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"data\"; filename=\"message_throw.bpmn\"\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + files + f"\r\n--{boundary}--\r\n".encode()
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    elif body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request) as response:
        text = response.read()
    return json.loads(text) if text else None


def test_the_instance_page_names_the_messages_sent_and_received(live_server, page_as, screenshot) -> None:
    call(live_server, "POST", "/engine-rest/deployment/create", "olga", files=DIAGRAM.read_bytes())
    call(live_server, "POST", "/engine-rest/process-definition/key/supplier_order/start", "olga",
         {"businessKey": "PO-77", "variables": {"item": {"value": "toner", "type": "String"}}})
    (task,) = [t for t in call(live_server, "GET", "/engine-rest/task?candidateGroup=service-desk", "sam")
               if t["name"] == "Pack the order"]
    call(live_server, "POST", f"/engine-rest/task/{task['id']}/claim", "sam", {"userId": "sam"})
    call(live_server, "POST", f"/engine-rest/task/{task['id']}/complete", "sam", {})
    for language, sent in (("en", "Message sent"), ("zh_CN", "发出消息")):
        for width in (1280, 390):
            page = page_as("adam", width=width)
            if language != "en":
                with page.expect_navigation():
                    page.select_option("#language", language)
            page.goto(f"/instances/{task['processInstanceId']}")
            assert sent in page.content()
            assert page.evaluate("document.documentElement.scrollWidth") <= width  # the history table fits
            screenshot(page, f"message_history_{language}_{width}")
