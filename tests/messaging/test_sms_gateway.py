"""The SMS channel against a loopback gateway: idempotency keys, refusals, outages, and a crash before recording."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.messaging.channels import configured_senders
from app.messaging.outbox import (
    LEASE_SECONDS,
    MAX_ATTEMPTS,
    RETRY_BASE_SECONDS,
    RETRY_CAP_SECONDS,
    OutgoingMessage,
    deliver_outbox,
)
from app.messaging.reasons import SMS_REFUSED, SMS_UNREACHABLE, Reason
from app.messaging.sms import HttpSmsGateway
from tests.messaging.loopback import message, queue


def outcome(result: dict[str, int]) -> dict[str, int]:
    """Keep only the counts that are not zero."""
    return {name: count for name, count in result.items() if count}


def test_sms_goes_to_the_gateway_with_its_token_and_idempotency_key(runtime, gateway, app) -> None:
    message_id = queue(runtime, "sms", "+86 21 5555 0101", "[INC-000001] breach", "INC-000001: breach")
    email_id = queue(runtime, "email", "mona@flowdesk.example", "[INC-000001] breach", "body")
    senders = configured_senders({**app.config, "SMS_GATEWAY_URL": gateway.url, "SMS_GATEWAY_TOKEN": "s3cret"})
    assert outcome(deliver_outbox(runtime, senders)) == {"sent": 1}
    key = f"flowdesk-outbox-{message_id}-{runtime.clock.now():%Y%m%dT%H%M%SZ}"
    (post,) = gateway.posts
    assert post.key == key and post.authorization == "Bearer s3cret"
    assert post.body == {"to": "+86 21 5555 0101", "text": "INC-000001: breach", "idempotency_key": key}
    email = message(email_id)
    assert (email.status, email.attempts) == ("pending", 0)  # no mail sender yet: it waits


def test_refused_sms_is_kept_with_the_gateways_answer_and_retried_after_the_backoff(runtime, clock, gateway) -> None:
    gateway.status = 429
    message_id = queue(runtime)
    senders = {"sms": HttpSmsGateway(gateway.url)}
    assert outcome(deliver_outbox(runtime, senders)) == {"failed": 1}
    assert message(message_id).error == Reason(SMS_REFUSED, {"http_status": 429, "answer": "over quota"})
    gateway.status = 200
    clock.advance(seconds=RETRY_BASE_SECONDS)
    assert outcome(deliver_outbox(runtime, senders)) == {"sent": 1}
    assert len(gateway.sms) == 1 and len(gateway.posts) == 2


def test_gateway_that_is_down_keeps_the_message_pending_with_backoff(runtime, clock, gateway) -> None:
    gateway.stop()
    message_id = queue(runtime)
    senders = {"sms": HttpSmsGateway(gateway.url, timeout_seconds=5)}
    assert outcome(deliver_outbox(runtime, senders)) == {"failed": 1}
    row = message(message_id)
    assert (row.status, row.attempts, row.sent_at) == ("pending", 1, None)
    assert (row.error_code, row.error_params["gateway"]) == (SMS_UNREACHABLE, gateway.url)
    assert "refused" in row.error_params["detail"]  # the network's own words, kept as they are
    assert row.next_attempt_at == clock.now() + timedelta(seconds=RETRY_BASE_SECONDS)
    gateway.start()
    assert outcome(deliver_outbox(runtime, senders)) == {}  # back up, but the next try is not due yet
    clock.set(row.next_attempt_at)
    assert outcome(deliver_outbox(runtime, senders)) == {"sent": 1}
    assert len(gateway.sms) == 1


def test_last_attempt_against_a_gateway_that_stays_down_makes_the_message_dead(runtime, clock, gateway) -> None:
    gateway.stop()
    message_id = queue(runtime)
    senders = {"sms": HttpSmsGateway(gateway.url, timeout_seconds=5)}
    for _ in range(MAX_ATTEMPTS - 1):
        assert outcome(deliver_outbox(runtime, senders)) == {"failed": 1}
        clock.advance(seconds=RETRY_CAP_SECONDS)
    assert outcome(deliver_outbox(runtime, senders)) == {"dead": 1}
    row = message(message_id)
    assert (row.status, row.attempts) == ("dead", MAX_ATTEMPTS)
    assert row.error_code == SMS_UNREACHABLE


@pytest.fixture
def recording_fails_once(app):  # type: ignore[no-untyped-def]
    """Make the database refuse the first write that records an outbox message as sent."""
    failures: list[str] = []

    def refuse(connection, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if not failures and statement.startswith("UPDATE outbox_message") and "sent_at" in statement:
            failures.append(statement)
            raise RuntimeError("the database went away after the gateway accepted the message")
    sa.event.listen(db.engine, "before_cursor_execute", refuse)
    yield failures
    sa.event.remove(db.engine, "before_cursor_execute", refuse)


def test_message_reaches_the_receiver_once_when_recording_its_delivery_fails(
        runtime, clock, gateway, recording_fails_once) -> None:
    message_id = queue(runtime)
    senders = {"sms": HttpSmsGateway(gateway.url)}
    with pytest.raises(RuntimeError, match="went away"):
        deliver_outbox(runtime, senders)  # the gateway accepted it; recording that failed, as in a crash
    assert len(recording_fails_once) == 1 and len(gateway.posts) == 1
    assert message(message_id).status == "pending"
    assert outcome(deliver_outbox(runtime, senders)) == {}  # still leased to the pass that failed
    clock.advance(seconds=LEASE_SECONDS)
    assert outcome(deliver_outbox(runtime, senders)) == {"sent": 1}
    (key,) = gateway.posts_by_key()
    assert gateway.posts_by_key() == {key: 2}  # the same key twice at the receiver...
    assert [sms["idempotency_key"] for sms in gateway.sms] == [key]  # ...and one SMS
    assert (message(message_id).status, message(message_id).attempts) == ("sent", 2)


def test_message_reaches_the_receiver_once_when_the_gateways_answer_is_lost(runtime, clock, gateway) -> None:
    message_id = queue(runtime)
    real = HttpSmsGateway(gateway.url)
    answers_lost = iter([True])

    def answer_lost_once(outgoing: OutgoingMessage) -> None:
        real(outgoing)  # the gateway accepts it...
        if next(answers_lost, False):
            raise TimeoutError("the gateway's answer did not arrive")  # ...but FlowDesk never hears so
    assert outcome(deliver_outbox(runtime, {"sms": answer_lost_once})) == {"failed": 1}
    clock.advance(seconds=RETRY_BASE_SECONDS)
    assert outcome(deliver_outbox(runtime, {"sms": answer_lost_once})) == {"sent": 1}
    assert list(gateway.posts_by_key().values()) == [2] and len(gateway.sms) == 1
    assert message(message_id).status == "sent"


def test_without_a_gateway_url_or_a_relay_only_the_log_sends(app) -> None:  # type: ignore[no-untyped-def]
    assert set(configured_senders(app.config)) == {"log"}  # no SMTP_URL, and no relay on the mail settings page


def test_idempotency_key_stays_the_same_on_every_attempt_and_differs_between_messages(runtime, clock, gateway) -> None:
    gateway.status = 503
    first, second = queue(runtime), queue(runtime)
    for _ in range(3):
        deliver_outbox(runtime, {"sms": HttpSmsGateway(gateway.url)})
        clock.advance(seconds=RETRY_CAP_SECONDS)
    assert sorted(gateway.posts_by_key().values()) == [3, 3]
    assert {key.rsplit("-", 1)[0] for key in gateway.posts_by_key()} == {f"flowdesk-outbox-{first}",
                                                                          f"flowdesk-outbox-{second}"}
