"""Which ticket a mail answers: every detector runs in order and the ones that matched are recorded.

1. message_id: a FlowDesk Message-ID naming the ticket in In-Reply-To or References;
2. subject_tag: the ticket's tag anywhere in the subject, behind Re:/Fw:/回复:/答复:/转发:/AW:/SV: (ASCII or full-width
   colon) and [EXTERNAL]-style tags;
3. footer: the signed reference FlowDesk puts in its mail's footer (for clients that send no reply headers and
   rewrite the subject);
4. foreign_id: another system's ticket id (a supplier's "[Case #12345]") remembered on a ticket
   (app/servicedesk/intake/foreign_ids.py); the caller looks the ids up and hands in the numbers.

Pure: the domain, the key and the foreign ids' tickets are handed in. The caller checks that a number found is a
ticket's.
"""
from collections.abc import Sequence
from dataclasses import dataclass

from app.messaging.mail_marks import SUBJECT_TAG, ticket_of_message_id, tickets_in_footer

DETECTORS = ("message_id", "subject_tag", "footer", "foreign_id")


@dataclass(frozen=True)
class ThreadMatch:
    """What the detectors found: the ticket number of the first that matched, and every detector that matched it."""

    number: str | None
    detectors: tuple[str, ...]

    @property
    def detector(self) -> str | None:
        """Return the matched detectors as one word for the record, e.g. 'subject_tag+footer'."""
        return "+".join(self.detectors) or None


def find_thread(in_reply_to: str | None, references: Sequence[str], subject: str, text: str, domain: str,
                key: bytes, foreign_numbers: Sequence[str] = ()) -> ThreadMatch:
    """Run every detector in order; the first number found wins, and each detector naming it is recorded."""
    found = {
        "message_id": numbers_in_headers(in_reply_to, references, domain),
        "subject_tag": numbers_in_subject(subject),
        "footer": tickets_in_footer(text, key),
        "foreign_id": list(foreign_numbers),
    }
    first = next((numbers[0] for numbers in found.values() if numbers), None)
    if first is None:
        return ThreadMatch(None, ())
    return ThreadMatch(first, tuple(name for name in DETECTORS if first in found[name]))


def numbers_in_headers(in_reply_to: str | None, references: Sequence[str], domain: str) -> list[str]:
    """Return the tickets FlowDesk's Message-IDs name, the one replied to first, then the newest reference first."""
    numbers = []
    for value in [in_reply_to or "", *reversed(references)]:
        number = ticket_of_message_id(value, domain)
        if number and number not in numbers:
            numbers.append(number)
    return numbers


def numbers_in_subject(subject: str) -> list[str]:
    """Return the ticket tags in a subject, in order."""
    return [number.upper() for number in SUBJECT_TAG.findall(subject)]
