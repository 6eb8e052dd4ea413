"""What grows on a ticket: progress notes, watchers, and links to other tickets, CIs and knowledge articles."""
from sqlalchemy import and_, func, or_, select

from app.cmdb.items import ci_named
from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.knowledge.articles import draft_from_resolution
from app.knowledge.models import KbArticle
from app.organisation.accounts import Actor
from app.organisation.policies import check_may_write, is_staff, may_write_articles
from app.platform.errors import Conflict, InvalidValues, NotAllowed, NotFound
from app.platform.limits import NOTE_MAX, check_lengths
from app.platform.transactions import use_case
from app.servicedesk.tickets.models import Ticket, TicketLink, TicketNote, TicketWatcher
from app.servicedesk.tickets.records import require_ticket
from app.servicedesk.tickets.visibility import find_visible_ticket, may_read_ticket, visibility_for
from app.workflow.runtime import Runtime

MINUTES_MAX = 10_000  # about a working month: more on one note is a typing slip
TICKET_LINK_KINDS = ("related", "caused_by")
LINK_KINDS = (*TICKET_LINK_KINDS, "ci", "article")
TARGET_COLUMNS = {"related": "target_ticket_id", "caused_by": "target_ticket_id", "ci": "target_ci_id",
                  "article": "target_article_id"}


@use_case
def add_note(runtime: Runtime, actor: Actor, number: str, body: str, visibility: str | None = None,
             minutes_spent: int | None = None) -> TicketNote:
    """Add a progress note to a ticket the actor may see; requesters' notes are public, staff choose (internal).

    A requester asking for an internal note, or recording time spent, is refused (NotAllowed), by the pages and
    the API alike. Staff may say how many minutes of work the note reports; the ticket page adds them up.
    """
    check_may_write(actor, "add a note")
    ticket = find_visible_ticket(actor, number)
    visibility = visibility_for(actor, visibility, "note")
    if not body.strip():
        raise InvalidValues("A note needs some text; write what happened.", {"body": ["Enter the note."]})
    check_lengths("The note was not saved", {"body": ("The note", body.strip(), NOTE_MAX)})
    check_minutes(actor, minutes_spent)
    note = TicketNote(ticket_id=ticket.id, author=actor.login, at=runtime.clock.now(), body=body.strip(),
                      visibility=visibility, minutes_spent=minutes_spent or None)
    db.session.add(note)
    db.session.flush()
    return note


def check_minutes(actor: Actor, minutes: int | None) -> None:
    """Refuse time spent from a requester, and a number of minutes below zero or beyond a working month."""
    if minutes is None:
        return
    if not is_staff(actor):
        raise NotAllowed("Only the service desk records time spent on a ticket; leave the time out.")
    if not 0 <= minutes <= MINUTES_MAX:
        raise InvalidValues(f"The time spent must be between 0 and {MINUTES_MAX} minutes; correct it.",
                            {"minutes_spent": [f"Enter between 0 and {MINUTES_MAX} minutes."]})


def total_minutes(ticket_id: int) -> int:
    """Return the minutes of work recorded on a ticket's notes, all together."""
    total = db.session.execute(select(func.sum(TicketNote.minutes_spent))
                               .where(TicketNote.ticket_id == ticket_id)).scalar()
    return int(total or 0)


def list_notes(ticket_id: int, public_only: bool = False) -> list[TicketNote]:
    """Return a ticket's notes, oldest first; requesters get the public ones only."""
    query = select(TicketNote).where(TicketNote.ticket_id == ticket_id).order_by(TicketNote.id)
    if public_only:
        query = query.where(TicketNote.visibility == "public")
    return list(db.session.execute(query).scalars())


def find_watcher(ticket_id: int, login: str) -> TicketWatcher | None:
    """Return the watcher row of a person on a ticket, if any."""
    return db.session.execute(select(TicketWatcher).where(
        TicketWatcher.ticket_id == ticket_id, TicketWatcher.login == login)).scalar_one_or_none()


@use_case
def add_watcher(actor: Actor, ticket_id: int) -> None:
    """Let the actor watch a ticket; watching twice changes nothing (auditors watch nothing: they change nothing)."""
    check_may_write(actor, "watch a ticket")
    require_ticket(ticket_id)
    if not may_read_ticket(actor, ticket_id):  # watching lets one see a ticket: only one already seen
        raise NotFound(f"There is no ticket {ticket_id} that you may see; check the number.")
    if find_watcher(ticket_id, actor.login) is None:
        db.session.add(TicketWatcher(ticket_id=ticket_id, login=actor.login))


@use_case
def remove_watcher(actor: Actor, ticket_id: int) -> None:
    """Stop the actor watching a ticket; removing someone who does not watch changes nothing."""
    watcher = find_watcher(ticket_id, actor.login)
    if watcher is not None:
        db.session.delete(watcher)


def list_watchers(ticket_id: int) -> list[str]:
    """Return the logins watching a ticket, sorted."""
    return list(db.session.execute(select(TicketWatcher.login).where(TicketWatcher.ticket_id == ticket_id)
                                   .order_by(TicketWatcher.login)).scalars())


def check_target(ticket: Ticket, kind: str, target_id: int) -> None:
    """Refuse an unknown link kind, a missing target and a link from a ticket to itself."""
    if kind not in LINK_KINDS:
        raise InvalidValues(f"The link kind '{kind}' is unknown; use one of {', '.join(LINK_KINDS)}.",
                            {"kind": ["Unknown link kind."]})
    if kind in TICKET_LINK_KINDS:
        if target_id == ticket.id:
            raise Conflict(f"Ticket {ticket.number} cannot be linked to itself; choose another ticket.")
        if db.session.get(Ticket, target_id) is None:
            raise NotFound(f"There is no ticket {target_id} to link; check the number.")
    if kind == "ci" and db.session.get(ConfigurationItem, target_id) is None:
        raise NotFound(f"There is no configuration item {target_id} to link; choose an existing one.")
    if kind == "article" and db.session.get(KbArticle, target_id) is None:
        raise NotFound(f"There is no knowledge article {target_id} to link; give the number shown on the article.")


def target_named(actor: Actor, kind: str, text: str) -> int:
    """Return the id a link's target text names: a ticket number (of a ticket the actor may see), a CI name or an
    article number."""
    text = text.strip()
    if kind in TICKET_LINK_KINDS:
        return find_visible_ticket(actor, text).id
    if kind == "ci":
        found = ci_named(text)
        if found is None:
            raise NotFound(f"There is no configuration item called '{text}'; check the name.")
        return found.id
    if not text.isdigit() or db.session.get(KbArticle, int(text)) is None:
        raise NotFound(f"There is no knowledge article {text}; give the number shown on the article.")
    return int(text)


def find_link(ticket_id: int, kind: str, target_id: int) -> TicketLink | None:
    """Return the link of a kind from a ticket to a target, if any."""
    column = getattr(TicketLink, TARGET_COLUMNS[kind])
    return db.session.execute(select(TicketLink).where(
        TicketLink.ticket_id == ticket_id, TicketLink.kind == kind, column == target_id)).scalar_one_or_none()


def check_may_link(actor: Actor) -> None:
    """Refuse (NotAllowed) a link change by anyone but staff who may write."""
    check_may_write(actor, "change a ticket's links")
    if not is_staff(actor):
        raise NotAllowed("Only the service desk links tickets to other tickets, CIs and articles; "
                         "mention the other ticket in a note instead.")


@use_case
def link(actor: Actor, ticket_id: int, kind: str, target_id: int) -> TicketLink:
    """Link a ticket to another ticket (related, caused_by), a CI or a knowledge article; refuse duplicates."""
    check_may_link(actor)
    ticket = require_ticket(ticket_id)
    check_target(ticket, kind, target_id)
    if find_link(ticket_id, kind, target_id) is not None:
        raise Conflict(f"Ticket {ticket.number} already has this {kind} link.")
    check_one_problem(ticket, kind, target_id)
    row = TicketLink(ticket_id=ticket_id, kind=kind, **{TARGET_COLUMNS[kind]: target_id})
    db.session.add(row)
    db.session.flush()
    return row


def problem_causing(incident_id: int) -> str | None:
    """Return the number of the problem an incident is linked to ("caused by"), if any."""
    return db.session.execute(select(Ticket.number).join(TicketLink, TicketLink.target_ticket_id == Ticket.id).where(
        TicketLink.ticket_id == incident_id, TicketLink.kind == "caused_by", Ticket.kind == "problem")).scalar()


def check_one_problem(ticket: Ticket, kind: str, target_id: int) -> None:
    """Refuse a second problem as the cause of an incident: an incident has one cause."""
    if kind != "caused_by" or ticket.kind != "incident":
        return
    target = db.session.get(Ticket, target_id)
    existing = problem_causing(ticket.id) if target is not None and target.kind == "problem" else None
    if existing is not None:
        raise Conflict(f"{ticket.number} is already caused by {existing}; remove that link first.")


@use_case
def unlink(actor: Actor, ticket_id: int, kind: str, target_id: int) -> None:
    """Remove a link; raise NotFound when there is none."""
    check_may_link(actor)
    row = find_link(ticket_id, kind, target_id) if kind in LINK_KINDS else None
    if row is None:
        raise NotFound(f"Ticket {ticket_id} has no {kind} link to {target_id}; there is nothing to remove.")
    db.session.delete(row)


def list_links(ticket_id: int) -> list[TicketLink]:
    """Return a ticket's links in the order they were made."""
    return list(db.session.execute(select(TicketLink).where(TicketLink.ticket_id == ticket_id)
                                   .order_by(TicketLink.id)).scalars())


def latest_resolution(ticket_id: int) -> str | None:
    """Return the text of the ticket's latest resolution note, for turning it into an article.

    A resolution is a note of the event 'resolved', its body the resolution; one written before events
    existed is the English sentence 'Resolved: <text>'.
    """
    found = db.session.execute(select(TicketNote.event, TicketNote.body).where(
        TicketNote.ticket_id == ticket_id,
        or_(TicketNote.event == "resolved", and_(TicketNote.event.is_(None), TicketNote.body.like("Resolved: %"))))
        .order_by(TicketNote.id.desc()).limit(1)).first()
    if found is None:
        return None
    return found.body if found.event == "resolved" else found.body.removeprefix("Resolved: ")


@use_case
def draft_article(runtime: Runtime, actor: Actor, number: str) -> KbArticle:
    """Turn a ticket's latest resolution into a draft knowledge article linked to the ticket, in one unit."""
    check_may_write(actor, "draft an article")
    ticket = find_visible_ticket(actor, number)
    if not may_write_articles(actor):
        raise NotAllowed("Only agents and managers write knowledge articles; ask one of them to draft this one.")
    resolution = latest_resolution(ticket.id)
    if resolution is None:
        raise Conflict(f"{ticket.number} has no resolution yet to turn into an article; resolve it first.")
    article = draft_from_resolution(actor, runtime.clock, ticket.number, ticket.title, resolution)
    db.session.flush()
    link(actor, ticket.id, "article", article.id)
    return article
