"""A change's schedule as its page and its tasks show it: the conflicts its planned window meets now (rule, CI, the
other change, block or warning) and, where a block was overridden, who overrode it and why."""
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from app.servicedesk.change.models import ChangeRecord
from app.servicedesk.change.records import ci_ids_of
from app.servicedesk.change_calendar.schedule import schedule_state
from app.servicedesk.change_calendar.words import conflict_line, override_line
from app.servicedesk.tickets.models import Ticket

FREE = _l("None: the window is free.")
BEGUN = _l("Not checked any more: the window has begun or the change is finished.")
FINISHED_STAGES = ("closed", "rejected")


@dataclass(frozen=True)
class ScheduleView:
    """The conflicts as (severity, line in the reader's language), blocks first, and the override's line if any."""

    conflicts: list[tuple[str, str]]
    override: str | None
    checked: bool  # False once the window has begun or the change is finished

    def text(self) -> str:
        """Return the conflicts and the override as lines of text, or one line saying there are none."""
        lines = [line for _, line in self.conflicts] + ([self.override] if self.override else [])
        return "\n".join(lines) or str(FREE if self.checked else BEGUN)


def schedule_view(ticket: Ticket, record: ChangeRecord, now: datetime) -> ScheduleView:
    """Check the change's planned window as it stands and return what people read of it (a read: nothing booked)."""
    state = schedule_state(ticket, record.planned_start_at, record.planned_end_at,
                           [] if record.stage in FINISHED_STAGES else ci_ids_of(record.id),
                           record.implementer or record.owner, now)
    booking = state.booking
    override = override_line(booking.booked_by, booking.override_reason) \
        if booking is not None and booking.status == "booked" and booking.override_reason else None
    return ScheduleView([(item.severity, conflict_line(item, state.ci_names)) for item in state.conflicts], override,
                        state.checked and record.stage not in FINISHED_STAGES)
