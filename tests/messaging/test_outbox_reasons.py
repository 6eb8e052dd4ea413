"""Why a message waits or failed is stored as a code and parameters and read in the reader's language; the outbox
is filtered by it. The reasons come from the real senders: an SMTP relay and an SMS gateway on loopback."""
import json
from datetime import datetime

import lxml.html
import pytest
from sqlalchemy import select

from app.extensions import db
from app.messaging.models import OutboxMessage
from app.messaging.outbox import deliver_outbox
from app.messaging.reasons import (
    CAP_PER_ADDRESS,
    RECORDED_TEXT,
    SENDER_FAILED,
    SMS_REFUSED,
    SMTP_RECIPIENT_REFUSED,
    UNDELIVERABLE,
    Reason,
    english_text,
)
from app.organisation.models import User
from app.platform.transactions import run_unit
from app.web.shell.moments import exact_time
from tests.messaging.loopback import message, queue, queue_dead
from tests.messaging.mail_scenes import send_pending
from tests.web.test_pages_speak_the_readers_language import leftovers

GONE = "gone@partner.example"  # the relay refuses it for good
MONA = "mona@flowdesk.example"  # one mail an hour
ANSWER = "5.1.1 No such mailbox here"  # what the loopback relay says of GONE


@pytest.fixture
def reasons_of_every_kind(app, runtime, smtp_receiver, gateway, demo) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """One delivery pass over mail and SMS that leaves a message for each of four reasons; return their ids."""
    app.config.update(SMTP_URL=smtp_receiver.url, MAIL_FROM="FlowDesk <desk@flowdesk.example>",
                      MAIL_CAP_PER_ADDRESS_PER_HOUR=1, SMS_GATEWAY_URL=gateway.url)
    smtp_receiver.refused.add(GONE)
    gateway.status = 429
    ids = {"refused": queue(runtime, "email", GONE, "Breach", "A target was missed."),
           "undeliverable": queue(runtime, "email", GONE, "Breach again", "Still missed.")}
    queue(runtime, "email", MONA, "First of the hour", "Sent.")
    ids["capped"] = queue(runtime, "email", MONA, "Second of the hour", "Held.")
    ids["sms"] = queue(runtime, "sms", "+86 21 5555 0101", "Breach", "INC-000001: breach")
    send_pending(app, runtime)
    return ids


def reason_cells(page: str) -> dict[int, tuple[str, str]]:
    """Return the outbox table's reason cell of each message: (its code, its text)."""
    cells = {}
    for row in lxml.html.fromstring(page).iter("tr"):
        if row.get("data-message"):
            cell = row.find_class("error")[0]
            cells[int(row.get("data-message"))] = (cell.get("data-reason"), " ".join(cell.text_content().split()))
    return cells


def read_in_chinese(client, sign_in, path: str) -> str:  # type: ignore[no-untyped-def]
    """Return a page as adam reads it in Chinese."""
    sign_in("adam")
    client.post("/language", data={"language": "zh_CN", "next": path})
    return client.get(path).get_data(as_text=True)


def adams_time(moment_iso: str) -> str:
    """Return a stored moment as adam's pages write it in Chinese (his time zone, the language's pattern)."""
    zone = db.session.execute(select(User.timezone).where(User.login == "adam")).scalar_one()
    return exact_time(datetime.fromisoformat(moment_iso), "zh_CN", zone)


def test_rows_keep_codes_and_the_servers_own_words_never_a_sentence(reasons_of_every_kind, smtp_receiver) -> None:
    ids = reasons_of_every_kind
    refused, undeliverable = message(ids["refused"]), message(ids["undeliverable"])
    assert (refused.status, refused.error) == ("dead", Reason(SMTP_RECIPIENT_REFUSED, {
        "server": f"127.0.0.1:{smtp_receiver.port}", "recipient": GONE, "smtp_code": 550, "answer": ANSWER,
        "permanent": True}))
    assert (undeliverable.status, undeliverable.held_code) == ("pending", UNDELIVERABLE)
    assert undeliverable.held_params["diagnostic"] == f"550 {ANSWER}"
    assert (message(ids["capped"]).held_code, message(ids["capped"]).held_params["cap"]) == (CAP_PER_ADDRESS, 1)
    assert message(ids["sms"]).error == Reason(SMS_REFUSED, {"http_status": 429, "answer": "over quota"})


def test_outbox_page_in_chinese_says_every_reason_in_chinese_with_the_servers_words_verbatim(
        reasons_of_every_kind, client, sign_in, smtp_receiver) -> None:
    ids = reasons_of_every_kind
    page = read_in_chinese(client, sign_in, "/admin/outbox")
    cells = reason_cells(page)
    server = f"127.0.0.1:{smtp_receiver.port}"
    assert cells[ids["refused"]] == (SMTP_RECIPIENT_REFUSED, f"位于 {server} 的邮件服务器以 550 拒绝了收件人 {GONE}：{ANSWER}"
                                                             "（这是永久性拒绝，该消息不会重试）")
    bounced_at = adams_time(message(ids["undeliverable"]).held_params["bounced_at"])
    assert cells[ids["undeliverable"]] == (UNDELIVERABLE, f"已暂扣：发往 {GONE} 的邮件于 {bounced_at} 被退回（550 {ANSWER}）。"
                                                          "管理员核对该地址并清除标记后即可发送。")
    until = adams_time(message(ids["capped"]).held_params["until"])
    assert cells[ids["capped"]] == (CAP_PER_ADDRESS, f"因每个地址每小时最多 1 封邮件的限制而暂扣；将于 {until} 起发出。")
    assert cells[ids["sms"]] == (SMS_REFUSED, "短信网关以 HTTP 429 拒绝了该消息：over quota")
    typed = [GONE, MONA, ANSWER, "over quota", "+86 21 5555 0101", "Breach again", "Second of the hour", "Breach",
             server, "email", "sms", "HTTP"]  # HTTP: the same word in both languages
    assert leftovers(page, typed) == ([], [])  # no English left but the servers' words, no raw code


def test_outbox_page_in_english_says_the_same_reasons_in_english(reasons_of_every_kind, client, sign_in) -> None:
    ids = reasons_of_every_kind
    sign_in("adam")
    cells = reason_cells(client.get("/admin/outbox").get_data(as_text=True))
    assert cells[ids["sms"]] == (SMS_REFUSED, "The SMS gateway refused the message with HTTP 429: over quota")
    assert cells[ids["refused"]][1].endswith(f"{ANSWER} This is a permanent refusal, so the message is not retried.")


def test_admin_filters_the_outbox_by_reason_and_the_choices_count_each(reasons_of_every_kind, client,
                                                                       sign_in) -> None:
    ids = reasons_of_every_kind
    page = read_in_chinese(client, sign_in, "/admin/outbox")
    options = {option.get("value"): " ".join(option.text_content().split())
               for option in lxml.html.fromstring(page).get_element_by_id("reason").iter("option")}
    assert options == {"": "任意原因", SMTP_RECIPIENT_REFUSED: "邮件服务器拒绝了收件人 (1)", UNDELIVERABLE: "暂扣：地址无法投递 (1)",
                       CAP_PER_ADDRESS: "因每地址限额暂扣 (1)", SMS_REFUSED: "短信网关拒绝 (1)"}
    filtered = client.get(f"/admin/outbox?reason={UNDELIVERABLE}").get_data(as_text=True)
    assert list(reason_cells(filtered)) == [ids["undeliverable"]]
    assert f'<option value="{UNDELIVERABLE}" selected>' in filtered
    assert list(reason_cells(client.get(f"/admin/outbox?dead=1&reason={SMS_REFUSED}").get_data(as_text=True))) == []
    assert list(reason_cells(client.get(f"/admin/outbox?dead=1&reason={SMTP_RECIPIENT_REFUSED}")
                             .get_data(as_text=True))) == [ids["refused"]]


def test_filter_by_an_unknown_reason_says_so_and_shows_every_message(reasons_of_every_kind, client,
                                                                     sign_in) -> None:
    sign_in("adam")
    response = client.get("/admin/outbox?dead=1&reason=on_fire")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/outbox?dead=1")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The outbox has no reason “on_fire” to filter by; choose one from the list." in page


def test_cli_filters_by_reason_and_answers_code_params_and_an_english_message(reasons_of_every_kind, cli) -> None:
    ids = reasons_of_every_kind
    (row,) = json.loads(cli("outbox", "list", "--reason", SMS_REFUSED, "--json").output)
    assert (row["id"], row["last_error"]) == (ids["sms"], {
        "code": SMS_REFUSED, "params": {"http_status": 429, "answer": "over quota"},
        "message": "The SMS gateway refused the message with HTTP 429: over quota"})
    (line,) = cli("outbox", "list", "--reason", CAP_PER_ADDRESS).output.splitlines()
    assert line.startswith(f"{ids['capped']}\tpending\temail\t{MONA}\t")
    assert "\tHeld by the cap of 1 mails per address per hour; it goes out from " in line and line.endswith(" UTC.")
    refused = cli("outbox", "list", "--reason", "on_fire")
    assert refused.exit_code != 0 and "'on_fire' is not one of" in refused.output


def test_a_senders_own_failure_keeps_its_words_and_an_unknown_code_is_shown_not_hidden(runtime, clock) -> None:
    dead = queue_dead(runtime, clock, error="disk full")
    assert message(dead).error == Reason(SENDER_FAILED, {"detail": "disk full"})
    assert english_text(Reason("from_a_later_version", {"x": 1})) == "from_a_later_version {'x': 1}"
    assert english_text(Reason(RECORDED_TEXT, {"text": "Words of an older FlowDesk."})) == "Words of an older FlowDesk."


def test_a_message_that_goes_out_after_a_hold_forgets_the_hold(runtime, clock) -> None:
    message_id = queue(runtime, "log")

    def hold() -> None:
        db.session.get_one(OutboxMessage, message_id).held = Reason(CAP_PER_ADDRESS, {
            "cap": 1, "until": clock.now().isoformat()})
    run_unit(hold)
    assert deliver_outbox(runtime, {"log": lambda outgoing: None})["sent"] == 1
    row = message(message_id)
    assert (row.status, row.held_code, row.held_params, row.error_code) == ("sent", None, None, None)
