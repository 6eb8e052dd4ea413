"""flowdesk mail: the e-mail channel's commands (send-pending: one outbox pass)."""
from typing import Any

from flask import current_app

from app.cli.base import emit, json_option, main, reports_errors
from app.messaging.mail.pass_report import run_send_pending
from app.wiring import current_runtime

CHANNEL_SETTINGS = {"email": "FLOWDESK_SMTP_URL", "sms": "FLOWDESK_SMS_GATEWAY_URL"}


@main.group("mail")
def mail_group() -> None:
    """Send FlowDesk's mail (and, later, read the mailboxes)."""


@mail_group.command("send-pending")
@json_option
@reports_errors
def send_pending(as_json: bool) -> None:
    """Run one outbox pass now: send what is due on every configured channel, and say what happened to each."""
    report = run_send_pending(current_runtime(), current_app.config)
    emit(report, as_json, lambda: describe_pass(report))


def describe_pass(report: dict[str, Any]) -> list[str]:
    """Return the pass as lines: one per message, then the totals, then the channels that wait for a setting."""
    lines = []
    for line in report["messages"]:
        reason = f"\t{line['reason']}" if line["reason"] else ""
        lines.append(f"{line['id']}\t{line['outcome']}\t{line['channel']}\t{line['recipient']}\t{line['subject']}"
                     f"{reason}")
    counts = report["counts"]
    lines.append(f"{counts['sent']} sent, {counts['failed']} failed (retried later), {counts['dead']} dead, "
                 f"{counts['held']} held by the mail caps, {counts['deferred']} left for the next pass.")
    for channel, count in report["waiting"].items():
        setting = CHANNEL_SETTINGS.get(channel, "its sender")
        lines.append(f"{count} {channel} messages wait: set {setting} to send them.")
    return lines
