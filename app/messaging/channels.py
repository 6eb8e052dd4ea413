"""The outbox's channels as the configuration enables them: a sender per channel, and the gates before them."""
from collections.abc import Callable, Mapping
from typing import Any

from app.messaging.mail.bounces import record_relay_refusal, undeliverable_gate
from app.messaging.mail.caps import mail_cap_gate
from app.messaging.mail.relay_settings import settings_in_force
from app.messaging.mail.smtp import SmtpSender
from app.messaging.outbox import Gate, Hold, OutgoingMessage, Sender, deliver_outbox, log_sender
from app.messaging.sms import HttpSmsGateway
from app.workflow.runtime import Runtime


def configured_senders(config: Mapping[str, Any]) -> dict[str, Sender]:
    """Return the outbox senders the configuration enables.

    'log' always; 'sms' when a gateway URL is set; 'email' when an SMTP relay is set (FLOWDESK_SMTP_URL or the
    mail settings page). A channel without a sender keeps its messages queued until one is configured.
    """
    senders: dict[str, Sender] = {"log": log_sender}
    if config.get("SMS_GATEWAY_URL"):
        senders["sms"] = HttpSmsGateway(config["SMS_GATEWAY_URL"], config.get("SMS_GATEWAY_TOKEN"))
    mail = settings_in_force(config)
    if mail.relay is not None:
        senders["email"] = SmtpSender(mail.relay, mail.mail_from, mail.domain,
                                      float(config.get("SMTP_TIMEOUT_SECONDS", 20.0)))
    return senders


def configured_gates(config: Mapping[str, Any]) -> dict[str, Gate]:
    """Return the gates asked before a channel's sender: an undeliverable address first, then the mail rate caps
    in force."""
    mail = settings_in_force(config)
    caps = mail_cap_gate(mail.cap_per_address_per_hour, mail.cap_per_ticket_per_hour)
    return {"email": gates_in_turn(undeliverable_gate, caps)}


def gates_in_turn(*gates: Gate) -> Gate:
    """Return a gate that asks the given ones in order and answers with the first hold."""
    def ask(runtime: Runtime, message: OutgoingMessage) -> Hold | None:
        for gate in gates:
            hold = gate(runtime, message)
            if hold is not None:
                return hold
        return None
    return ask


def deliver_configured(runtime: Runtime, config: Mapping[str, Any],
                       on_outcome: Callable[[OutgoingMessage, str], None] | None = None) -> dict[str, int]:
    """Run one outbox pass with the configured senders and gates."""
    return deliver_outbox(runtime, configured_senders(config), lease_seconds=float(config["OUTBOX_LEASE_SECONDS"]),
                          gates=configured_gates(config), on_outcome=on_outcome, on_refused=record_relay_refusal)
