"""The rules of mail reading that the corpus does not spell out: prefixes, own echo, robustness to damage."""
import random
from pathlib import Path

import pytest

from app.servicedesk.intake.reading import UnreadableMail, read_mail, strip_subject_prefixes

CORPUS = Path(__file__).parent / "corpus"


@pytest.mark.parametrize(("subject", "bare"), [
    ("Re: [INC-000123] Printer offline", "[INC-000123] Printer offline"),
    ("RE: Fw: FWD: re: Printer", "Printer"),
    ("回复：[INC-000123] 打印机离线", "[INC-000123] 打印机离线"),
    ("答复: 转发: 回复:打印机", "打印机"),
    ("AW: SV: WG: Drucker", "Drucker"),
    ("[EXTERNAL] RE: [INC-000123] Printer", "[INC-000123] Printer"),
    ("[External] [EXT] Re: Re[2]: Printer", "Printer"),
    ("回覆：轉寄：印表機", "印表機"),
    ("Re : Printer", "Printer"),
    ("Regarding the printer", "Regarding the printer"),
    ("[INC-000123] Re: still broken", "[INC-000123] Re: still broken"),
    ("", ""),
])
def test_strip_subject_prefixes_removes_reply_forward_and_gateway_marks_only(subject: str, bare: str) -> None:
    assert strip_subject_prefixes(subject) == bare


def test_read_mail_calls_nothing_own_echo_when_no_domain_is_given() -> None:
    raw = (CORPUS / "auto-own-echo.eml").read_bytes()
    assert read_mail(raw).auto is None
    assert read_mail(raw, "other.example").auto is None
    assert read_mail(raw, "DESK.example").auto == "own_echo"


def test_read_mail_result_cannot_be_changed() -> None:
    mail = read_mail((CORPUS / "people-new-en-plain.eml").read_bytes())
    with pytest.raises(AttributeError):
        mail.subject = "changed"  # type: ignore[misc]


def test_read_mail_refuses_what_is_not_bytes() -> None:
    with pytest.raises(UnreadableMail):
        read_mail("From: a@example.org\n\ntext")  # type: ignore[arg-type]


def test_read_mail_raises_only_unreadable_mail_on_any_cut_or_damaged_corpus_message() -> None:
    # Every corpus message cut at several places and with bytes overwritten at random (seeded, so a
    # failure repeats): each is read or refused with UnreadableMail, nothing else.
    chance = random.Random(20240305)
    read = refused = 0
    for path in sorted(CORPUS.glob("*.eml")):
        raw = path.read_bytes()
        variants = [raw[: len(raw) * share // 7] for share in range(1, 7)]
        for _ in range(4):
            damaged = bytearray(raw)
            for _ in range(max(1, len(raw) // 50)):
                if damaged:
                    damaged[chance.randrange(len(damaged))] = chance.randrange(256)
            variants.append(bytes(damaged))
        for variant in variants:
            try:
                read_mail(variant, "desk.example")
                read += 1
            except UnreadableMail:
                refused += 1
    assert read > refused > 0
