"""A ticket's number is its process's business key: no other instance may be started under it."""
from sqlalchemy import select

from app.extensions import db
from app.platform.errors import InvalidValues
from app.servicedesk.tickets.models import TICKET_NUMBER_SHAPE, Ticket

SURVEY_PREFIX = "SURVEY-"


def survey_key(number: str) -> str:
    """Return the business key of a ticket's survey instance (the ticket's own number is its ticket process's)."""
    return f"{SURVEY_PREFIX}{number}"


def ticket_number_of(business_key: str) -> str:
    """Return the number of the ticket a business key is about: the key itself, or the ticket a survey asks about
    (so the survey's recovery task is listed with its ticket)."""
    return business_key.removeprefix(SURVEY_PREFIX)


def check_business_key(business_key: str | None) -> None:
    """Refuse a business key that is another ticket's number (any case); the ticket being logged in this very
    unit (not yet given its instance) starts its process under its own number.

    A ticket's number is its process's business key: an instance started by hand (API, CLI) under another
    ticket's number would be taken for that ticket's process.
    """
    if not business_key or not TICKET_NUMBER_SHAPE.match(business_key):
        return
    taken = db.session.execute(select(Ticket.id).where(
        Ticket.number == business_key.strip().upper(), Ticket.instance_id.is_not(None))).first()
    if taken is not None:
        message = (f"The business key '{business_key}' is the number of ticket {business_key.strip().upper()}, "
                   "whose process already runs under it. Choose another key.")
        raise InvalidValues(message, {"business_key": [message]})
