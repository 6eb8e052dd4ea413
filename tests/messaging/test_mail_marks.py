"""The marks on FlowDesk's mail lead a reply back to its ticket, and only a signed footer reference counts."""
from app.messaging.mail_marks import (
    footer_token,
    message_id,
    subject_tag,
    tagged_subject,
    ticket_of_message_id,
    tickets_in_footer,
)

KEY = b"k" * 32


def test_a_message_id_names_its_ticket_on_flowdesks_domain_only() -> None:
    made = message_id("INC-000123", 42, "desk.example.org")
    assert ticket_of_message_id(f"References: <a@b> {made}", "desk.example.org") == "INC-000123"
    assert ticket_of_message_id(made, "other.example.org") is None
    assert ticket_of_message_id(message_id(None, 7, "desk.example.org"), "desk.example.org") is None
    assert message_id("INC-1", 1, "d") != message_id("INC-1", 1, "d")  # unique even for the same serial


def test_the_subject_tag_is_put_in_front_once() -> None:
    assert subject_tag("REQ-000009") == "[REQ-000009]"
    assert tagged_subject("INC-000123", "Printer broken") == "[INC-000123] Printer broken"
    assert tagged_subject("INC-000123", "回复: [inc-000123] Printer broken") == "回复: [inc-000123] Printer broken"


def test_a_footer_reference_counts_only_with_its_signature() -> None:
    token = footer_token("INC-000123", KEY)
    assert tickets_in_footer(f"Thanks!\n> {token}\n", KEY) == ["INC-000123"]
    forged = token[:-8] + "00000000"
    assert tickets_in_footer(forged, KEY) == []
    assert tickets_in_footer(token, b"another key" * 3) == []
