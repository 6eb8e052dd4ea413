"""The ticket keys the insight counts a case under: its category, priority and group (runtime.case_keys)."""
from collections.abc import Mapping, Sequence

from sqlalchemy import select

from app.extensions import db
from app.servicedesk.tickets.models import Ticket
from app.workflow.insight.keys import CaseKeys


def case_keys_of(business_keys: Sequence[str]) -> Mapping[str, CaseKeys]:
    """Return the keys of the tickets these business keys (ticket numbers) name, by number."""
    if not business_keys:
        return {}
    rows = db.session.execute(select(Ticket.number, Ticket.category_id, Ticket.priority, Ticket.assigned_group)
                              .where(Ticket.number.in_(list(set(business_keys)))))
    return {row.number: CaseKeys("" if row.category_id is None else str(row.category_id), row.priority or "",
                                 row.assigned_group or "") for row in rows}
