"""What grows on a ticket: progress notes, watchers, and links to other tickets, CIs and knowledge articles."""
from sqlalchemy import select

from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.platform.errors import Conflict, InvalidValues, NotAllowed, NotFound
from app.platform.transactions import one_transaction
from app.servicedesk.models import Ticket, TicketLink, TicketNote, TicketWatcher
from app.servicedesk.tickets import require_ticket
from app.workflow.runtime import Runtime

VISIBILITIES = ("internal", "public")
TICKET_LINK_KINDS = ("related", "caused_by")
LINK_KINDS = (*TICKET_LINK_KINDS, "ci", "article")
TARGET_COLUMNS = {"related": "target_ticket_id", "caused_by": "target_ticket_id", "ci": "target_ci_id",
                  "article": "target_article_id"}


def add_note(runtime: Runtime, ticket_id: int, author: str, body: str, visibility: str = "internal",
             by_requester: bool = False) -> TicketNote:
    """Add a progress note; a requester may only write public ones."""
    with one_transaction():
        require_ticket(ticket_id)
        if visibility not in VISIBILITIES:
            raise InvalidValues(f"A note is {' or '.join(VISIBILITIES)}, not '{visibility}'.",
                                {"visibility": ["Choose internal or public."]})
        if by_requester and visibility != "public":
            raise NotAllowed("Requesters write notes the service desk and they both see; make the note public.")
        if not body.strip():
            raise InvalidValues("A note needs some text; write what happened.", {"body": ["Enter the note."]})
        note = TicketNote(ticket_id=ticket_id, author=author, at=runtime.clock.now(), body=body.strip(),
                          visibility=visibility)
        db.session.add(note)
    return note


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


def add_watcher(ticket_id: int, login: str) -> None:
    """Let a person watch a ticket; watching twice changes nothing."""
    require_ticket(ticket_id)
    if find_watcher(ticket_id, login) is None:
        db.session.add(TicketWatcher(ticket_id=ticket_id, login=login))
    db.session.commit()


def remove_watcher(ticket_id: int, login: str) -> None:
    """Stop a person watching a ticket; removing someone who does not watch changes nothing."""
    watcher = find_watcher(ticket_id, login)
    if watcher is not None:
        db.session.delete(watcher)
    db.session.commit()


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


def find_link(ticket_id: int, kind: str, target_id: int) -> TicketLink | None:
    """Return the link of a kind from a ticket to a target, if any."""
    column = getattr(TicketLink, TARGET_COLUMNS[kind])
    return db.session.execute(select(TicketLink).where(
        TicketLink.ticket_id == ticket_id, TicketLink.kind == kind, column == target_id)).scalar_one_or_none()


def link(ticket_id: int, kind: str, target_id: int) -> TicketLink:
    """Link a ticket to another ticket (related, caused_by), a CI or a knowledge article; refuse duplicates."""
    with one_transaction():
        ticket = require_ticket(ticket_id)
        check_target(ticket, kind, target_id)
        if find_link(ticket_id, kind, target_id) is not None:
            raise Conflict(f"Ticket {ticket.number} already has this {kind} link.")
        row = TicketLink(ticket_id=ticket_id, kind=kind, **{TARGET_COLUMNS[kind]: target_id})
        db.session.add(row)
    return row


def unlink(ticket_id: int, kind: str, target_id: int) -> None:
    """Remove a link; raise NotFound when there is none."""
    row = find_link(ticket_id, kind, target_id) if kind in LINK_KINDS else None
    if row is None:
        db.session.rollback()
        raise NotFound(f"Ticket {ticket_id} has no {kind} link to {target_id}; there is nothing to remove.")
    db.session.delete(row)
    db.session.commit()


def list_links(ticket_id: int) -> list[TicketLink]:
    """Return a ticket's links in the order they were made."""
    return list(db.session.execute(select(TicketLink).where(TicketLink.ticket_id == ticket_id)
                                   .order_by(TicketLink.id)).scalars())
