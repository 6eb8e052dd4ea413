"""An instance's page names the signals it broadcast and received, in English and Chinese, on a desk and a phone."""
import json
import urllib.request
from pathlib import Path

from tests.browser.test_message_history import call

DIAGRAMS = Path(__file__).parents[1] / "diagrams"


def deploy(base: str, name: str) -> None:
    """Deploy a test diagram through /engine-rest as Olga, a process owner."""
    boundary = "flowdeskboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nsignals\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"data\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + (DIAGRAMS / name).read_bytes() \
        + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(base + "/engine-rest/deployment/create", data=body, method="POST", headers={
        "Authorization": "Basic b2xnYTpmbG93ZGVzay1kZW1v",  # olga:flowdesk-demo
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(request) as response:
        assert json.loads(response.read())["deployedProcessDefinitions"]


def test_the_instance_pages_name_the_signals_broadcast_and_received(live_server, page_as, screenshot) -> None:
    deploy(live_server, "signal_catchers.bpmn")
    deploy(live_server, "signal_throw.bpmn")
    watcher = call(live_server, "POST", "/engine-rest/process-definition/key/watch/start", "olga", {})
    thrower = call(live_server, "POST", "/engine-rest/process-definition/key/announcer/start", "olga", {
        "variables": {"reason": {"value": "power cut", "type": "String"}, "region": {"value": "eu"}}})
    for language, words in (("en", ("Signal received", "Signal broadcast")), ("zh_CN", ("收到信号", "广播信号"))):
        for width in (1280, 390):
            page = page_as("adam", width=width)
            if language != "en":
                with page.expect_navigation():
                    page.select_option("#language", language)
            for instance, word, name in ((watcher, words[0], "received"), (thrower, words[1], "broadcast")):
                page.goto(f"/instances/{instance['id']}")
                assert word in page.content()
                screenshot(page, f"signal_{name}_{language}_{width}")
