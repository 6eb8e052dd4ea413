"""The change calendar pages: month, week and list views (FullCalendar) fed by a JSON address, a timeline of a CI
(or a service) and what is near it, and each person's ICS feed (a secret address, renewed or revoked here)."""
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, jsonify, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import login_required

from app.cmdb.items import ci_named, require_ci
from app.cmdb.models import ConfigurationItem
from app.organisation.policies import may_see_change_calendar
from app.platform.errors import InvalidValues, NotFound
from app.servicedesk.change_calendar import feeds
from app.servicedesk.change_calendar.calendar_view import CalendarEntry, calendar_entries, parse_moment, timeline
from app.servicedesk.change_calendar.settings import read_schedule_rules
from app.web.shell.session import current_actor, select_timezone
from app.wiring import current_runtime

blueprint = Blueprint("change_calendar", __name__)
TIMELINE_DAYS = 14
MAX_ID = 2**31 - 1  # integer ids are 32-bit on PostgreSQL: a larger one names nothing
KIND_CLASSES = {"change": "fc-change", "freeze": "fc-freeze", "maintenance": "fc-maintenance"}


def require_reader() -> None:
    """Stop whoever may not see the calendar (404: they need not know it exists)."""
    if not may_see_change_calendar(current_actor()):
        abort(404)


def chosen_ci() -> ConfigurationItem | None:
    """Return the CI the page was asked about (?ci= its id or name), or None."""
    text = (request.args.get("ci") or "").strip()
    if not text:
        return None
    if text.isdigit():
        if int(text) > MAX_ID:
            abort(404)
        try:
            return require_ci(int(text))
        except NotFound:
            abort(404)
    found = ci_named(text)
    if found is None:
        abort(404)
    return found


@blueprint.get("/changes/calendar")
@login_required
def month() -> str:
    """Show the calendar (month, week and list views) with its legend and the person's feed."""
    require_reader()
    return render_calendar()


def render_calendar(new_feed_url: str | None = None) -> str:
    """Render the calendar page, showing a newly made feed address once."""
    ci = chosen_ci()
    events = url_for("change_calendar.events", ci=ci.id if ci else None)
    return render_template("change_calendar/month.html", ci=ci, events_url=events,
                           feed_since=feeds.has_feed(current_actor()), new_feed_url=new_feed_url)


def moment_arg(name: str) -> datetime | None:
    """Read an ISO date-time parameter (FullCalendar sends them with offsets); 400 for anything else."""
    text = request.args.get(name)
    if not text:
        return None
    value = parse_moment(text.replace(" ", "+"))  # a '+' not escaped in the address arrives as a space
    if value is None:
        abort(400)
    return value


@blueprint.get("/changes/calendar/events")
@login_required
def events() -> Response | tuple[Response, int]:
    """Answer FullCalendar's request for a range: the entries as its event objects."""
    require_reader()
    ci = chosen_ci()
    try:
        entries = calendar_entries(current_actor(), moment_arg("start"), moment_arg("end"),
                                   current_runtime().clock.now(), ci.id if ci else None)
    except InvalidValues as refused:
        return jsonify({"error": str(refused)}), 422
    return jsonify([event_of(entry) for entry in entries])


def event_of(entry: CalendarEntry) -> dict[str, object]:
    """Return one entry as a FullCalendar event object."""
    title = entry.title
    if entry.kind == "freeze":
        title = _("Freeze: %(name)s", name=entry.title)
    elif entry.kind == "maintenance":
        title = _("Maintenance: %(name)s", name=entry.title)
    classes = [KIND_CLASSES[entry.kind], *(["fc-overridden"] if entry.overridden else [])]
    event: dict[str, object] = {"title": title, "start": entry.starts_at.isoformat(), "end": entry.ends_at.isoformat(),
                                "classNames": classes, "display": "block"}
    if entry.ticket:
        event["url"] = url_for("ticket.show", number=entry.ticket)
    return event


@blueprint.get("/changes/calendar/timeline")
@login_required
def timeline_page() -> str:
    """Show a CI's timeline (and of the CIs within the rules' hops) over two weeks from a day."""
    require_reader()
    ci = chosen_ci()
    zone = ZoneInfo(select_timezone())
    first = first_day(zone)
    start = datetime.combine(first, time(), zone)
    end = start + timedelta(days=TIMELINE_DAYS)
    rows = timeline(current_actor(), ci.id, start, end, current_runtime().clock.now(),
                    read_schedule_rules().hops) if ci else []
    days = [format_date(first + timedelta(days=n), "EEE d") for n in range(TIMELINE_DAYS)]
    span = (end - start).total_seconds()
    bars = {row.ci_id: [bar_of(entry, start, end, span) for entry in row.entries] for row in rows}
    return render_template("change_calendar/timeline.html", ci=ci, rows=rows, bars=bars, days=days,
                           month=format_date(first, "yyyy MMMM"),
                           earlier=(first - timedelta(days=7)).isoformat(),
                           later=(first + timedelta(days=7)).isoformat())


def first_day(zone: ZoneInfo) -> date:
    """Return the timeline's first day: ?from=YYYY-MM-DD, else today where the reader is."""
    text = request.args.get("from") or ""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return current_runtime().clock.now().astimezone(zone).date()


def bar_of(entry: CalendarEntry, start: datetime, end: datetime, span: float) -> dict[str, object]:
    """Return where an entry's bar sits on the timeline, in percent of its width."""
    left = max(0.0, (entry.starts_at - start).total_seconds() / span * 100)
    right = min(100.0, (entry.ends_at - start).total_seconds() / span * 100)
    return {"entry": entry, "left": round(left, 3), "width": round(max(right - left, 0.4), 3)}


@blueprint.post("/changes/calendar/feed")
@login_required
def renew_feed() -> str:
    """Make a new feed address for the signed-in person (the old one stops) and show it once."""
    require_reader()
    token = feeds.renew_feed_token(current_actor(), current_runtime().clock.now())
    return render_calendar(url_for("change_calendar.feed", token=token, _external=True))


@blueprint.post("/changes/calendar/feed/revoke")
@login_required
def revoke_feed() -> str:
    """End the signed-in person's feed."""
    require_reader()
    feeds.revoke_feed_token(current_actor(), current_runtime().clock.now())
    return render_calendar()


@blueprint.get("/calendar-feeds/<token>.ics")
def feed(token: str) -> Response:
    """Answer a calendar program with a person's feed; an unknown or revoked address is a 404."""
    owner = feeds.feed_owner(token)
    if owner is None:
        abort(404)
    content = feeds.feed_ics(owner, current_runtime().clock.now())
    return Response(content, mimetype="text/calendar", headers={"Cache-Control": "no-store"})
