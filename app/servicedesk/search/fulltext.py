"""Full-text matching of tickets: words in the title, the description or a note the reader may see, Chinese included.

A reader who does not see internal notes (a requester) matches public text only: the title, the description
and the public notes. Every shape below takes public_only and filters the notes by their visibility, so a
word written only in an internal note finds nothing for her, on the page, in the API and in the export alike.

Every word of a search must occur somewhere on the ticket (AND); matching ignores case and finds a word
inside longer ones (substring semantics), which is what Chinese text needs: it has no spaces between words.
Each word becomes one of two SQL shapes:

- a set of matching ticket ids (Ticket.id IN (...)), read from the search indexes: SQLite's FTS5 trigram
  tables, PostgreSQL's pg_trgm GIN indexes. Cheap when the word is rare, dear when it is common, because
  every match is collected before the page is cut;
- a check of each row as the list walks its order (LIKE on the texts, EXISTS over the notes). Cheap when
  the word is common (the page fills after a few rows), dear when it is rare (the walk reads everything).

So each word is first counted, cheaply: SQLite counts its FTS5 matches up to SET_THRESHOLDS["sqlite"] (FTS5
stops there), PostgreSQL asks its planner (EXPLAIN: column statistics, nothing read). Below the threshold
the word is a set, at or above it a row check. Words shorter than TRIGRAM_MIN characters have no trigram
to look up, so they are always row checks: a rare two-character word (Chinese words often have two) makes
the list walk every ticket the other filters leave.
"""
import re
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    union,
)

from app.extensions import db
from app.platform.limits import SEARCH_TERM_MAX, SEARCH_TERMS_MAX
from app.servicedesk.tickets.models import TICKET_FTS, TICKET_NOTE_FTS, Ticket, TicketNote
from app.servicedesk.tickets.records import NUMBER_PREFIXES

TRIGRAM_MIN = 3  # trigram indexes find only words of three characters or more
# Matching texts (tickets and notes) below which a word's matches are collected first (see above); at these
# numbers collecting costs about as much as walking a page does once the word is this common.
SET_THRESHOLDS = {"sqlite": 20_000, "postgresql": 10_000}
NUMBER_PATTERN = re.compile(rf"(?i:{'|'.join(NUMBER_PREFIXES.values())})-\d{{1,10}}")
ESCAPE = "\\"
ESTIMATE = text(
    "EXPLAIN (FORMAT JSON) SELECT id FROM ticket WHERE lower(title) LIKE :pattern ESCAPE '\\' "
    "OR lower(description) LIKE :pattern ESCAPE '\\' "
    "UNION ALL SELECT ticket_id FROM ticket_note WHERE lower(body) LIKE :pattern ESCAPE '\\'")


def search_terms(text_: str) -> list[str]:
    """Return the distinct lower-case words of a search text, longest first, as many and as long as allowed.

    app.servicedesk.search.filters refuses a search beyond those limits; this keeps within them whatever the caller.
    """
    terms = {word.lower() for word in text_.split() if len(word) <= SEARCH_TERM_MAX}
    return sorted(terms, key=lambda term: (-len(term), term))[:SEARCH_TERMS_MAX]


def text_condition(text_: str, public_only: bool) -> ColumnElement[bool] | None:
    """Match tickets holding every word of the text in their title, description or one of their notes.

    public_only: match public notes only (the reader does not see internal ones). A word that is a ticket
    number (INC-000123, any case) also matches that ticket.
    """
    terms = search_terms(text_)
    if not terms:
        return None
    dialect = db.session.get_bind().dialect.name
    return and_(*(term_condition(term, dialect, public_only) for term in terms))


def term_condition(term: str, dialect: str, public_only: bool) -> ColumnElement[bool]:
    """Return the condition of one search word, in the shape that suits it (see the module's docstring)."""
    if len(term) < TRIGRAM_MIN:
        return row_check(term, public_only)
    threshold = SET_THRESHOLDS.get(dialect, 0)
    if dialect == "sqlite" and counted_matches(term, threshold) < threshold:
        return fts_ids(term, public_only)
    if dialect == "postgresql" and estimated_matches(term) < threshold:
        return trigram_ids(term, public_only)
    return row_check(term, public_only)


def readable_notes(public_only: bool) -> list[ColumnElement[bool]]:
    """Return the condition on the notes a reader may match: public ones only, or every note."""
    return [TicketNote.visibility == "public"] if public_only else []


def numbered(term: str) -> list[Select[int]]:
    """Return the query of the ticket a word names by its number (INC-000123), if it looks like one."""
    if not NUMBER_PATTERN.fullmatch(term):
        return []
    return [select(Ticket.id).where(Ticket.number == term.upper())]


def fts_phrase(term: str) -> str:
    """Return a term as an FTS5 string ("..." with inner quotes doubled), so no query syntax gets through."""
    return '"' + term.replace('"', '""') + '"'


def fts_matches(fts_table: str, term: str) -> Select[Any]:
    """Return the rowids of an FTS5 table's rows that hold a term (SQLite)."""
    rows = table(fts_table, column("rowid"))
    return select(rows.c.rowid).where(literal_column(fts_table).op("MATCH")(fts_phrase(term)))


def counted_matches(term: str, limit: int) -> int:
    """Count the tickets and the notes whose texts hold a term, each count stopping at limit (SQLite)."""
    total = 0
    for fts_table in (TICKET_FTS, TICKET_NOTE_FTS):
        bounded = fts_matches(fts_table, term).limit(limit).subquery()
        total += db.session.execute(select(func.count()).select_from(bounded)).scalar_one()
    return total


def fts_ids(term: str, public_only: bool) -> ColumnElement[bool]:
    """Match the tickets whose texts or readable notes hold a term, by the FTS5 trigram tables (SQLite)."""
    in_note = select(TicketNote.ticket_id).where(TicketNote.id.in_(fts_matches(TICKET_NOTE_FTS, term)),
                                                 *readable_notes(public_only))
    return Ticket.id.in_(union(fts_matches(TICKET_FTS, term), in_note, *numbered(term)))


def like_pattern(term: str) -> str:
    """Return a LIKE pattern finding a term anywhere, its wildcard characters escaped."""
    return "%" + term.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_") + "%"


def trigram_ids(term: str, public_only: bool) -> ColumnElement[bool]:
    """Match the tickets whose texts or readable notes hold a term, collected through the pg_trgm GIN indexes."""
    pattern = like_pattern(term)
    return Ticket.id.in_(union(
        select(Ticket.id).where(func.lower(Ticket.title).like(pattern, escape=ESCAPE)),
        select(Ticket.id).where(func.lower(Ticket.description).like(pattern, escape=ESCAPE)),
        select(TicketNote.ticket_id).where(func.lower(TicketNote.body).like(pattern, escape=ESCAPE),
                                           *readable_notes(public_only)),
        *numbered(term)))


def row_check(term: str, public_only: bool) -> ColumnElement[bool]:
    """Check each row: the term in its title or description, or in one of its readable notes (by ticket)."""
    pattern = like_pattern(term)
    number = [Ticket.number == term.upper()] if NUMBER_PATTERN.fullmatch(term) else []
    # OFFSET 0 keeps PostgreSQL from turning the lookup into a hash of every matching note, which reads the
    # whole note table before the first row: the walk stops after a page, the probes by ticket with it.
    in_note = select(TicketNote.id).where(TicketNote.ticket_id == Ticket.id,
                                          func.lower(TicketNote.body).like(pattern, escape=ESCAPE),
                                          *readable_notes(public_only)).offset(0)
    return or_(func.lower(Ticket.title).like(pattern, escape=ESCAPE),
               func.lower(Ticket.description).like(pattern, escape=ESCAPE), in_note.exists(), *number)


def estimated_matches(term: str) -> float:
    """Return PostgreSQL's estimate of how many ticket texts and notes hold a term (planning only)."""
    (plan,) = db.session.execute(ESTIMATE, {"pattern": like_pattern(term)}).scalar_one()
    return float(plan["Plan"]["Plan Rows"])
