"""The quick MIME cut (reading/mime.py) builds the very tree the standard parser builds, for every corpus message and
for generated attachment-heavy mail, and hands damaged mail to the standard parser."""
import email
import random
import sys
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

from app.servicedesk.intake.reading import mime
from app.servicedesk.intake.reading.mime import parse_mime

CORPUS = Path(__file__).parent / "corpus"
sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
from mail_messages import heavy_message, plain_message  # noqa: E402  (the benchmark's generated mail)


def tree(message: Message) -> Any:
    """Return everything a reader can see of a parsed message, nested like the message."""
    payload = message.get_payload()
    body = [tree(part) for part in payload] if isinstance(payload, list) else (payload, message.get_payload(decode=True))
    return (message.get_unixfrom(), list(message.raw_items()), message.get_default_type(), message.preamble,
            message.epilogue, [type(defect).__name__ for defect in message.defects], body)


@pytest.mark.parametrize("name", sorted(path.name for path in CORPUS.glob("*.eml")))
def test_the_quick_cut_reads_a_corpus_message_as_the_standard_parser_does(name: str) -> None:
    raw = (CORPUS / name).read_bytes()
    assert tree(parse_mime(raw)) == tree(email.message_from_bytes(raw))


@pytest.mark.parametrize("line_end", [b"\r\n", b"\n"])
def test_the_quick_cut_reads_generated_mail_as_the_standard_parser_does(line_end: bytes) -> None:
    rng = random.Random(3)
    for serial in range(12):
        make = heavy_message if serial % 2 else plain_message
        raw = make(serial, 50, rng).as_bytes().replace(b"\n", line_end)
        assert tree(parse_mime(raw)) == tree(email.message_from_bytes(raw))


def test_the_quick_cut_hands_a_multipart_without_its_closing_boundary_to_the_standard_parser(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    raw = (b"From: a@b.example\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\n"
           b"Content-Type: text/plain\r\n\r\nhello\r\n")
    handed: list[bytes] = []
    standard = email.message_from_bytes
    monkeypatch.setattr(mime.email, "message_from_bytes", lambda data: handed.append(data) or standard(data))
    parsed = parse_mime(raw)
    assert handed == [raw]
    assert [type(defect).__name__ for defect in parsed.defects] == ["CloseBoundaryNotFoundDefect"]


def test_the_quick_cut_takes_a_well_formed_multipart_itself(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    raw = heavy_message(1, 5, random.Random(1)).as_bytes()
    monkeypatch.setattr(mime.email, "message_from_bytes", lambda data: pytest.fail("handed to the standard parser"))
    assert [part.get_filename() for part in parse_mime(raw).walk() if part.get_filename()] == \
        ["screenshot-1.png", "error-report-1.pdf", "spooler.log"]
