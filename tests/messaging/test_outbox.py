"""The outbox: claim and commit, send outside any transaction, record the outcome; retry with backoff; bury."""
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.messaging.outbox import (
    LEASE_MARGIN_SECONDS,
    LEASE_SECONDS,
    MAX_ATTEMPTS,
    RETRY_BASE_SECONDS,
    RETRY_CAP_SECONDS,
    OutgoingMessage,
    claim_due_messages,
    deliver_outbox,
    record_failure,
    record_sent,
)
from app.messaging.reasons import INTERRUPTED, SENDER_FAILED, Reason
from tests.messaging.loopback import message, queue

NOTHING = {"sent": 0, "failed": 0, "dead": 0, "deferred": 0, "held": 0}


def counts(**changed: int) -> dict[str, int]:
    """Return a pass's counts: nothing happened, except what is named."""
    return {**NOTHING, **changed}


def broken(outgoing: OutgoingMessage) -> None:
    """A sender whose relay refuses everything."""
    raise ConnectionError("relay refused")


def test_outbox_delivers_each_message_once(runtime) -> None:
    queue(runtime, "log", subject="Task waiting")
    delivered: list[OutgoingMessage] = []
    assert deliver_outbox(runtime, {"log": delivered.append}) == counts(sent=1)
    assert deliver_outbox(runtime, {"log": delivered.append}) == NOTHING
    assert [m.subject for m in delivered] == ["Task waiting"]


def test_delivered_message_is_recorded_sent_with_its_time(runtime, clock) -> None:
    message_id = queue(runtime, "log")
    deliver_outbox(runtime, {"log": lambda m: None})
    row = message(message_id)
    assert (row.status, row.sent_at, row.attempts, row.claimed_until, row.error) == ("sent", clock.now(), 1,
                                                                                      None, None)


def test_failed_attempt_is_recorded_and_retried_after_the_backoff(runtime, clock) -> None:
    clock.advance(microseconds=654321)  # the lease a failure is recorded against keeps its microseconds
    message_id = queue(runtime, "log")
    assert deliver_outbox(runtime, {"log": broken}) == counts(failed=1)
    row = message(message_id)
    assert (row.status, row.attempts, row.sent_at) == ("pending", 1, None)
    assert (row.error_code, row.error_params) == (SENDER_FAILED, {"detail": "relay refused"})
    assert row.next_attempt_at == clock.now() + timedelta(seconds=RETRY_BASE_SECONDS)
    assert deliver_outbox(runtime, {"log": lambda m: None}) == NOTHING  # not due yet
    clock.advance(seconds=RETRY_BASE_SECONDS)
    assert deliver_outbox(runtime, {"log": lambda m: None}) == counts(sent=1)
    assert message(message_id).error is None


def test_backoff_doubles_after_each_failed_attempt_up_to_its_cap(runtime, clock) -> None:
    message_id = queue(runtime, "log")
    waits = []
    for _ in range(MAX_ATTEMPTS - 1):
        deliver_outbox(runtime, {"log": broken})
        waits.append((message(message_id).next_attempt_at - clock.now()).total_seconds())
        clock.set(message(message_id).next_attempt_at)
    assert waits == [min(RETRY_CAP_SECONDS, RETRY_BASE_SECONDS * 2 ** n) for n in range(MAX_ATTEMPTS - 1)]
    assert waits[-1] == RETRY_CAP_SECONDS


def test_last_failed_attempt_makes_the_message_dead_with_its_last_error(runtime, clock) -> None:
    message_id = queue(runtime, "log")

    def failing(outgoing: OutgoingMessage) -> None:
        raise ConnectionError(f"relay refused attempt {outgoing.attempt}")
    for attempt in range(1, MAX_ATTEMPTS + 1):
        expected = counts(dead=1) if attempt == MAX_ATTEMPTS else counts(failed=1)
        assert deliver_outbox(runtime, {"log": failing}) == expected
        clock.advance(seconds=RETRY_CAP_SECONDS)
    row = message(message_id)
    assert (row.status, row.attempts, row.error) == (
        "dead", MAX_ATTEMPTS, Reason(SENDER_FAILED, {"detail": f"relay refused attempt {MAX_ATTEMPTS}"}))
    assert deliver_outbox(runtime, {"log": lambda m: None}) == NOTHING  # dead stays dead until an admin resends it


def test_message_of_a_channel_without_a_sender_waits_untouched_until_one_is_configured(runtime) -> None:
    message_id = queue(runtime, "log")
    for _ in range(MAX_ATTEMPTS + 2):
        assert deliver_outbox(runtime, {"sms": lambda m: None}) == NOTHING
    row = message(message_id)
    assert (row.status, row.attempts, row.error, row.sent_at) == ("pending", 0, None, None)
    assert deliver_outbox(runtime, {"log": lambda m: None}) == counts(sent=1)


def test_sender_runs_outside_any_transaction_and_without_holding_the_message_lock(runtime, database_url) -> None:
    message_id = queue(runtime, "log")
    probes: list[tuple[bool, int]] = []
    impatient = {"timeout": 0} if database_url.startswith("sqlite") else {"options": "-c lock_timeout=2000"}
    other = sa.create_engine(database_url, connect_args=impatient)

    def probing(outgoing: OutgoingMessage) -> None:
        # Another connection writes the very row being sent: it would wait (and fail) if the pass held a lock.
        with other.begin() as connection:
            changed = connection.execute(sa.text("UPDATE outbox_message SET error_code = error_code WHERE id = :id"),
                                         {"id": outgoing.id}).rowcount
        probes.append((db.session().in_transaction(), changed))
    try:
        assert deliver_outbox(runtime, {"log": probing}) == counts(sent=1)
    finally:
        other.dispose()
    assert probes == [(False, 1)]
    assert message(message_id).status == "sent"


def test_message_whose_lease_ran_out_is_claimed_again(runtime, clock) -> None:
    message_id = queue(runtime, "log")
    (claimed,) = claim_due_messages(runtime, ["log"])  # a pass claims it, then its process dies
    assert claimed.claimed_until == clock.now() + timedelta(seconds=LEASE_SECONDS)
    assert deliver_outbox(runtime, {"log": lambda m: None}) == NOTHING  # leased to the dead pass
    clock.set(claimed.claimed_until)
    delivered: list[OutgoingMessage] = []
    assert deliver_outbox(runtime, {"log": delivered.append}) == counts(sent=1)
    assert [(m.id, m.attempt, m.idempotency_key) for m in delivered] == [(message_id, 2, claimed.idempotency_key)]


def test_last_attempt_interrupted_by_a_dead_process_makes_the_message_dead(runtime, clock) -> None:
    message_id = queue(runtime, "log")
    for _ in range(MAX_ATTEMPTS):  # every pass that claims it dies before it can record anything
        (claimed,) = claim_due_messages(runtime, ["log"])
        clock.set(claimed.claimed_until)
    assert deliver_outbox(runtime, {"log": lambda m: None}) == NOTHING
    row = message(message_id)
    assert (row.status, row.attempts, row.error, row.claimed_until) == ("dead", MAX_ATTEMPTS, Reason(INTERRUPTED), None)


def test_late_failure_of_a_pass_whose_lease_ran_out_leaves_the_new_claim_alone(runtime, clock) -> None:
    message_id = queue(runtime, "log")
    (first,) = claim_due_messages(runtime, ["log"])
    clock.set(first.claimed_until)
    (second,) = claim_due_messages(runtime, ["log"])
    assert record_failure(runtime, first, Reason(SENDER_FAILED, {"detail": "timed out long ago"})) == "failed"
    row = message(message_id)
    assert (row.status, row.attempts, row.error, row.claimed_until) == ("pending", 2, None, second.claimed_until)
    record_sent(runtime, second.id)
    assert message(message_id).status == "sent"


def test_message_whose_lease_is_nearly_over_is_left_for_a_later_pass(runtime, clock) -> None:
    first, second = queue(runtime, "log"), queue(runtime, "log")
    sent: list[int] = []

    def slow_sender(message: OutgoingMessage) -> None:  # the first send takes nearly the whole lease
        sent.append(message.id)
        clock.advance(seconds=LEASE_SECONDS - LEASE_MARGIN_SECONDS / 2)
    assert deliver_outbox(runtime, {"log": slow_sender}) == counts(sent=1, deferred=1)
    assert sent == [first] and message(second).status == "pending"
    clock.advance(seconds=LEASE_SECONDS)
    assert deliver_outbox(runtime, {"log": lambda m: sent.append(m.id)}) == counts(sent=1)
    assert sent == [first, second]


def test_pass_claims_in_batches_until_nothing_is_due(runtime) -> None:
    for number in range(7):
        queue(runtime, "log", subject=f"message {number}")
    delivered: list[OutgoingMessage] = []
    assert deliver_outbox(runtime, {"log": delivered.append}, batch_size=3) == counts(sent=7)
    assert [m.subject for m in delivered] == [f"message {number}" for number in range(7)]


def test_pass_stops_after_its_maximum_and_leaves_the_rest_for_the_next(runtime) -> None:
    for _ in range(5):
        queue(runtime, "log")
    assert deliver_outbox(runtime, {"log": lambda m: None}, batch_size=2, max_messages=3) == counts(sent=3)
    assert deliver_outbox(runtime, {"log": lambda m: None}) == counts(sent=2)
