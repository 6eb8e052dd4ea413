"""Two delivery passes at once (as two scheduler processes would run them) never send a message twice."""
import threading
from collections import Counter

from flask import Flask

from app.extensions import db
from app.messaging.outbox import OutgoingMessage, Sender, deliver_outbox
from app.messaging.sms import HttpSmsGateway
from app.workflow.runtime import Runtime
from tests.messaging.loopback import queue

MESSAGES = 40


def pass_in_its_own_context(app: Flask, runtime: Runtime, sender: Sender, results: list[dict[str, int]]) -> None:
    """Run one delivery pass with a database session of its own, as another process would."""
    with app.app_context():
        try:
            results.append(deliver_outbox(runtime, {"sms": sender}, batch_size=3))
        finally:
            db.session.remove()


def test_two_concurrent_passes_never_send_a_message_twice(app, runtime, gateway) -> None:
    for number in range(MESSAGES):
        queue(runtime, body=f"message {number}")
    db.session.remove()  # the test's own session holds nothing while the passes run
    both_sending = threading.Barrier(2, timeout=30)
    first_send_of: set[str] = set()
    http = HttpSmsGateway(gateway.url)

    def send_after_both_claimed(message: OutgoingMessage) -> None:
        # Each pass's first send waits for the other's: both hold a claimed batch at the same moment.
        name = threading.current_thread().name
        if name not in first_send_of:
            first_send_of.add(name)
            both_sending.wait()
        http(message)
    results: list[dict[str, int]] = []
    passes = [threading.Thread(target=pass_in_its_own_context, name=f"pass-{n}",
                               args=(app, runtime, send_after_both_claimed, results)) for n in range(2)]
    for thread in passes:
        thread.start()
    for thread in passes:
        thread.join(timeout=120)
    assert len(results) == 2 and all(result["sent"] > 0 for result in results), results
    assert sum(result["sent"] for result in results) == MESSAGES
    assert sum(result["failed"] + result["dead"] + result["deferred"] for result in results) == 0
    per_key = gateway.posts_by_key()
    assert len(per_key) == MESSAGES and set(per_key.values()) == {1}
    assert Counter(post.body["text"] for post in gateway.posts) == {f"message {n}": 1 for n in range(MESSAGES)}
