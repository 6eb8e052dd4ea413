"""Dead messages: listed for admins with their last error, resent by an admin (service and CLI), never by others."""
import json

import pytest

from app.messaging.outbox import MAX_ATTEMPTS, OutgoingMessage, deliver_outbox
from app.messaging.reasons import SENDER_FAILED, Reason
from app.messaging.undelivered import count_undelivered, list_undelivered, resend_message
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.platform.errors import Conflict, NotAllowed, NotFound
from tests.messaging.loopback import message, queue, queue_dead


def actor(login: str):  # type: ignore[no-untyped-def]
    """Return the Actor of a demo person."""
    return actor_for(require_user(login))


def still_down(outgoing: OutgoingMessage) -> None:
    """A sender whose gateway is still down."""
    raise OSError("still down")


def test_admin_resends_a_dead_message_and_the_next_pass_delivers_it(runtime, clock, demo) -> None:
    message_id = queue_dead(runtime, clock)
    resent = resend_message(runtime, actor("adam"), message_id)
    assert (resent.status, resent.attempts, resent.resent_by, resent.resent_at) == ("pending", 0, "adam", clock.now())
    row = message(message_id)
    assert (row.status, row.attempts, row.next_attempt_at, row.resent_by) == ("pending", 0, clock.now(), "adam")
    delivered = []
    assert deliver_outbox(runtime, {"sms": delivered.append})["sent"] == 1
    assert [m.id for m in delivered] == [message_id] and message(message_id).status == "sent"


def test_resent_message_gets_every_attempt_again(runtime, clock, demo) -> None:
    message_id = queue_dead(runtime, clock)
    resend_message(runtime, actor("adam"), message_id)
    for _ in range(MAX_ATTEMPTS - 1):
        assert deliver_outbox(runtime, {"sms": still_down})["failed"] == 1
        clock.set(message(message_id).next_attempt_at)
    assert deliver_outbox(runtime, {"sms": lambda m: None})["sent"] == 1


@pytest.mark.parametrize("login", ["sam", "mona", "olga", "audrey"])
def test_non_admin_may_not_resend_a_dead_message(runtime, clock, demo, login) -> None:
    message_id = queue_dead(runtime, clock)
    with pytest.raises(NotAllowed, match="Only administrators may resend outbox messages."):
        resend_message(runtime, actor(login), message_id)
    assert (message(message_id).status, message(message_id).resent_by) == ("dead", None)


def test_resending_a_message_that_is_not_dead_is_refused(runtime, demo) -> None:
    waiting, delivered = queue(runtime, "log"), queue(runtime, "sms")
    deliver_outbox(runtime, {"sms": lambda m: None})
    with pytest.raises(Conflict, match="is still waiting to be delivered"):
        resend_message(runtime, actor("adam"), waiting)
    with pytest.raises(Conflict, match="was already delivered"):
        resend_message(runtime, actor("adam"), delivered)
    with pytest.raises(NotFound, match="There is no outbox message 999."):
        resend_message(runtime, actor("adam"), 999)


def test_admin_list_shows_dead_messages_first_then_waiting_ones_by_next_try(runtime, clock) -> None:
    waiting = queue(runtime, "log")
    dead_first, dead_last = queue_dead(runtime, clock), queue_dead(runtime, clock, error="over quota")
    sent = queue(runtime, "email")
    deliver_outbox(runtime, {"email": lambda m: None})
    rows = list_undelivered()
    assert [(r.id, r.status) for r in rows] == [(dead_last, "dead"), (dead_first, "dead"), (waiting, "pending")]
    assert rows[0].last_error == Reason(SENDER_FAILED, {"detail": "over quota"}) and rows[0].attempts == MAX_ATTEMPTS
    assert sent not in [r.id for r in rows]
    assert [r.id for r in list_undelivered(dead_only=True)] == [dead_last, dead_first]
    assert count_undelivered() == {"dead": 2, "pending": 1}


def test_cli_lists_undelivered_messages_as_json_dead_first(cli, runtime, clock) -> None:
    waiting = queue(runtime, "log")
    dead = queue_dead(runtime, clock, error="over quota")
    rows = json.loads(cli("outbox", "list", "--json").output)
    assert [(r["id"], r["status"], r["attempts"], r["last_error"]) for r in rows] == [
        (dead, "dead", MAX_ATTEMPTS, {"code": SENDER_FAILED, "params": {"detail": "over quota"},
                                      "message": "Sending failed: over quota"}),
        (waiting, "pending", 0, None)]
    assert rows[1]["next_attempt_at"] == message(waiting).next_attempt_at.isoformat()
    assert [r["id"] for r in json.loads(cli("outbox", "list", "--dead", "--json").output)] == [dead]


def test_cli_lists_in_lines_and_says_when_nothing_is_dead(cli, runtime, clock) -> None:
    assert cli("outbox", "list", "--dead").output == "No message is dead.\n"
    dead = queue_dead(runtime, clock, error="over quota")
    (line,) = cli("outbox", "list").output.splitlines()
    assert line.startswith(f"{dead}\tdead\tsms\t") and line.endswith("\tSending failed: over quota")


def test_cli_resend_puts_a_dead_message_back_in_the_queue(cli, runtime, clock, demo) -> None:
    message_id = queue_dead(runtime, clock)
    result = cli("outbox", "resend", str(message_id), "--as", "adam")
    assert result.exit_code == 0, result.output
    assert result.output == f"Message {message_id} to +86 21 5555 0101 is back in the queue; the next delivery pass sends it.\n"
    assert (message(message_id).status, message(message_id).resent_by) == ("pending", "adam")


def test_cli_resend_is_refused_to_a_non_admin_with_one_line(cli, runtime, clock, demo) -> None:
    message_id = queue_dead(runtime, clock)
    result = cli("outbox", "resend", str(message_id), "--as", "sam")
    assert (result.exit_code, result.stderr) == (1, "error: Only administrators may resend outbox messages.\n")
    assert message(message_id).status == "dead"


def test_cli_resend_of_an_unknown_message_or_person_says_what_to_do(cli, demo) -> None:
    unknown = cli("outbox", "resend", "999", "--as", "adam")
    assert (unknown.exit_code, unknown.stderr) == (
        1, "error: There is no outbox message 999. List them with 'flowdesk outbox list'.\n")
    nobody = cli("outbox", "resend", "1", "--as", "nobody")
    assert nobody.exit_code == 1 and "There is no active user 'nobody'" in nobody.stderr
