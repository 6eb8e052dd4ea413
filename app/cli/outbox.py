"""flowdesk outbox: undelivered messages, and resending dead ones."""
from typing import Any

import click

from app.cli.base import emit, json_option, main, reports_errors
from app.messaging import undelivered
from app.messaging.reasons import REASONS
from app.organisation import accounts, users
from app.wiring import current_runtime


@main.group("outbox")
def outbox_group() -> None:
    """See the notifications that are not delivered yet, and resend dead ones."""


@outbox_group.command("list")
@click.option("--dead", "dead_only", is_flag=True, help="Only dead messages (every attempt failed).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=undelivered.LIST_LIMIT, show_default=True)
@click.option("--reason", type=click.Choice(list(REASONS)), help="Only messages held or last failed for this reason.")
@json_option
@reports_errors
def list_outbox(dead_only: bool, limit: int, reason: str | None, as_json: bool) -> None:
    """List dead messages (newest first), then waiting ones in the order they will be tried."""
    rows = [message.to_dict() for message in undelivered.list_undelivered(dead_only, limit, reason)]
    emit(rows, as_json, lambda: [describe_message(r) for r in rows] or [nothing_listed(dead_only, reason)])


def nothing_listed(dead_only: bool, reason: str | None) -> str:
    """Say that no message matches the listing asked for."""
    if reason is not None:
        return f"No {'dead' if dead_only else 'undelivered'} message is held or failed for the reason '{reason}'."
    return "No message is dead." if dead_only else "Every message was delivered; none waits and none is dead."


def describe_message(row: dict[str, Any]) -> str:
    """Return one line about an undelivered message."""
    pending = row["status"] == "pending"
    when = f"next try {row['next_attempt_at']}" if pending else "resend with 'flowdesk outbox resend ID --as ADMIN'"
    shown = (row["held_reason"] if pending else None) or row["last_error"]
    error = f"\t{shown['message']}" if shown else ""
    return (f"{row['id']}\t{row['status']}\t{row['channel']}\t{row['recipient']}\t{row['subject']}\t"
            f"attempts {row['attempts']}\t{when}{error}")


@outbox_group.command("resend")
@click.argument("message_id", type=int)
@click.option("--as", "login", required=True, help="The administrator who resends it (recorded with the message).")
@reports_errors
def resend_outbox_message(message_id: int, login: str) -> None:
    """Put a dead message back in the queue with its attempts reset; the next delivery pass sends it."""
    actor = accounts.actor_for(users.require_active_user(login))
    message = undelivered.resend_message(current_runtime(), actor, message_id)
    click.echo(f"Message {message.id} to {message.recipient} is back in the queue; the next delivery pass sends it.")
