"""Read a change's record and its parts: the record of a CHG ticket, its CIs, its links, and the services its CIs
support."""
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.cmdb.impact import list_impacted_cis
from app.cmdb.models import CiType, ConfigurationItem
from app.extensions import db
from app.servicedesk.change.models import ChangeCi, ChangeLink, ChangeRecord
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.records import find_ticket

SERVICE_TYPE = "service"


def record_of(ticket_id: int) -> ChangeRecord:
    """Return the record of a change ticket (every CHG ticket has one: it is written with the ticket)."""
    return db.session.execute(select(ChangeRecord).where(ChangeRecord.ticket_id == ticket_id)).scalar_one()


def record_of_number(number: str, lock: bool = False) -> tuple[Ticket, ChangeRecord]:
    """Return a change ticket by number and its record."""
    ticket = find_ticket(number, lock=lock)
    return ticket, record_of(ticket.id)


def ci_ids_of(record_id: int) -> list[int]:
    """Return the ids of the CIs a change affects, in id order."""
    return list(db.session.execute(select(ChangeCi.ci_id).where(ChangeCi.change_record_id == record_id)
                                   .order_by(ChangeCi.ci_id)).scalars())


def cis_of(record_id: int) -> list[ConfigurationItem]:
    """Return the CIs a change affects, by name."""
    return list(db.session.execute(select(ConfigurationItem).join(ChangeCi, ChangeCi.ci_id == ConfigurationItem.id)
                                   .where(ChangeCi.change_record_id == record_id)
                                   .order_by(ConfigurationItem.name)).scalars())


def services_of(ci_ids: list[int]) -> list[str]:
    """Return the names of the services the CIs support (themselves or through the impact graph), sorted."""
    names = set(db.session.execute(select(ConfigurationItem.name).join(CiType, CiType.id == ConfigurationItem.type_id)
                                   .where(ConfigurationItem.id.in_(ci_ids), CiType.name == SERVICE_TYPE)).scalars())
    for ci_id in ci_ids:
        names.update(impacted.name for impacted in list_impacted_cis(ci_id, limit=200).items
                     if impacted.type_name == SERVICE_TYPE)
    return sorted(names)


def linked_tickets(record_id: int) -> list[Ticket]:
    """Return the incidents and problems a change fixes, oldest first."""
    return list(db.session.execute(select(Ticket).join(ChangeLink, ChangeLink.ticket_id == Ticket.id)
                                   .where(ChangeLink.change_record_id == record_id).order_by(Ticket.id)).scalars())


def window_variables(record: ChangeRecord) -> dict[str, Any]:
    """Return the flow variables of what the calendar's check reads, as the record holds them now (the window in
    the requester's zone, the CIs, the implementer) and the test plan."""
    zone = ZoneInfo(record.time_zone)
    return {"planned_start": record.planned_start_at.astimezone(zone).isoformat(),
            "planned_end": record.planned_end_at.astimezone(zone).isoformat(),
            "affected_cis": ci_ids_of(record.id), "implementer": record.implementer or record.owner,
            "test_plan": record.test_plan or ""}
