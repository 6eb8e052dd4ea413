"""Fixtures of the change calendar: the demo organisation, CIs with relations, change tickets and their bookings."""
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from app.cmdb.impact import add_relation
from app.cmdb.items import create_ci, save_ci_type
from app.cmdb.queries import find_ci_type
from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.policies import Actor
from app.organisation.users import require_user
from app.service_levels.policies import ensure_default_service_levels
from app.servicedesk.change_calendar.collisions import ProposedWindow
from app.servicedesk.change_calendar.schedule import ScheduleCheck, book_window, check_schedule
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.records import insert_ticket
from app.workflow.runtime import Runtime
from engine.clock import FixedClock

# A Tuesday in early September 2026, 10:00 in Shanghai: National Day (1 October) lies ahead.
SEPTEMBER_1 = datetime(2026, 9, 1, 2, 0, tzinfo=UTC)


def person(login: str) -> Actor:
    """Return a demo person as an actor."""
    return actor_for(require_user(login))


def at(text: str) -> datetime:
    """Return an aware moment from ISO text with its offset."""
    return datetime.fromisoformat(text)


@dataclass
class ChangeDesk:
    """Builds CIs, relations and change tickets, books and checks windows, as the change flow would."""

    runtime: Runtime
    clock: FixedClock

    def ci(self, name: str) -> int:
        """Create a server CI; return its id."""
        if find_ci_type("server") is None:
            save_ci_type(person("adam"), "server", "Server", [])
        return create_ci(person("sam"), self.clock, "server", {"name": name, "owner_group": "second-line"}).id

    def chain(self, *names: str) -> list[int]:
        """Create CIs where each depends on the next: a -> b -> c; return their ids in order."""
        ids = [self.ci(name) for name in names]
        for source, target in zip(ids, ids[1:], strict=False):
            add_relation(person("sam"), source, target, "depends_on")
        return ids

    def change(self, title: str = "Patch the database") -> Ticket:
        """Store a change ticket (CHG-...) without a process, as the change records would."""
        ticket = insert_ticket(self.runtime, {
            "kind": "change", "channel": "agent", "title": title, "description": title, "requester": "sam",
            "impact": "medium", "urgency": "medium", "priority": "P3", "priority_source": "matrix",
            "priority_reason": "", "assigned_group": "change-managers"})
        db.session.commit()
        return ticket

    def book(self, ticket: Ticket, start: str, end: str, cis: list[int], implementer: str | None = None) -> None:
        """Book a change's window directly (the other change, already scheduled)."""
        book_window(ticket, ProposedWindow(ticket.number, at(start), at(end), frozenset(cis), implementer), "carl",
                    self.clock.now())
        db.session.commit()

    def check(self, ticket: Ticket, start: str, end: str, cis: list[int], implementer: str | None = None,
              who: str = "sam") -> ScheduleCheck:
        """Check a proposed window as an agent would."""
        return check_schedule(person(who), ticket.number, at(start), at(end), cis, implementer, self.clock.now())


@pytest.fixture
def changes(runtime: Runtime, clock: FixedClock, demo: list[str]) -> ChangeDesk:
    """The demo organisation and its China office-hours calendar, on 1 September 2026 in Shanghai."""
    clock.set(SEPTEMBER_1)
    ensure_default_service_levels(clock.now())
    return ChangeDesk(runtime, clock)


def hours(start: datetime, length: int) -> tuple[str, str]:
    """Return a window of so many hours from a start, as ISO texts."""
    return start.isoformat(), (start + timedelta(hours=length)).isoformat()
