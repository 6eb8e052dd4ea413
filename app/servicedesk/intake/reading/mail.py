"""What a read mail is: the frozen result of read_mail and the one error it raises."""
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

AutoKind = Literal["auto_reply", "bulk", "list", "own_echo", "bounce"]


class UnreadableMail(Exception):
    """The raw bytes are not a mail at all; the caller quarantines them."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Address:
    """One mailbox: the display name (decoded, may be empty) and the address."""

    name: str
    address: str


@dataclass(frozen=True)
class Attachment:
    """One attached file; inline images keep their Content-ID (without angle brackets)."""

    name: str
    content_type: str
    data: bytes = field(repr=False)
    content_id: str | None = None
    inline: bool = False
    sha256: str = ""  # the bytes' SHA-256 in hex, set when the reader keeps the file


@dataclass(frozen=True)
class Bounce:
    """A delivery failure: the address that failed, whether for good (5.x.x), and the status code.

    diagnostic is the receiving server's answer as the report quotes it ('' when it gives none); original_message_id
    is the Message-ID of the mail that failed, from the headers the report returns (None when it returns none).
    """

    address: str
    permanent: bool
    status: str
    diagnostic: str = ""
    original_message_id: str | None = None


@dataclass(frozen=True)
class IncomingMail:
    """A mail as the intake needs it.

    Message ids keep their angle brackets (`<id@host>`), as in the headers. `text` is the new text of the
    message (quotes and signature stripped), `full_text` the whole body. `problems` lists what was damaged
    and repaired while reading, in plain English for the quarantine and the operator.
    """

    message_id: str | None
    in_reply_to: str | None
    references: tuple[str, ...]
    subject: str
    sender: Address | None
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    date: datetime | None
    text: str
    full_text: str
    html: str | None
    attachments: tuple[Attachment, ...]
    auto: AutoKind | None
    bounce: Bounce | None
    problems: tuple[str, ...]
