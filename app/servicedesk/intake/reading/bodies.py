"""The body of a mail as text: the readable parts chosen, decoded, and HTML converted to text."""
import re
from email.message import Message

import html2text

from .charsets import decode_bytes
from .parts import is_attachment, part_bytes

_MARKDOWN_ESCAPE = re.compile(r"\\([-+#.>*_`!\[\]()])")


def body_of(part: Message, problems: list[str]) -> tuple[str, str | None]:
    """Return the text and the HTML (or None) of a message or of one of its parts."""
    kind = part.get_content_type()
    if kind == "multipart/alternative":
        return _alternative(part, problems)
    if part.is_multipart():
        return _joined(part, problems)
    if part.get_content_maintype() == "multipart":
        # No part boundary was found: the parser left the whole body as one text.
        problems.append(f"{kind}: no parts found (missing or wrong boundary); the body is read as plain text")
        return _readable_text(part, problems, "text/plain"), None
    if is_attachment(part) or part.get_content_maintype() != "text":
        return "", None
    content = _readable_text(part, problems, kind)
    if kind == "text/html":
        return html_to_text(content), content
    return content, None


def _readable_text(part: Message, problems: list[str], kind: str) -> str:
    content = decode_bytes(part_bytes(part, problems), part.get_content_charset(), problems, f"body ({kind})")
    return content.replace("\r\n", "\n")


def html_to_text(html: str) -> str:
    """Return readable text of an HTML body: links kept as text, images dropped, no line wrapping."""
    converter = html2text.HTML2Text()
    converter.body_width = 0
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.ignore_tables = True
    converter.unicode_snob = True
    converter.single_line_break = True
    converter.protect_links = False
    # html2text writes Markdown; a quote separator such as "-----" must stay as the sender wrote it.
    return _MARKDOWN_ESCAPE.sub(r"\1", converter.handle(html)).strip() + "\n"


def _alternative(part: Message, problems: list[str]) -> tuple[str, str | None]:
    text, html = "", None
    for child in _children(part):
        child_text, child_html = body_of(child, problems)
        if child.get_content_type() == "text/plain" and child_text.strip():
            text = child_text
        if child_html is not None:
            html = child_html
            text = text or child_text
    return text, html


def _joined(part: Message, problems: list[str]) -> tuple[str, str | None]:
    texts: list[str] = []
    htmls: list[str] = []
    for child in _children(part):
        if child.get_content_type() in ("message/rfc822", "message/delivery-status", "text/rfc822-headers"):
            continue
        child_text, child_html = body_of(child, problems)
        if child_text.strip():
            texts.append(child_text.rstrip("\n") + "\n")
        if child_html is not None:
            htmls.append(child_html)
    return "\n".join(texts), "\n".join(htmls) if htmls else None


def _children(part: Message) -> list[Message]:
    payload = part.get_payload()
    return [child for child in payload if isinstance(child, Message)] if isinstance(payload, list) else []
