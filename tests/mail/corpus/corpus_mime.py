"""Building blocks for the corpus generator: raw headers, parts and multiparts as bytes, written by hand.

The corpus is built byte by byte rather than with the email package, so it can carry exactly the damage and
the charset labels real mailers send.
"""
import base64
import quopri

DESK = "help@desk.example"
DESK_DOMAIN = "desk.example"
DATE = "Tue, 05 Mar 2024 10:15:00 +0800"


def encoded_word(text: str, charset: str = "utf-8", encoding: str = "B") -> str:
    """Return text as one RFC 2047 encoded word."""
    data = text.encode(charset)
    if encoding == "B":
        return f"=?{charset}?B?{base64.b64encode(data).decode()}?="
    quoted = quopri.encodestring(data, header=True).decode().replace("\n", "")
    return f"=?{charset}?Q?{quoted}?="


def b64_lines(data: bytes) -> bytes:
    """Return base64 of data in 76-character lines."""
    encoded = base64.b64encode(data)
    return b"\n".join(encoded[i:i + 76] for i in range(0, len(encoded), 76)) + b"\n"


def headers(sender: str | None = "Alice Chen <alice.chen@example.com>", subject: str | None = "Printer offline",
            message_id: str | None = "<default@example.com>", date: str | None = DATE, to: str | None = DESK,
            extra: tuple[tuple[str, str], ...] = ()) -> bytes:
    """Return a header block (without the blank line) of the usual fields, any of them left out with None."""
    fields = [("From", sender), ("To", to), ("Subject", subject), ("Date", date), ("Message-ID", message_id)]
    lines = [f"{name}: {value}" for name, value in fields if value is not None]
    lines += [f"{name}: {value}" for name, value in extra]
    return "\n".join(lines).encode("utf-8") + b"\n"


def part(content_type: str, body: bytes, encoding: str = "8bit", extra: tuple[str, ...] = ()) -> bytes:
    """Return a MIME part: its content headers, a blank line and the body encoded as asked."""
    if encoding == "base64":
        body = b64_lines(body)
    elif encoding == "quoted-printable":
        body = quopri.encodestring(body)
    head = [f"Content-Type: {content_type}", f"Content-Transfer-Encoding: {encoding}", *extra]
    return "\n".join(head).encode() + b"\n\n" + body


def text_part(text: str, charset: str = "utf-8", encoding: str = "8bit", subtype: str = "plain",
              label: str | None = None) -> bytes:
    """Return a text part of the text encoded in charset, declared as label (default: the charset)."""
    return part(f"text/{subtype}; charset=\"{label or charset}\"", text.encode(charset), encoding)


def multipart(subtype: str, parts: list[bytes], boundary: str = "==b1==", extra: str = "") -> bytes:
    """Return a multipart body with its Content-Type header first, parts separated by the boundary."""
    head = f"MIME-Version: 1.0\nContent-Type: multipart/{subtype}; boundary=\"{boundary}\"{extra}\n\n".encode()
    body = b"This is a multi-part message in MIME format.\n\n"
    for one in parts:
        body += f"--{boundary}\n".encode() + one + b"\n"
    return head + body + f"--{boundary}--\n".encode()


def file_part(name: str, content_type: str, data: bytes, inline_id: str | None = None,
              name_header: str | None = None) -> bytes:
    """Return a base64 file part; an inline image when inline_id is given; name_header overrides the name."""
    name_value = name_header or f'"{name}"'
    assign = "" if name_value.startswith("*") else "="  # RFC 2231: filename*=charset''...
    disposition = "inline" if inline_id else "attachment"
    extra = [f"Content-Disposition: {disposition}; filename{assign}{name_value}"]
    if inline_id:
        extra.append(f"Content-ID: <{inline_id}>")
    return part(f"{content_type}; name{assign}{name_value}", data, "base64", tuple(extra))


def simple(head: bytes, text: str, charset: str = "utf-8", encoding: str = "8bit", label: str | None = None,
           subtype: str = "plain") -> bytes:
    """Return a single-part mail: headers, MIME-Version and one text part."""
    return head + b"MIME-Version: 1.0\n" + text_part(text, charset, encoding, subtype, label)


# Small but real file contents, so magic-byte checks downstream see the right types.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
ZIP = b"PK\x05\x06" + b"\x00" * 18
LOG = b"2024-03-05 10:01:12 ERROR spooler: queue stalled on PRN-4F-02\n2024-03-05 10:01:13 WARN retrying\n"
