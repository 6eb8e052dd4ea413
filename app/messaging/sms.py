"""The SMS channel: a pluggable sender that hands outbox messages to an HTTP SMS gateway.

FlowDesk does not talk to a mobile network itself. It POSTs JSON to the gateway an operator configures
(FLOWDESK_SMS_GATEWAY_URL, with an optional bearer token FLOWDESK_SMS_GATEWAY_TOKEN):

    POST <url>
    Content-Type: application/json
    Idempotency-Key: flowdesk-outbox-42-20261125T101500Z

    {"to": "+86 21 5555 0101", "text": "INC-000001: ...", "idempotency_key": "flowdesk-outbox-42-20261125T101500Z"}

Any 2xx answer counts as accepted; any other answer, or no answer, is a failed attempt that the outbox
retries with backoff until the message is dead (then an admin may resend it).

For operators: the idempotency key names one outbox message (its id and the moment it was written) and
stays the same on every attempt. FlowDesk records a delivery only after the gateway accepted it, so a
crash, a lost answer or a timeout between the two makes FlowDesk send the same message again later, with
the same key. Configure the gateway (or a small proxy in front of it) to accept a key it has already seen
without sending a second SMS, and to remember keys for at least a day (a message is retried for about
two hours, and an admin may resend a dead one later). A gateway that ignores the key can deliver such a
message twice. Another gateway is plugged in by passing a different Sender for "sms".
"""
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from app.messaging.outbox import DeliveryFailed, OutgoingMessage, own_words
from app.messaging.reasons import SMS_REFUSED, SMS_UNREACHABLE, Reason

SMS_MAX_CHARS = 160 * 4  # four concatenated parts; the gateway splits them


@dataclass(frozen=True)
class HttpSmsGateway:
    """Send an SMS by POSTing JSON to a gateway URL."""

    url: str
    token: str | None = None
    timeout_seconds: float = 10.0

    def __call__(self, message: OutgoingMessage) -> None:
        """Send one message with its idempotency key; raise with the gateway's answer when it is refused."""
        key = message.idempotency_key
        payload = json.dumps({"to": message.recipient, "text": message.body[:SMS_MAX_CHARS],
                              "idempotency_key": key}).encode()
        request = urllib.request.Request(self.url, data=payload, method="POST",
                                         headers={"Content-Type": "application/json", "Idempotency-Key": key})
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:  # noqa: S310 - admin URL
                response.read()
        except urllib.error.HTTPError as error:
            answer = own_words(error.read(300).decode("utf-8", "replace"))
            raise DeliveryFailed(Reason(SMS_REFUSED, {"http_status": error.code, "answer": answer})) from None
        except (urllib.error.URLError, TimeoutError) as error:
            detail = own_words(str(getattr(error, "reason", error)))
            raise DeliveryFailed(Reason(SMS_UNREACHABLE, {"gateway": self.url, "detail": detail})) from None
