"""Each person's ICS feed of the change calendar: a secret address (only its hash is kept) that a calendar program
polls without signing in; renewing it ends the old address, revoking ends the feed."""
import hashlib
import secrets
from datetime import datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import select, update

from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.models import User
from app.organisation.policies import Actor, check_may_see_change_calendar, may_see_change_calendar
from app.platform.transactions import use_case
from app.servicedesk.change_calendar.calendar_view import CalendarEntry, calendar_entries
from app.servicedesk.change_calendar.models import CalendarFeedToken

FEED_PAST_DAYS = 30
FEED_FUTURE_DAYS = 180
PRODUCT_ID = "-//FlowDesk//Change calendar//EN"


def feed_digest(token: str) -> str:
    """Return the hash a feed token is kept as."""
    return hashlib.sha256(token.encode()).hexdigest()


@use_case
def renew_feed_token(actor: Actor, now: datetime) -> str:
    """Give the actor a new feed address (shown once), ending any earlier one."""
    check_may_see_change_calendar(actor, "have a change calendar feed")
    end_feeds(actor.id, now)
    token = secrets.token_urlsafe(32)
    db.session.add(CalendarFeedToken(user_id=actor.id, token_hash=feed_digest(token), created_at=now))
    return token


@use_case
def revoke_feed_token(actor: Actor, now: datetime) -> None:
    """End the actor's feed: its address answers 404 from now on."""
    end_feeds(actor.id, now)


def end_feeds(user_id: int, now: datetime) -> None:
    """Revoke every live feed token of a person."""
    db.session.execute(update(CalendarFeedToken).where(CalendarFeedToken.user_id == user_id,
                                                       CalendarFeedToken.revoked_at.is_(None)).values(revoked_at=now))


def has_feed(actor: Actor) -> datetime | None:
    """Return when the actor's live feed was made, or None when there is none."""
    return db.session.execute(select(CalendarFeedToken.created_at).where(
        CalendarFeedToken.user_id == actor.id, CalendarFeedToken.revoked_at.is_(None))).scalar_one_or_none()


def feed_owner(token: str) -> Actor | None:
    """Return the person a live feed token belongs to, if they are active and still see the calendar."""
    user = db.session.execute(select(User).join(CalendarFeedToken, CalendarFeedToken.user_id == User.id).where(
        CalendarFeedToken.token_hash == feed_digest(token), CalendarFeedToken.revoked_at.is_(None),
        User.active.is_(True))).scalar_one_or_none()
    if user is None:
        return None
    actor = actor_for(user)
    return actor if may_see_change_calendar(actor) else None


def feed_ics(actor: Actor, now: datetime) -> bytes:
    """Return the person's feed: the last 30 and next 180 days of the calendar, as iCalendar."""
    start = now.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=FEED_PAST_DAYS)
    return calendar_ics(calendar_entries(actor, start, start + timedelta(days=FEED_PAST_DAYS + FEED_FUTURE_DAYS),
                                         now), now)


def calendar_ics(entries: list[CalendarEntry], now: datetime) -> bytes:
    """Return calendar entries as an iCalendar document (RFC 5545), times in UTC."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "FlowDesk changes")
    for entry in entries:
        event = Event()
        event.add("uid", entry_uid(entry))
        event.add("dtstamp", now)
        event.add("dtstart", entry.starts_at)
        event.add("dtend", entry.ends_at)
        event.add("summary", entry.title if entry.kind == "change" else f"{entry.kind.title()}: {entry.title}")
        event.add("categories", [entry.kind])
        event.add("description", entry_description(entry))
        calendar.add_component(event)
    return calendar.to_ical()


def entry_uid(entry: CalendarEntry) -> str:
    """Return a stable id of an entry: the change's number, or the window's name and start."""
    if entry.ticket:
        return f"{entry.ticket.lower()}@flowdesk"
    return f"{entry.kind}-{feed_digest(entry.title)[:12]}-{entry.starts_at:%Y%m%dT%H%M}@flowdesk"


def entry_description(entry: CalendarEntry) -> str:
    """Return what an entry's description says: its CIs and implementer."""
    cis = "every CI" if entry.ci_ids is None else ", ".join(f"CI {ci_id}" for ci_id in entry.ci_ids)
    implementer = f"; implementer {entry.implementer}" if entry.implementer else ""
    return f"{cis}{implementer}"
