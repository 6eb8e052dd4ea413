"""The mail corpus reads as its manifest says, and no message makes read_mail raise anything but UnreadableMail."""
import json
from datetime import datetime
from pathlib import Path

import pytest

from app.servicedesk.intake.reading import IncomingMail, UnreadableMail, read_mail

CORPUS = Path(__file__).parent / "corpus"
EXPECTED: dict[str, dict[str, object]] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
OWN_DOMAIN = "desk.example"


def test_corpus_holds_at_least_a_hundred_messages_each_with_an_expectation() -> None:
    files = sorted(path.name for path in CORPUS.glob("*.eml"))
    assert len(files) >= 100
    assert files == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_message_reads_as_expected(name: str) -> None:
    expected = EXPECTED[name]
    raw = (CORPUS / name).read_bytes()
    if expected.get("unreadable"):
        with pytest.raises(UnreadableMail) as refused:
            read_mail(raw, OWN_DOMAIN)
        assert refused.value.reason
        return
    mail = read_mail(raw, OWN_DOMAIN)
    _check_headers(mail, expected)
    _check_text(mail, expected)
    _check_kind(mail, expected)
    _check_files(mail, expected)


def _check_headers(mail: IncomingMail, expected: dict[str, object]) -> None:
    if "subject" in expected:
        assert mail.subject == expected["subject"]
    if "subject_has" in expected:
        assert str(expected["subject_has"]) in mail.subject
    assert (mail.sender.address if mail.sender else None) == expected["sender"]
    if "sender_name" in expected:
        assert mail.sender is not None and mail.sender.name == expected["sender_name"]
    for field in ("message_id", "in_reply_to"):
        if field in expected:
            assert getattr(mail, field) == expected[field]
    if "references" in expected:
        assert list(mail.references) == expected["references"]
    for field in ("to", "cc"):
        if field in expected:
            assert [address.address for address in getattr(mail, field)] == expected[field]
    if "date" in expected:
        date = expected["date"]
        assert mail.date == (datetime.fromisoformat(str(date)) if date else None)


def _check_text(mail: IncomingMail, expected: dict[str, object]) -> None:
    for word in _words(expected, "text_has"):
        assert word in mail.text, f"{word!r} missing from the new text {mail.text!r}"
    if expected.get("text_has") == []:
        assert mail.text.strip() == ""
    for word in _words(expected, "text_lacks"):
        assert word not in mail.text, f"{word!r} should have been stripped from {mail.text!r}"
    for word in _words(expected, "full_text_has"):
        assert word in mail.full_text, f"{word!r} missing from the full text {mail.full_text!r}"
    if "html" in expected:
        assert (mail.html is not None) == expected["html"]
    for word in _words(expected, "problems"):
        assert any(word in problem for problem in mail.problems), f"{word!r} not among {mail.problems}"
    if expected.get("problems") == []:
        assert mail.problems == ()


def _check_kind(mail: IncomingMail, expected: dict[str, object]) -> None:
    assert mail.auto == expected.get("auto")
    bounce = expected.get("bounce")
    if bounce is None:
        assert mail.bounce is None
    else:
        assert mail.bounce is not None
        assert (mail.bounce.address, mail.bounce.permanent, mail.bounce.status) == (
            bounce["address"], bounce["permanent"], bounce["status"])  # type: ignore[index]


def _check_files(mail: IncomingMail, expected: dict[str, object]) -> None:
    assert [attachment.name for attachment in mail.attachments] == expected.get("attachments", [])
    if "inline" in expected:
        assert [attachment.name for attachment in mail.attachments if attachment.inline] == expected["inline"]
        assert all(attachment.content_id or not attachment.inline or attachment.name == "attachment.png"
                   for attachment in mail.attachments)
    if "attachment_types" in expected:
        assert [attachment.content_type for attachment in mail.attachments] == expected["attachment_types"]
    for name, words in dict(expected.get("attachment_text", {})).items():  # type: ignore[call-overload]
        data = next(attachment.data for attachment in mail.attachments if attachment.name == name)
        assert all(word in data.decode("utf-8") for word in words)
    assert all(attachment.data for attachment in mail.attachments if attachment.name != "forwarded message.eml")


def _words(expected: dict[str, object], key: str) -> list[str]:
    value = expected.get(key, [])
    return [str(word) for word in value] if isinstance(value, list) else []
