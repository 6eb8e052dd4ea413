"""A loopback SMS gateway that honours idempotency keys, and small outbox helpers for the tests.

The gateway is the one part stood in for (an operator's SMS provider): a real HTTP server on 127.0.0.1
that records every POST and sends one SMS per idempotency key, however often the key arrives, as a
gateway configured the way app/messaging/sms.py asks operators to configure theirs.
"""
import json
import threading
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sqlalchemy import select

from app.extensions import db
from app.messaging.models import OutboxMessage
from app.messaging.outbox import MAX_ATTEMPTS, RETRY_CAP_SECONDS, OutgoingMessage, deliver_outbox, enqueue_message
from app.platform.transactions import run_unit
from app.workflow.runtime import Runtime
from engine.clock import FixedClock


@dataclass(frozen=True)
class Post:
    """One request as the gateway received it."""

    key: str | None
    body: dict
    authorization: str | None


class LoopbackGateway:
    """An SMS gateway on loopback: posts holds every request; sms, the SMS it sent (one per accepted key)."""

    def __init__(self) -> None:
        self.posts: list[Post] = []
        self.sms: list[dict] = []
        self.status = 202
        self.lock = threading.Lock()
        self.port = 0
        self.server: ThreadingHTTPServer | None = None
        self.start()

    @property
    def url(self) -> str:
        """Return the address FlowDesk posts to."""
        return f"http://127.0.0.1:{self.port}/send"

    def start(self) -> None:
        """Listen (again, on the same port once it had one)."""
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), handler_for(self))
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """Stop listening: connections are refused until start() is called."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def receive(self, post: Post) -> int:
        """Record a request; send an SMS unless its key was accepted before; return the status to answer."""
        with self.lock:
            self.posts.append(post)
            accepted_keys = {sent["idempotency_key"] for sent in self.sms}
            if self.status < 300 and (post.key is None or post.key not in accepted_keys):
                self.sms.append({**post.body, "idempotency_key": post.key})
            return self.status

    def posts_by_key(self) -> Counter:
        """Count the requests per idempotency key."""
        return Counter(post.key for post in self.posts)


def handler_for(gateway: LoopbackGateway) -> type[BaseHTTPRequestHandler]:
    """Build the request handler that hands each POST to the gateway."""
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server hook name
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            status = gateway.receive(Post(self.headers.get("Idempotency-Key"), body, self.headers.get("Authorization")))
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b"over quota" if status >= 400 else b"ok")

        def log_message(self, *args: object) -> None:
            """Keep the test output quiet."""
    return Handler


def queue(runtime: Runtime, channel: str = "sms", recipient: str = "+86 21 5555 0101", subject: str = "breach",
          body: str = "INC-000001: breach") -> int:
    """Write one message to the outbox in a unit of its own, as a step would; return its id."""
    run_unit(lambda: enqueue_message(channel, recipient, subject, body, None, runtime.clock.now()))
    return db.session.execute(select(OutboxMessage.id).order_by(OutboxMessage.id.desc()).limit(1)).scalar_one()


def message(message_id: int) -> OutboxMessage:
    """Read a message row as the database holds it now."""
    db.session.expire_all()
    return db.session.get_one(OutboxMessage, message_id)


def queue_dead(runtime: Runtime, clock: FixedClock, channel: str = "sms", error: str = "gateway down") -> int:
    """Queue a message and fail every one of its attempts, so that it is dead; return its id."""
    message_id = queue(runtime, channel)

    def failing(outgoing: OutgoingMessage) -> None:
        raise ConnectionError(error)
    for _ in range(MAX_ATTEMPTS):
        deliver_outbox(runtime, {channel: failing})
        clock.advance(seconds=RETRY_CAP_SECONDS)
    assert message(message_id).status == "dead"
    return message_id
