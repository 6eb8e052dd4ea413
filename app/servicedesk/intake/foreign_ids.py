"""Other systems' ticket ids in mail subjects, e.g. a supplier's "[Case #12345]": found by a mailbox's patterns and
remembered on the ticket their mail first landed on (or opened), so that their later mail carrying only their own
id lands there too (the threading detector 'foreign_id').

A pattern is a regular expression with one group, the id: \\[Case #(\\d+)\\]. The pattern's text names the other
system, so two suppliers' case 12345 are two different ids.
"""
import re
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.platform.errors import InvalidValues
from app.servicedesk.intake.models import ForeignReference, Mailbox
from app.servicedesk.tickets.models import Ticket

PATTERN_MAX = 200
FOREIGN_ID_MAX = 100
PATTERN_EXAMPLE = r"\[Case #(\d+)\]"


def check_patterns(text: str) -> str:
    """Return the patterns one a line, or raise InvalidValues saying which line is wrong and how to write it."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        try:
            groups = re.compile(line).groups if len(line) <= PATTERN_MAX else -1
        except re.error as error:
            raise InvalidValues(f"The ticket id pattern '{line}' is not a regular expression ({error}); write it "
                                f"like {PATTERN_EXAMPLE}.", {"foreign_id_patterns": [str(error)]}) from None
        if groups != 1:
            raise InvalidValues(f"The ticket id pattern '{line[:PATTERN_MAX]}' must be at most {PATTERN_MAX} "
                                f"characters with exactly one group, the id, like {PATTERN_EXAMPLE}.",
                                {"foreign_id_patterns": ["Use one group (...) around the id."]})
    return "\n".join(lines)


def foreign_ids_in(mailbox: Mailbox, subject: str) -> list[tuple[str, str]]:
    """Return the (pattern, id) pairs the mailbox's patterns find in a subject, in pattern order."""
    found = []
    for pattern in (mailbox.foreign_id_patterns or "").splitlines():
        for match in re.finditer(pattern, subject):
            value = (match.group(1) or "").strip()
            if value and len(value) <= FOREIGN_ID_MAX and (pattern, value) not in found:
                found.append((pattern, value))
    return found


def numbers_of_foreign_ids(found: list[tuple[str, str]]) -> list[str]:
    """Return the numbers of the tickets the ids were remembered on, in the order of the ids."""
    numbers: list[str] = []
    for pattern, value in found:
        number = db.session.execute(select(Ticket.number)
                                    .join(ForeignReference, ForeignReference.ticket_id == Ticket.id)
                                    .where(ForeignReference.pattern == pattern,
                                           ForeignReference.foreign_id == value)).scalar()
        if number and number not in numbers:
            numbers.append(number)
    return numbers


def remember_foreign_ids(ticket: Ticket, found: list[tuple[str, str]], now: datetime) -> None:
    """Remember on the ticket the ids no ticket has yet (an id stays with the ticket it first came with)."""
    for pattern, value in found:
        taken = db.session.execute(select(ForeignReference.id).where(
            ForeignReference.pattern == pattern, ForeignReference.foreign_id == value)).first()
        if taken is None:
            db.session.add(ForeignReference(ticket_id=ticket.id, pattern=pattern, foreign_id=value, linked_at=now))
            db.session.flush()
