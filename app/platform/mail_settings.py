"""What composing mail needs from the configuration: where links point, the Message-ID domain, the signing key.

In platform, not messaging: the Runtime (app/workflow) carries these settings, and the workflow sits below messaging.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class MailSettings:
    """The mail settings a Runtime carries (the app factory fills them from BASE_URL, MAIL_DOMAIN, SECRET_KEY)."""

    base_url: str = "http://localhost:5000"
    domain: str = "flowdesk.localhost"
    secret_key: bytes = b"flowdesk-unconfigured"

    @classmethod
    def from_config(cls, base_url: str, domain: str, secret_key: str | bytes | None) -> "MailSettings":
        """Build the settings from configuration values."""
        return cls(base_url.rstrip("/"), domain, signing_key(secret_key))


def signing_key(secret_key: str | bytes | None) -> bytes:
    """Return the key that signs mail's marks and seals mailbox secrets, from the app's SECRET_KEY: the sending and
    the receiving side derive it here alike (an app without a key, in tests, gets a fixed one)."""
    key = secret_key if isinstance(secret_key, bytes) else str(secret_key or "").encode()
    return key or MailSettings.secret_key
