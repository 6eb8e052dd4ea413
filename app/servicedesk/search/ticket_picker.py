"""Looking a ticket up by part of its number or title, for the pickers that link tickets or mark duplicates.

Only tickets the reader may see are found: the WHERE condition of app.servicedesk.tickets.visibility
(visibility_condition), the same rule as the ticket list, the ticket page and the API.
"""
from sqlalchemy import case, func, or_, select

from app.extensions import db
from app.organisation.directory import LOOKUP_LIMIT, LOOKUP_TEXT_MAX, Found, contains
from app.organisation.policies import Actor
from app.platform.errors import InvalidValues
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.visibility import visibility_condition

TITLE_SHOWN = 80  # characters of a title a match shows


def look_up_tickets(actor: Actor, text: str, limit: int = LOOKUP_LIMIT) -> list[Found]:
    """Return the tickets the actor may see whose number or title contains the text: that number first, then newest."""
    text = text.strip()
    if len(text) > LOOKUP_TEXT_MAX:
        raise InvalidValues(f"A search text is at most {LOOKUP_TEXT_MAX} characters long; shorten it.",
                            {"q": [f"Shorten this to {LOOKUP_TEXT_MAX} characters."]})
    if not text:
        return []
    pattern = contains(text)
    exact = case((Ticket.number == text.upper(), 0), else_=1)
    statement = (select(Ticket.number, Ticket.title)
                 .where(or_(func.lower(Ticket.number).like(pattern, escape="\\"),
                            func.lower(Ticket.title).like(pattern, escape="\\")))
                 .order_by(exact, Ticket.id.desc()).limit(max(1, min(limit, LOOKUP_LIMIT))))
    visible = visibility_condition(actor)
    if visible is not None:
        statement = statement.where(visible)
    return [Found(number, number, shortened(title)) for number, title in db.session.execute(statement)]


def shortened(title: str) -> str:
    """Return a title cut to TITLE_SHOWN characters, with an ellipsis when cut."""
    return title if len(title) <= TITLE_SHOWN else title[:TITLE_SHOWN - 1] + "…"
