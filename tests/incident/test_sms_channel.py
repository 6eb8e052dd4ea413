"""The SMS channel as a pluggable outbox sender.

The gateway's remote end is the one part stood in for: a loopback HTTP server plays the operator's SMS
gateway (a user never runs one themselves), recording what FlowDesk posts and answering as told.
"""
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from app.extensions import db
from app.messaging.models import OutboxMessage
from app.messaging.outbox import deliver_outbox, enqueue_message
from app.messaging.sms import HttpSmsGateway, configured_senders


class FakeGateway(BaseHTTPRequestHandler):
    """Records each POST and answers with the status the test chose."""

    received: list[tuple[dict, str | None]] = []
    status = 202

    def do_POST(self) -> None:  # noqa: N802 - the http.server hook name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        FakeGateway.received.append((json.loads(body), self.headers.get("Authorization")))
        self.send_response(FakeGateway.status)
        self.end_headers()
        self.wfile.write(b"over quota" if FakeGateway.status >= 400 else b"ok")

    def log_message(self, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def gateway() -> Iterator[str]:
    FakeGateway.received, FakeGateway.status = [], 202
    server = HTTPServer(("127.0.0.1", 0), FakeGateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send"
    server.shutdown()


def test_sms_messages_go_to_the_configured_gateway_with_its_token(runtime, gateway) -> None:
    enqueue_message("sms", "+86 21 5555 0101", "[INC-000001] breach", "INC-000001: breach", None,
                    runtime.clock.now())
    enqueue_message("email", "mona@flowdesk.example", "[INC-000001] breach", "body", None, runtime.clock.now())
    db.session.commit()
    senders = configured_senders({"SMS_GATEWAY_URL": gateway, "SMS_GATEWAY_TOKEN": "s3cret"})
    assert deliver_outbox(runtime, senders) == {"sent": 1, "failed": 0}
    assert FakeGateway.received == [({"to": "+86 21 5555 0101", "text": "INC-000001: breach"}, "Bearer s3cret")]
    email = db.session.execute(db.select(OutboxMessage).where(OutboxMessage.channel == "email")).scalar_one()
    assert email.sent_at is None and email.attempts == 0  # no mail sender yet: it waits


def test_refused_sms_is_kept_with_the_gateways_answer_and_retried(runtime, gateway) -> None:
    FakeGateway.status = 429
    enqueue_message("sms", "+86 21 5555 0101", "s", "text", None, runtime.clock.now())
    db.session.commit()
    assert deliver_outbox(runtime, {"sms": HttpSmsGateway(gateway)}) == {"sent": 0, "failed": 1}
    message = db.session.execute(db.select(OutboxMessage)).scalar_one()
    assert message.last_error == "The SMS gateway refused the message with HTTP 429: over quota"
    FakeGateway.status = 200
    assert deliver_outbox(runtime, {"sms": HttpSmsGateway(gateway)}) == {"sent": 1, "failed": 0}


def test_without_a_gateway_url_sms_stays_queued() -> None:
    assert set(configured_senders({})) == {"log"}
