"""Parsing a raw mail into its MIME tree as the standard library's parser does, without its line-by-line walk.

email.message_from_bytes reads every line of a message through a generator and a regex: for a mail carrying half a
megabyte of base64 that is ten thousand lines, and most of the time spent taking a mail in. A well-formed mail (every
multipart opened and closed by its boundary, header blocks ended by an empty line) is cut here at its boundary
lines with one regex search per part, and each part's few header lines go through the standard header parser; the
bodies are set as they are. The tree is the same as the standard parser's: same headers, bodies, preambles and
epilogues (tests/mail/test_mime.py compares them over the whole corpus). Anything else - damage the standard parser
would note as a defect, message/* parts, digests, odd boundaries - is handed to the standard parser whole, so damaged
mail is read exactly as before.
"""
import email
import re
from email import policy
from email.message import Message
from email.parser import Parser
from itertools import pairwise

_HEADER_LINE = re.compile(r"(From |[\041-\071\073-\176]*:|[\t ])")  # the standard parser's header or continuation
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)")
_HEADER_PARSER = Parser(policy=policy.compat32)
_VALID_MULTIPART_ENCODINGS = ("7bit", "8bit", "binary")


class NotPlain(Exception):
    """The mail needs the standard parser: something in it is damaged or of a kind cut here would not read alike."""


def parse_mime(raw: bytes) -> Message:
    """Return the MIME tree of a raw mail, as email.message_from_bytes would."""
    text = raw.decode("ascii", "surrogateescape")  # as BytesParser does: 8-bit bytes survive as surrogates
    try:
        return _part(text, ())
    except NotPlain:
        return email.message_from_bytes(raw)


def _part(text: str, boundaries: tuple[str, ...]) -> Message:
    header_end, body_start = _header_block(text)
    if text.startswith("From "):
        raise NotPlain("an envelope line")
    message = _HEADER_PARSER.parsestr(text[:header_end], headersonly=True)
    if message.defects or message.get_payload():
        raise NotPlain("damaged headers")
    body = text[body_start:]
    kind = message.get_content_type()
    if message.get_content_maintype() == "message" or kind == "multipart/digest":
        raise NotPlain("a message part")  # the standard parser nests whole messages; left to it
    nested = bool(boundaries)  # a part of a multipart gives its last line end to the boundary after it (RFC 2046)
    if message.get_content_maintype() == "multipart":
        _split_multipart(message, body, boundaries)
        if nested:
            message.epilogue = _without_last_line_end(message.epilogue) if message.epilogue else None
    else:
        message.set_payload(_without_last_line_end(body) if nested else body)
    return message


def _header_block(text: str) -> tuple[int, int]:
    """Return where the header lines end and where the body starts (after the empty line)."""
    at = 0
    for line in _LINE.finditer(text):
        if line.start() != at:
            break
        if _HEADER_LINE.match(line.group()):
            at = line.end()
            continue
        if line.group() in ("\r\n", "\r", "\n"):
            return at, line.end()
        break
    raise NotPlain("no empty line after the headers")


def _split_multipart(message: Message, body: str, outer: tuple[str, ...]) -> None:
    boundary = message.get_boundary()
    if not boundary or any(boundary.startswith(other) or other.startswith(boundary) for other in outer):
        raise NotPlain("a missing or nested-alike boundary")
    if str(message.get("content-transfer-encoding", "8bit")).lower() not in _VALID_MULTIPART_ENCODINGS:
        raise NotPlain("an encoded multipart")
    delimiters = _delimiters(body, boundary)
    preamble = body[:delimiters[0][0]]
    if preamble:
        message.preamble = _without_last_line_end(preamble)
    parts: list[Message | str] = []
    for (_start, end, _close), (next_start, _next_end, _next_close) in pairwise(delimiters):
        if next_start == end:
            raise NotPlain("two boundary lines in a row")
        parts.append(_part(body[end:next_start], (*outer, boundary)))
    message.set_payload(parts)
    message.epilogue = body[delimiters[-1][1]:]


def _delimiters(body: str, boundary: str) -> list[tuple[int, int, bool]]:
    """Return the boundary lines up to the closing one: where each starts and ends, and whether it closes."""
    pattern = re.compile("--" + re.escape(boundary) + r"(--)?[ \t]*(?:\r\n|\r|\n|\Z)")  # a literal first: fast
    found: list[tuple[int, int, bool]] = []
    for match in pattern.finditer(body):
        if match.start() > 0 and body[match.start() - 1] not in "\r\n":
            continue  # not at the start of a line
        found.append((match.start(), match.end(), match.group(1) is not None))
        if match.group(1) is not None:
            break
    if len(found) < 2 or found[0][2] or not found[-1][2]:
        raise NotPlain("a multipart not opened and closed by its boundary")
    return found


def _without_last_line_end(text: str) -> str:
    for line_end in ("\r\n", "\r", "\n"):  # endswith, not a regex: a regex anchored at the end scans it all
        if text.endswith(line_end):
            return text[:-len(line_end)]
    return text
