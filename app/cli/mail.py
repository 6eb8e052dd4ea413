"""flowdesk mail: one outbox pass (send-pending); the mailboxes FlowDesk polls, one polling pass, a message piped in by
an MTA, the quarantine, and clearing an address's undeliverable mark."""
import sys
from typing import Any

import click
from flask import current_app

from app.cli.base import emit, json_option, main, reports_errors
from app.messaging.mail import bounces
from app.messaging.mail.pass_report import run_send_pending
from app.organisation.policies import system_actor
from app.servicedesk.intake import mailboxes, quarantine
from app.servicedesk.intake.ingestion import Ingested, ingest
from app.servicedesk.intake.polling import PollCounts, poll_mailboxes
from app.servicedesk.intake.settings import IntakeSettings
from app.wiring import current_runtime

CHANNEL_SETTINGS = {"email": "FLOWDESK_SMTP_URL (or the relay under Administration, Mail settings)",
                    "sms": "FLOWDESK_SMS_GATEWAY_URL"}
RAW_MAX_BYTES = 64 * 1024 * 1024  # a piped message larger than this is refused before it is read whole


def intake_settings() -> IntakeSettings:
    """Return the intake's settings from the app's configuration."""
    return IntakeSettings.from_config(current_app.config)


@main.group("mail")
def mail_group() -> None:
    """Mail out (one outbox pass) and mail in: mailboxes, polling, piped messages and the quarantine."""


@mail_group.command("add-mailbox")
@click.argument("name")
@click.option("--imap", "url", required=True, help="imaps://USER:PASS@HOST:PORT/INBOX (or imap:// for STARTTLS).")
@click.option("--category", "category_id", type=int, help="The category of new tickets (its process and group).")
@click.option("--unknown-senders", type=click.Choice(mailboxes.UNKNOWN_SENDER_POLICIES), default="create",
              show_default=True, help="Create a requester account for an unknown sender, or refuse politely.")
@click.option("--kind", "ticket_kind", type=click.Choice(mailboxes.TICKET_KINDS), default="incident",
              show_default=True)
@click.option("--process", "process_id", help="The process of new tickets when the category names none.")
@click.option("--group", "default_group", help="The group of new tickets when the category names none.")
@click.option("--oauth2", is_flag=True, help="The password in the URL is an OAuth2 access token (XOAUTH2).")
@click.option("--processed-folder", default="FlowDesk/Processed", show_default=True)
@click.option("--refused-folder", default="FlowDesk/Refused", show_default=True)
@click.option("--quarantine-folder", default="FlowDesk/Quarantine", show_default=True)
@click.option("--foreign-id", "foreign_ids", multiple=True, metavar="PATTERN",
              help=r"Another system's ticket id in subjects, a regular expression with one group: '\[Case #(\d+)\]'.")
@reports_errors
def add_mailbox(name: str, url: str, oauth2: bool, foreign_ids: tuple[str, ...], **settings: Any) -> None:
    """Add a mailbox for the scheduler to poll."""
    mailbox = mailboxes.add_mailbox(current_runtime(), system_actor(), name, url, mailboxes.MailboxSettings(
        auth_method="oauth2" if oauth2 else "password", foreign_id_patterns="\n".join(foreign_ids), **settings))
    click.echo(f"Mailbox {mailbox.name} added: {mailbox.username} at {mailbox.host}:{mailbox.port}, "
               f"folder {mailbox.folder}.")


@mail_group.command("mailboxes")
@json_option
@reports_errors
def list_mailboxes(as_json: bool) -> None:
    """List the mailboxes (never their passwords)."""
    rows = [mailboxes.mailbox_dict(mailbox) for mailbox in mailboxes.list_mailboxes()]
    emit(rows, as_json, lambda: [
        f"{r['name']}\t{r['username']}@{r['host']}:{r['port']}/{r['folder']}\t{r['ticket_kind']}\t"
        f"unknown senders: {r['unknown_senders']}\t{'active' if r['active'] else 'paused'}"
        + (f"\tlast error: {r['last_error']}" if r["last_error"] else "") for r in rows]
        or ["No mailbox yet; add one with 'flowdesk mail add-mailbox'."])


@mail_group.command("poll")
@click.option("--mailbox", "name", help="Only this mailbox (even when paused).")
@json_option
@reports_errors
def poll(name: str | None, as_json: bool) -> None:
    """Poll the mailboxes once and say what each pass did."""
    results = poll_mailboxes(current_runtime(), intake_settings(), name)
    emit([counts.to_dict() for counts in results], as_json,
         lambda: [describe_poll(counts) for counts in results] or ["No active mailbox to poll."])
    if any(counts.error for counts in results):
        sys.exit(1)


def describe_poll(counts: PollCounts) -> str:
    """Return one line about one mailbox's pass."""
    line = (f"{counts.mailbox}: fetched {counts.fetched}, new tickets {counts.new_tickets}, replies "
            f"{counts.replies}, refused {counts.refused}, quarantined {counts.quarantined}")
    return line + (f"; error: {counts.error}" if counts.error else "")


@mail_group.command("ingest")
@click.option("--mailbox", "name", required=True, help="The mailbox whose settings apply to the message.")
@json_option
@reports_errors
def ingest_stdin(name: str, as_json: bool) -> None:
    """Take in one message from standard input (an MTA pipe), exactly as a poll would."""
    raw = sys.stdin.buffer.read(RAW_MAX_BYTES + 1)
    if not raw.strip():
        raise click.UsageError("Standard input is empty; pipe one message in: flowdesk mail ingest --mailbox NAME "
                               "< message.eml")
    if len(raw) > RAW_MAX_BYTES:
        raise click.UsageError(f"The message is larger than {RAW_MAX_BYTES:,} bytes; it was not taken in.")
    mailbox_id = mailboxes.mailbox_named(name).id
    outcome = ingest(current_runtime(), intake_settings(), mailbox_id, None, None, raw)
    emit(outcome.__dict__, as_json, lambda: [describe_outcome(outcome)])


def describe_outcome(outcome: Ingested) -> str:
    """Return one line about one message's outcome."""
    ticket = f" ({outcome.ticket_number})" if outcome.ticket_number else ""
    return f"Mail {outcome.mail_id}: {outcome.status}{ticket}."


@mail_group.command("quarantine")
@click.option("--reason", help="Only the mail quarantined for this reason code (as --json gives it).")
@json_option
@reports_errors
def list_quarantine(reason: str | None, as_json: bool) -> None:
    """List the messages in quarantine, newest first, each with why."""
    rows = [quarantine.mail_dict(row) for row in quarantine.list_quarantine(reason=reason)]
    emit(rows, as_json, lambda: [describe_mail(row) for row in rows] or ["The quarantine is empty."])


@mail_group.command("refused")
@click.option("--reason", help="Only the mail refused or capped for this reason code (as --json gives it).")
@json_option
@reports_errors
def list_refused(reason: str | None, as_json: bool) -> None:
    """List the messages refused (a polite reply went out) or over their sender's daily limit, newest first."""
    rows = [quarantine.mail_dict(row) for row in quarantine.list_refused(reason=reason)]
    emit(rows, as_json, lambda: [describe_mail(row) for row in rows] or ["No mail was refused."])


def describe_mail(row: dict[str, Any]) -> str:
    """Return one line about a listed message: its number, mailbox, sender, subject and why (what failed, too)."""
    error = row["error"] or {"message": "-", "params": {}}
    detail = error["params"].get("detail")
    return (f"{row['id']}\t{row['mailbox'] or '-'}\t{row['sender'] or '-'}\t{row['subject'] or '-'}\t"
            f"{error['message']}" + (f" ({detail})" if detail else ""))


@mail_group.command("retry")
@click.argument("mail_id", type=int)
@json_option
@reports_errors
def retry(mail_id: int, as_json: bool) -> None:
    """Process a quarantined message again."""
    outcome = quarantine.retry_mail(current_runtime(), intake_settings(), system_actor(), mail_id)
    emit(outcome.__dict__, as_json, lambda: [describe_outcome(outcome)])
    if outcome.status == "quarantined":
        sys.exit(1)


@mail_group.command("discard")
@click.argument("mail_id", type=int)
@reports_errors
def discard(mail_id: int) -> None:
    """Give up on a quarantined message; it stays recorded as discarded."""
    quarantine.discard_mail(current_runtime(), system_actor(), mail_id)
    click.echo(f"Mail {mail_id} discarded.")


@mail_group.command("clear-bounce")
@click.argument("address")
@reports_errors
def clear_bounce(address: str) -> None:
    """Clear an address's undeliverable mark after checking the address; its held mail goes out again."""
    released = bounces.clear_bounce(current_runtime(), system_actor(), address)
    click.echo(f"The mark on {bounces.normal_address(address)} was cleared; {released} held mail will be sent with "
               "the next delivery pass.")


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
        reason = f"\t{line['reason']['message']}" if line["reason"] else ""
        lines.append(f"{line['id']}\t{line['outcome']}\t{line['channel']}\t{line['recipient']}\t{line['subject']}"
                     f"{reason}")
    counts = report["counts"]
    lines.append(f"{counts['sent']} sent, {counts['failed']} failed (retried later), {counts['dead']} dead, "
                 f"{counts['held']} held (mail caps, undeliverable addresses), {counts['deferred']} left for the "
                 "next pass.")
    for channel, count in report["waiting"].items():
        setting = CHANNEL_SETTINGS.get(channel, "its sender")
        lines.append(f"{count} {channel} messages wait: set {setting} to send them.")
    return lines
