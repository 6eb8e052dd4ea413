"""Threading detectors: FlowDesk Message-IDs, subject tags behind prefixes in many languages, the signed footer."""
import pytest

from app.messaging.mail_marks import footer_token, message_id
from app.servicedesk.intake.reading import strip_subject_prefixes
from app.servicedesk.intake.threading import find_thread

DOMAIN = "desk.example"
KEY = b"k" * 32


@pytest.mark.parametrize("subject", [
    "Re: [INC-000123] Printer jams", "RE：[INC-000123] Printer jams", "回复: [INC-000123] 打印机卡纸",
    "回复：[INC-000123] 打印机卡纸", "答复: 转发: [inc-000123] x", "AW: SV: Fw: [INC-000123] x",
    "[EXTERNAL] Re: [INC-000123] x", "Printer still jams [INC-000123]",
])
def test_the_subject_tag_is_found_behind_any_prefix(subject: str) -> None:
    match = find_thread(None, [], subject, "", DOMAIN, KEY)
    assert (match.number, match.detector) == ("INC-000123", "subject_tag")


def test_a_flowdesk_message_id_in_references_wins_and_every_detector_naming_it_is_recorded() -> None:
    references = ["<abc@other.example>", message_id("INC-000123", 7, DOMAIN)]
    text = f"Thanks\n\n> old text\n> {footer_token('INC-000123', KEY)}"
    match = find_thread(None, references, "Re: [INC-000123] x", text, DOMAIN, KEY)
    assert (match.number, match.detector) == ("INC-000123", "message_id+subject_tag+footer")


def test_another_domains_message_id_names_no_ticket() -> None:
    match = find_thread(message_id("INC-000123", 7, "evil.example"), [], "Re: hello", "", DOMAIN, KEY)
    assert match.number is None and match.detector is None


def test_a_signed_footer_finds_the_ticket_when_headers_and_subject_lost_it() -> None:
    match = find_thread(None, [], "回复：你好", f"好的\n{footer_token('REQ-000045', KEY)}", DOMAIN, KEY)
    assert (match.number, match.detector) == ("REQ-000045", "footer")


def test_a_footer_with_a_forged_signature_is_ignored() -> None:
    assert find_thread(None, [], "hi", "FlowDesk ref INC-000123.00000000", DOMAIN, KEY).number is None


def test_a_new_tickets_title_loses_reply_prefixes_and_gateway_tags() -> None:
    assert strip_subject_prefixes("[EXTERNAL] 回复： Re: AW: 打印机卡纸") == "打印机卡纸"
    assert strip_subject_prefixes("Re: [INC-000012] printer") == "[INC-000012] printer"
