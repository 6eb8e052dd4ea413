"""The admin page of the outbox: dead messages first with their last error, and a confirmed, CSRF-protected resend."""
import re

import lxml.html

from app.messaging.outbox import MAX_ATTEMPTS, OutgoingMessage, deliver_outbox
from tests.messaging.loopback import message, queue, queue_dead


def rows_of(page: str) -> list[list[str]]:
    """Return the outbox table's rows as lists of cell texts."""
    table = lxml.html.fromstring(page).find(".//table")
    return [[" ".join(cell.text_content().split()) for cell in row.iter("td")] for row in table.iter("tr")
            if row.find("td") is not None]


def test_admin_sees_dead_messages_first_with_their_last_error_and_a_resend_action(
        client, sign_in, demo, runtime, clock) -> None:
    waiting = queue(runtime, "log", recipient="sam@flowdesk.example", subject="Task waiting")
    dead = queue_dead(runtime, clock, error="over quota")
    sign_in("adam")
    page = client.get("/admin/outbox").get_data(as_text=True)
    (dead_row, waiting_row) = rows_of(page)
    assert dead_row[:5] == [str(dead), "Dead", "+86 21 5555 0101 sms", "breach", str(MAX_ATTEMPTS)]
    assert dead_row[5] == "Sending failed: over quota"
    assert dead_row[7] == "Resend…" and f'href="/admin/outbox/{dead}/resend"' in page
    assert waiting_row[:5] == [str(waiting), "Waiting", "sam@flowdesk.example log", "Task waiting", "0"]
    assert waiting_row[6] != "–" and waiting_row[7] == ""  # a next try, and nothing to resend
    assert 'aria-current="page">Outbox</a>' in page


def test_failed_message_shows_that_it_will_be_retried_and_when(client, sign_in, demo, runtime) -> None:
    message_id = queue(runtime, "log")

    def refused(outgoing: OutgoingMessage) -> None:
        raise ConnectionError("relay refused")
    deliver_outbox(runtime, {"log": refused})
    sign_in("adam")
    (row,) = rows_of(client.get("/admin/outbox").get_data(as_text=True))
    assert row[:6] == [str(message_id), "Failed, will retry", "+86 21 5555 0101 log", "breach", "1",
                       "Sending failed: relay refused"]


def test_dead_only_view_leaves_waiting_messages_out(client, sign_in, demo, runtime, clock) -> None:
    queue(runtime, "log")
    dead = queue_dead(runtime, clock)
    sign_in("adam")
    assert [row[0] for row in rows_of(client.get("/admin/outbox?dead=1").get_data(as_text=True))] == [str(dead)]


def test_admin_resends_a_dead_message_after_confirming(client, sign_in, demo, runtime, clock) -> None:
    dead = queue_dead(runtime, clock)
    sign_in("adam")
    confirm = client.get(f"/admin/outbox/{dead}/resend").get_data(as_text=True)
    assert f"Resend message {dead}?" in confirm and "gateway down" in confirm
    unconfirmed = client.post(f"/admin/outbox/{dead}/resend", data={})
    assert unconfirmed.status_code == 200 and "Tick the box to confirm." in unconfirmed.get_data(as_text=True)
    assert message(dead).status == "dead"
    response = client.post(f"/admin/outbox/{dead}/resend", data={"confirm": "y"}, follow_redirects=True)
    assert f"Message {dead} is back in the queue" in response.get_data(as_text=True)
    row = message(dead)
    assert (row.status, row.attempts, row.resent_by, row.resent_at) == ("pending", 0, "adam", clock.now())
    (row,) = rows_of(client.get("/admin/outbox").get_data(as_text=True))
    assert row[1].startswith("Waiting Resent by adam,")  # not "failed": no attempt since the resend


def test_resending_a_message_that_is_no_longer_dead_changes_nothing(client, sign_in, demo, runtime, clock) -> None:
    dead = queue_dead(runtime, clock)
    sign_in("adam")
    client.post(f"/admin/outbox/{dead}/resend", data={"confirm": "y"})
    again = client.post(f"/admin/outbox/{dead}/resend", data={"confirm": "y"}, follow_redirects=True)
    assert f"Message {dead} is no longer dead" in again.get_data(as_text=True)
    assert "there is nothing to resend" in client.get(f"/admin/outbox/{dead}/resend").get_data(as_text=True)


def test_resend_without_the_csrf_token_is_refused_and_changes_nothing(app, client, sign_in, demo, runtime, clock) -> None:
    dead = queue_dead(runtime, clock)
    sign_in("adam")
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"/admin/outbox/{dead}/resend", data={"confirm": "y"}).status_code == 400
    assert message(dead).status == "dead"
    page = client.get(f"/admin/outbox/{dead}/resend").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    assert client.post(f"/admin/outbox/{dead}/resend", data={"confirm": "y", "csrf_token": token}).status_code == 302
    assert message(dead).status == "pending"


def test_outbox_pages_are_for_admins_only(client, sign_in, demo, runtime, clock) -> None:
    dead = queue_dead(runtime, clock)
    sign_in("mona")
    assert client.get("/admin/outbox").status_code == 403
    assert client.post(f"/admin/outbox/{dead}/resend", data={"confirm": "y"}).status_code == 403
    assert message(dead).status == "dead"


def test_unknown_message_has_no_resend_page(client, sign_in, demo) -> None:
    sign_in("adam")
    assert client.get("/admin/outbox/999/resend").status_code == 404


def test_empty_outbox_says_every_notification_was_delivered(client, sign_in, demo) -> None:
    sign_in("adam")
    assert "Every notification was delivered" in client.get("/admin/outbox").get_data(as_text=True)


def test_outbox_page_speaks_chinese_after_switching(client, sign_in, demo, runtime, clock) -> None:
    queue_dead(runtime, clock)
    sign_in("adam")
    client.post("/language", data={"language": "zh_CN", "next": "/admin/outbox"})
    page = client.get("/admin/outbox").get_data(as_text=True)
    (row,) = rows_of(page)
    assert (row[1], row[7]) == ("已放弃", "重新发送…")
    assert "<h1>发件箱</h1>" in page and "Dead" not in page
