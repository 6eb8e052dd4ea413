"""How every page writes a moment: one date-time format per language, and "2 hours ago" with the exact time on hover."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_datetime as babel_format_datetime
from flask_babel import format_date, format_datetime, format_timedelta, get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.wiring import current_runtime

# One pattern per language (CLDR), used by every page: lists, facts, notes and messages alike.
DATE_TIME_PATTERNS = {"en": "d MMM yyyy, HH:mm", "zh_CN": "yyyy年M月d日 HH:mm"}
DATE_PATTERNS = {"en": "d MMM yyyy", "zh_CN": "yyyy年M月d日"}
JUST_NOW = timedelta(minutes=1)


def exact_time(moment: datetime | None, locale: str, zone: str) -> str:
    """Write an aware moment in the reader's time zone with the language's one pattern ('–' for none)."""
    if moment is None:
        return "–"
    pattern = DATE_TIME_PATTERNS.get(locale, DATE_TIME_PATTERNS["en"])
    return format_datetime(moment.astimezone(ZoneInfo(zone)), pattern)


def exact_time_where_it_is(moment: datetime, locale: str) -> str:
    """Write an aware moment in its own time zone (a calendar's, say) with the language's one pattern."""
    pattern = DATE_TIME_PATTERNS.get(locale, DATE_TIME_PATTERNS["en"])
    return babel_format_datetime(moment, pattern, tzinfo=moment.tzinfo, locale=get_locale())


def exact_date(day: date | None, locale: str) -> str:
    """Write a calendar date with the language's one pattern ('–' for none)."""
    if day is None:
        return "–"
    return format_date(day, DATE_PATTERNS.get(locale, DATE_PATTERNS["en"]))


def relative_time(moment: datetime | None, locale: str, zone: str) -> Markup:
    """Return a <time> saying how long ago (or how soon) a moment is, with its exact time as the hover title."""
    if moment is None:
        return Markup("–")
    exact = exact_time(moment, locale, zone)
    return Markup('<time datetime="{}" title="{}">{}</time>').format(
        moment.isoformat(), exact, escape(relative_words(moment)))


def relative_words(moment: datetime | None) -> str:
    """Say how long ago (or how soon) a moment is by the app's clock, in the reader's language ("2 hours ago")."""
    if moment is None:
        return "–"
    distance = moment - current_runtime().clock.now()
    if abs(distance) < JUST_NOW:
        return str(_("just now"))
    return str(format_timedelta(distance, threshold=1, add_direction=True))
