"""Report subscriptions: a report mailed on a schedule (an RFC 5545 recurrence rule), read with the recipient's own
reach and written in her language, through the outbox (the scheduler delivers it)."""
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from dateutil.rrule import rrulestr
from flask_babel import force_locale, gettext
from sqlalchemy import delete, select

from app.extensions import db
from app.messaging.outbox import enqueue_message
from app.organisation.accounts import actor_for
from app.organisation.models import User
from app.organisation.policies import Actor, report_reach
from app.platform.errors import InvalidValues, NotFound
from app.platform.transactions import use_case
from app.reports.exports import EXPORT_FORMATS, filter_lines, unit_words, value_text
from app.reports.models import ReportSubscription
from app.reports.reading import ReportFilter, report_filter
from app.reports.report import Report, read_report, require_reach

RULE_EXAMPLE = "FREQ=WEEKLY;BYDAY=MO;BYHOUR=8;BYMINUTE=0"
BATCH = 50


def next_after(rule: str, start: datetime, after: datetime) -> datetime | None:
    """Return the rule's next moment after `after` (UTC), counted from `start`; None when it has no more."""
    parsed = rrulestr(rule, dtstart=start.astimezone(UTC).replace(second=0, microsecond=0))
    found = parsed.after(after.astimezone(UTC))  # type: ignore[union-attr]
    return None if found is None else found.astimezone(UTC)


def check_rule(rule: str, now: datetime) -> datetime:
    """Return the first moment of a valid rule that repeats at most hourly; InvalidValues names the problem."""
    try:
        first = next_after(rule, now, now)
        second = next_after(rule, now, first) if first else None
    except (ValueError, TypeError) as error:
        raise InvalidValues(f"The schedule '{rule}' is not a recurrence rule ({error}); write one like "
                            f"{RULE_EXAMPLE}.", {"rule": ["Not a recurrence rule."]}) from error
    if first is None:
        raise InvalidValues(f"The schedule '{rule}' never sends; write one like {RULE_EXAMPLE}.",
                            {"rule": ["The rule has no future moment."]})
    if second is not None and second - first < timedelta(hours=1):
        raise InvalidValues("A report is sent at most once an hour; choose a daily, weekly or monthly rule such as "
                            f"{RULE_EXAMPLE}.", {"rule": ["Repeats more often than hourly."]})
    return first


@use_case
def subscribe(actor: Actor, query: Mapping[str, str], rule: str, export_format: str,
              now: datetime) -> ReportSubscription:
    """Subscribe the actor to the dashboard with this filter (its period becomes 'the days before sending')."""
    require_reach(actor)
    if export_format not in EXPORT_FORMATS:
        raise InvalidValues(f"'{export_format}' is not a report format; choose csv, xlsx or pdf.",
                            {"export_format": ["Unknown format."]})
    chosen = report_filter(now.date(), query.get("from"), query.get("to"), query.get("group"),
                           query.get("category"), query.get("priority"), query.get("service"))
    first = check_rule(rule.strip(), now)
    stored = {**chosen.as_query(), "days": str((chosen.last_day - chosen.first_day).days + 1)}
    for moving in ("from", "to"):
        stored.pop(moving, None)
    row = ReportSubscription(login=actor.login, report="kpis", filters=json.dumps(stored), rule=rule.strip(),
                             export_format=export_format, next_at=first, created_at=now)
    db.session.add(row)
    db.session.flush()
    return row


def list_subscriptions(actor: Actor) -> list[ReportSubscription]:
    """Return the actor's subscriptions, next first."""
    return list(db.session.execute(select(ReportSubscription).where(ReportSubscription.login == actor.login)
                                   .order_by(ReportSubscription.next_at)).scalars())


@use_case
def unsubscribe(actor: Actor, subscription_id: int) -> None:
    """End one of the actor's subscriptions."""
    done = db.session.execute(delete(ReportSubscription).where(
        ReportSubscription.id == subscription_id, ReportSubscription.login == actor.login))
    if not done.rowcount:  # type: ignore[attr-defined]
        raise NotFound("You have no such subscription; it may have ended already.")


def subscribed_filter(stored: Mapping[str, Any], now: datetime) -> ReportFilter:
    """Return a subscription's filter for a report sent now: the `days` full days before today."""
    last = now.date() - timedelta(days=1)
    first = last - timedelta(days=int(stored.get("days", 7)) - 1)
    return report_filter(now.date(), first.isoformat(), last.isoformat(), stored.get("group"),
                         stored.get("category"), stored.get("priority"), stored.get("service"))


def report_mail(report: Report, base_url: str, export_format: str) -> tuple[str, str]:
    """Return the subject and text of a report mail in the current language, with links to the dashboard and to
    the export in the chosen format (both read again, after sign-in, with the reader's own reach)."""
    period = f"{report.chosen.first_day} – {report.chosen.last_day}"
    lines = [gettext("FlowDesk service report, %(period)s", period=period), ""]
    lines += [f"{label}: {value}" for label, value in filter_lines(report)] + [""]
    for kpi in report.kpis:
        unit = "" if kpi.value is None or kpi.unit == "percent" else f" {unit_words(kpi.unit)}"
        lines.append(f"{kpi.name}: {value_text(kpi)}{unit}")
        lines.append(f"    {kpi.definition}")
    query = urlencode(report.chosen.as_query())
    lines += ["", gettext("The dashboard: %(url)s", url=f"{base_url.rstrip('/')}/reports?{query}"),
              gettext("As a file: %(url)s", url=f"{base_url.rstrip('/')}/reports/export.{export_format}?{query}")]
    return gettext("Service report, %(period)s", period=period), "\n".join(lines)


@use_case
def send_due_subscriptions(now: datetime, config: Mapping[str, Any]) -> int:
    """Queue the report mail of every subscription due now, each read as its recipient may; return how many."""
    due = db.session.execute(select(ReportSubscription).where(ReportSubscription.next_at <= now)
                             .order_by(ReportSubscription.next_at).limit(BATCH)).scalars().all()
    sent = 0
    for row in due:
        user = db.session.execute(select(User).where(User.login == row.login)).scalar_one_or_none()
        if user is not None and user.active and user.email and report_reach(actor_for(user)) is not None:
            actor = actor_for(user)
            with force_locale(actor.language or "en"):
                report = read_report(actor, subscribed_filter(json.loads(row.filters), now))
                subject, body = report_mail(report, str(config.get("BASE_URL", "")), row.export_format)
            enqueue_message("email", user.email, subject, body, None, now)
            sent += 1
        following = next_after(row.rule, row.created_at, now)
        if following is None:
            db.session.delete(row)
        else:
            row.next_at = following
    return sent
