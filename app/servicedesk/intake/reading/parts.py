"""What every reader needs to know of one MIME part: whether it is a file, its name and its bytes."""
import re
from email.message import Message

from .charsets import decode_bytes
from .headers import decode_header_value, raw_header

_BODY_TYPES = ("text/plain", "text/html")


def is_attachment(part: Message) -> bool:
    """Return whether a part is a file rather than a piece of the body."""
    disposition = raw_header(part, "Content-Disposition").split(";")[0].strip().lower()
    if disposition == "attachment":
        return True
    if part.get_content_type() not in _BODY_TYPES:
        return not part.is_multipart() and part.get_content_maintype() not in ("message", "multipart")
    return _has_name(part)


def part_name(part: Message, problems: list[str]) -> str:
    """Return a part's file name, RFC 2231 and RFC 2047 encodings decoded ('' when it has none)."""
    for param, header in (("filename", "content-disposition"), ("name", "content-type")):
        raw = raw_header(part, header)
        if not raw.isascii():
            found = re.search(rf"\b{param}\s*=\s*(\"[^\"]*\"|[^;]+)", raw, re.IGNORECASE)
            if found:
                return decode_header_value(found.group(1).strip().strip('"'), problems, "file name")
            continue
        value = part.get_param(param, header=header)
        if isinstance(value, tuple):
            charset, _language, text = value
            encoded = str(text).encode("latin-1", "replace")
            return decode_header_value(decode_bytes(encoded, charset or None, problems, "file name"), problems,
                                       "file name")
        if value:
            return decode_header_value(str(value).strip('"'), problems, "file name")
    return ""


def part_bytes(part: Message, problems: list[str]) -> bytes:
    """Return a part's decoded payload; damaged base64 or quoted-printable is decoded as far as it goes."""
    try:
        data = part.get_payload(decode=True)
    except (ValueError, TypeError, LookupError):
        data = None
    if data is None:
        problems.append(f"{part.get_content_type()}: the part could not be decoded and was read as it is")
        raw = part.get_payload()
        return raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""
    if any("base64" in type(defect).__name__.lower() for defect in getattr(part, "defects", [])):
        problems.append(f"{part.get_content_type()}: damaged base64 repaired")
    return data if isinstance(data, bytes) else bytes(data)


def _has_name(part: Message) -> bool:
    return bool(re.search(r"\b(file)?name\*?\s*=", raw_header(part, "Content-Disposition") + ";"
                          + raw_header(part, "Content-Type"), re.IGNORECASE))

