"""What the intake needs from the installation's settings, read once at the edge and handed in."""
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

from app.messaging.mail.relay_settings import settings_in_force
from app.platform.mail_settings import signing_key
from app.servicedesk.intake.reading_pool import default_workers
from app.servicedesk.tickets.attachments import AttachmentSettings


@dataclass(frozen=True)
class IntakeSettings:
    """The Message-ID domain, the footer key, the daily cap per address and the attachment rules."""

    domain: str
    key: bytes
    max_per_address_per_day: int
    attachments: AttachmentSettings
    imap_ca_file: str | None = None
    imap_timeout_seconds: float = 30.0
    own_address: str = ""  # FlowDesk's From address: mail from it is never acknowledged (no loop with itself)
    read_workers: int = 0  # processes reading polled mail beside the poller (app/servicedesk/intake/reading_pool.py)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "IntakeSettings":
        """Read MAIL_* and ATTACHMENT_* from an app's configuration; the footer key is the app's secret key.

        The Message-ID domain is the one in force (the environment's, else the mail settings page's), so that replies
        to mail sent under a domain set on the page are recognised.
        """
        return cls(settings_in_force(config).domain, signing_key(config["SECRET_KEY"]),
                   int(config["MAIL_MAX_PER_ADDRESS_PER_DAY"]), AttachmentSettings.from_config(config),
                   config.get("MAIL_IMAP_CA_FILE"), float(config["MAIL_IMAP_TIMEOUT_SECONDS"]),
                   parseaddr(str(config.get("MAIL_FROM") or ""))[1].strip().lower(), read_workers_of(config))


def read_workers_of(config: Mapping[str, Any]) -> int:
    """Return MAIL_READ_WORKERS, a negative (or missing) value meaning the cores beside one, at most two."""
    workers = int(config.get("MAIL_READ_WORKERS", -1))
    return default_workers() if workers < 0 else workers
