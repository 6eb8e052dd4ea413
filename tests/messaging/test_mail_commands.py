"""flowdesk mail send-pending, FLOWDESK_SMTP_URL as operators write it, and a diagram's own mail."""
import json

import pytest

from app.messaging.mail.smtp import SmtpRelay, SmtpUrlRefused, parse_smtp_url
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.lifecycle import start_instance
from tests.incident.conftest import Desk
from tests.messaging.mail_scenes import RITA, parts, resolved_incident, send_pending
from tests.messaging.test_notify_topic import notifying


def test_send_pending_says_what_it_sent_and_prints_json(desk: Desk, app, cli, smtp_receiver) -> None:
    app.config["SMTP_URL"] = smtp_receiver.url
    number = resolved_incident(desk)
    result = cli("mail", "send-pending", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    sent = [line for line in report["messages"] if line["recipient"] == RITA]
    assert [line["outcome"] for line in sent] == ["sent", "sent"]
    assert sent[-1]["subject"] == f"[{number}] Your incident is resolved"
    assert report["counts"]["sent"] == len(report["messages"]) == len(smtp_receiver.received)
    again = cli("mail", "send-pending")
    assert again.exit_code == 0 and again.output.startswith("0 sent, 0 failed")


def test_send_pending_without_a_relay_says_which_setting_the_mail_waits_for(desk: Desk, cli) -> None:
    resolved_incident(desk)
    result = cli("mail", "send-pending")
    assert result.exit_code == 0
    assert ("email messages wait: set FLOWDESK_SMTP_URL (or the relay under Administration, Mail settings) to send "
            "them.") in result.output


def test_send_pending_names_the_failure_of_each_message(desk: Desk, app, cli, smtp_receiver) -> None:
    app.config["SMTP_URL"] = smtp_receiver.url
    smtp_receiver.refused.add(RITA)
    resolved_incident(desk)
    result = cli("mail", "send-pending")
    first, *later = [line for line in result.output.splitlines() if RITA in line]
    assert "\tdead\t" in first and "refused the recipient" in first
    assert later and all("\theld\t" in line and f"Held: mail to {RITA} bounced on" in line for line in later)


@pytest.mark.parametrize(("url", "relay"), [
    ("smtp://user:pass@mail.example:587?starttls=1", SmtpRelay("mail.example", 587, False, True, "user", "pass")),
    ("smtps://u%40x.example:p%2Fw@mail.example", SmtpRelay("mail.example", 465, True, False, "u@x.example", "p/w")),
    ("smtp://127.0.0.1", SmtpRelay("127.0.0.1", 25)),
])
def test_smtp_url_is_read_as_operators_write_it(url: str, relay: SmtpRelay) -> None:
    assert parse_smtp_url(url) == relay


@pytest.mark.parametrize(("url", "words"), [
    ("imap://mail.example", "must name a relay like smtp://"),
    ("smtp://mail.example:port", "The port in FLOWDESK_SMTP_URL is not a number"),
    ("smtps://mail.example?starttls=1", "STARTTLS on smtps://"),
])
def test_smtp_url_that_cannot_work_is_refused_saying_why(url: str, words: str) -> None:
    with pytest.raises(SmtpUrlRefused, match=words):
        parse_smtp_url(url)


def test_a_diagrams_own_message_goes_out_as_mail_in_the_readers_language(app, runtime, people, smtp_receiver) -> None:
    app.config["SMTP_URL"] = smtp_receiver.url
    deploy_diagram(runtime, notifying("sam"), "tell.bpmn", "owner")
    start_instance(runtime, "tell", {"host": "db1"})
    cli_report = send_pending(app, runtime)
    assert cli_report["counts"]["sent"] == 1
    (received,) = smtp_receiver.received
    assert received.mail["Subject"] == "Backup of db1 failed"
    assert received.mail["Auto-Submitted"] == "auto-generated" and received.mail["Message-ID"].startswith("<fd.n.")
    text, html = parts(received.mail)
    assert "Backup of db1 failed" in text and "Backup of db1 failed" in html
