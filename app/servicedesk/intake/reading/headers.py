"""Reading header fields: RFC 2047 encoded words, raw 8-bit values, addresses, dates and message ids."""
import re
from base64 import b64decode
from binascii import Error as BinasciiError
from datetime import UTC, datetime
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from quopri import decodestring

from .charsets import decode_bytes
from .charsets import is_utf8 as _is_utf8
from .mail import Address

_ENCODED_WORD = re.compile(r"=\?([^?\s]+?)\?([bBqQ])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"(\?=)\s+(=\?)")
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+$")


def raw_header(message: Message, name: str) -> str:
    """Return a header's first value as it came ('' when absent); non-ASCII bytes stay surrogate-escaped."""
    return next(iter(raw_headers(message, name)), "")


def raw_headers(message: Message, name: str) -> list[str]:
    """Return all values of a header as they came.

    Message.get would hand back an email.header.Header for 8-bit values, which has lost its bytes.
    """
    wanted = name.lower()
    return [value if isinstance(value, str) else str(value)
            for key, value in message.raw_items() if key.lower() == wanted]


def header_text(message: Message, name: str, problems: list[str]) -> str:
    """Return a header's decoded text ('' when absent), unfolded."""
    return decode_header_value(raw_header(message, name), problems, name)


def decode_header_value(value: str, problems: list[str], where: str) -> str:
    """Return a header value with raw 8-bit bytes and encoded words decoded."""
    value = re.sub(r"\r?\n[ \t]", " ", value)
    if any("\udc80" <= char <= "\udcff" for char in value):
        # Raw 8-bit bytes: UTF-8 is allowed there (RFC 6532); anything else is a sender's mistake.
        raw = value.encode("utf-8", "surrogateescape")
        value = raw.decode("utf-8") if _is_utf8(raw) else decode_bytes(raw, None, problems, where)
    value = _BETWEEN_WORDS.sub(r"\1\2", value)
    return _ENCODED_WORD_RUN.sub(lambda found: _decode_run(found.group(0), problems, where), value).strip()


_ENCODED_WORD_RUN = re.compile(rf"(?:{_ENCODED_WORD.pattern})+")


def _decode_run(run: str, problems: list[str], where: str) -> str:
    # Adjacent words of one charset are joined as bytes first: mailers split a multi-byte character
    # across two encoded words.
    pieces: list[tuple[str, bytearray]] = []
    for charset, encoding, payload in _ENCODED_WORD.findall(run):
        charset = charset.split("*")[0]  # RFC 2231 language suffix
        data = _word_bytes(encoding, payload, problems, where)
        if pieces and pieces[-1][0].lower() == charset.lower():
            pieces[-1][1].extend(data)
        else:
            pieces.append((charset, bytearray(data)))
    return "".join(decode_bytes(bytes(data), charset, problems, where) for charset, data in pieces)


def _word_bytes(encoding: str, payload: str, problems: list[str], where: str) -> bytes:
    if encoding.lower() == "q":
        return decodestring(payload.replace("_", " ").encode("ascii", "replace"))
    cleaned = re.sub(r"[^A-Za-z0-9+/]", "", payload)
    try:
        return b64decode(cleaned + "=" * (-len(cleaned) % 4))
    except (BinasciiError, ValueError):
        problems.append(f"{where}: a damaged base64 encoded word was dropped")
        return b""


def addresses(message: Message, name: str, problems: list[str]) -> tuple[Address, ...]:
    """Return the addresses of an address header, names decoded, entries without an address dropped."""
    values = raw_headers(message, name)
    found: list[Address] = []
    for display, address in getaddresses([re.sub(r"\r?\n[ \t]", " ", value) for value in values]):
        address = address.strip().strip("<>'\"")
        if not _ADDRESS.match(address):
            if address or display:
                problems.append(f"{name}: {display or address!r} is not an address; ignored")
            continue
        found.append(Address(decode_header_value(display, problems, name), address))
    return tuple(found)


def message_ids(message: Message, name: str) -> tuple[str, ...]:
    """Return the <message ids> a header names, in order, or a bare id when the brackets are missing."""
    value = raw_header(message, name)
    found = _MESSAGE_ID.findall(value)
    if not found and "@" in value and value.strip():
        found = [f"<{value.split()[0].strip('<>')}>"]
    return tuple(found)


def sent_at(message: Message, problems: list[str]) -> datetime | None:
    """Return the Date header in UTC, or the newest Received stamp when the Date is missing or broken."""
    date_value = raw_header(message, "Date").strip()
    candidates = [date_value] if date_value else []
    candidates += [value.rsplit(";", 1)[-1] for value in raw_headers(message, "Received")[:1]]
    for candidate in candidates:
        try:
            moment = parsedate_to_datetime(candidate.strip())
        except (TypeError, ValueError, IndexError):
            continue
        if candidate is not date_value:
            problems.append("Date: missing or unreadable; taken from the Received header")
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    if date_value:
        problems.append(f"Date: {date_value!r} is not a date; ignored")
    return None

