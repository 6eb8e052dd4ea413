"""The ticket list's filters as a query string: reading and checking them into a TicketQuery (no I/O).

The web list, the CSV export, saved filters and GET /api/v1/tickets share one set of query-string
parameters (PARAMETERS), so a filter link, a saved filter and an API call mean the same thing.
"""
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.platform.errors import InvalidValues
from app.platform.ids import MAX_ID
from app.platform.limits import SEARCH_TERM_MAX, SEARCH_TERMS_MAX, SEARCH_TEXT_MAX
from app.service_levels.priority import DEFAULT_PRIORITY_MATRIX, PriorityMatrix
from app.servicedesk.tickets.records import CHANNELS, NUMBER_PREFIXES, STATUSES

SORTS = ("newest", "oldest", "updated", "priority", "resolution_due")
# Several values: repeat the parameter (status=new&status=assigned) or separate them with commas.
MULTI_PARAMETERS = ("kind", "status", "priority", "impact", "urgency", "channel")
PARAMETERS = ("q", "number", *MULTI_PARAMETERS, "category", "ci", "group", "assignee", "requester", "department",
              "created_from", "created_to", "updated_from", "updated_to", "reassigned", "overdue", "sort")
DATE_PARAMETERS = ("created_from", "created_to", "updated_from", "updated_to")
MAX_NAME_LENGTH = 80  # logins and group names
TRUE_WORDS = ("1", "true", "yes", "on", "y")
FALSE_WORDS = ("0", "false", "no", "off", "n", "")
DIGITS = re.compile(r"\d{1,10}")
Pairs = Iterable[tuple[str, str]]


@dataclass(frozen=True)
class TicketQuery:
    """What the ticket list shows: every filter (empty means any) and the order.

    Date bounds are aware datetimes: *_from inclusive, *_before exclusive.
    """

    text: str = ""
    number: str | None = None
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    impacts: tuple[str, ...] = ()
    urgencies: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    category_id: int | None = None  # the category and every category below it
    ci: str | None = None  # a CI's id (digits) or its exact name
    group: str | None = None
    assignee: str | None = None
    requester: str | None = None
    department_id: int | None = None  # the requester's department and every department below it
    created_from: datetime | None = None
    created_before: datetime | None = None
    updated_from: datetime | None = None
    updated_before: datetime | None = None
    min_reassignments: int | None = None
    overdue: bool = False
    sort: str = "newest"


def filter_arguments(pairs: Pairs) -> list[tuple[str, str]]:
    """Keep the filter parameters of a query string (no cursor, no blanks), in PARAMETERS order, one value each."""
    found: dict[str, list[str]] = {}
    for name, raw in pairs:
        if name not in PARAMETERS:
            continue
        values = split_values(raw) if name in MULTI_PARAMETERS else [raw.strip()]
        found.setdefault(name, []).extend(value for value in values if value and value not in found.get(name, []))
    return [(name, value) for name in PARAMETERS for value in found.get(name, [])]


def split_values(raw: str) -> list[str]:
    """Split a comma-separated value into its stripped parts."""
    return [part.strip() for part in raw.split(",")]


def parse_ticket_query(pairs: Pairs, timezone: str = "UTC",
                       matrix: PriorityMatrix = DEFAULT_PRIORITY_MATRIX) -> TicketQuery:
    """Read the filters of a query string; refuse unknown values and bad dates, naming each parameter.

    Days (2030-01-31) are read in the given time zone and include the whole day; moments need an offset
    (2030-01-31T09:00:00+08:00). Unknown parameters are ignored here (the API refuses them itself).
    """
    arguments = filter_arguments(pairs)
    values: dict[str, list[str]] = {}
    for name, value in arguments:
        values.setdefault(name, []).append(value)
    errors: dict[str, list[str]] = {}
    reader = QueryReader(values, errors, zone_of(timezone))
    query = TicketQuery(
        text=reader.search_text("q"), number=reader.text("number", 40).upper() or None,
        kinds=reader.choices("kind", tuple(NUMBER_PREFIXES), "kind of ticket"),
        statuses=reader.choices("status", STATUSES, "status"),
        priorities=reader.choices("priority", matrix.codes, "priority"),
        impacts=reader.choices("impact", matrix.impacts, "impact"),
        urgencies=reader.choices("urgency", matrix.urgencies, "urgency"),
        channels=reader.choices("channel", CHANNELS, "channel"),
        category_id=reader.whole_number("category", "category"), ci=reader.text("ci", 200) or None,
        group=reader.text("group", MAX_NAME_LENGTH) or None, assignee=reader.text("assignee", MAX_NAME_LENGTH) or None,
        requester=reader.text("requester", MAX_NAME_LENGTH) or None,
        department_id=reader.whole_number("department", "department"),
        created_from=reader.moment("created_from"), created_before=reader.moment("created_to", end=True),
        updated_from=reader.moment("updated_from"), updated_before=reader.moment("updated_to", end=True),
        min_reassignments=reader.whole_number("reassigned", "reassignment count", minimum=0),
        overdue=reader.flag("overdue"), sort=reader.sort())
    check_ranges(query, errors)
    if errors:
        raise InvalidValues(" ".join(message for messages in errors.values() for message in messages), errors)
    return query


def zone_of(timezone: str) -> ZoneInfo:
    """Return a time zone, UTC when the name is unknown."""
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


class QueryReader:
    """Read one kind of value per call from the filter values, noting each problem under its parameter."""

    def __init__(self, values: dict[str, list[str]], errors: dict[str, list[str]], zone: ZoneInfo) -> None:
        self.values = values
        self.errors = errors
        self.zone = zone

    def refuse(self, name: str, message: str) -> None:
        """Note a problem with a parameter."""
        self.errors.setdefault(name, []).append(message)

    def single(self, name: str) -> str:
        """Return the one value of a parameter ('' when absent); refuse several."""
        given = self.values.get(name, [])
        if len(given) > 1:
            self.refuse(name, f"Give '{name}' once, not {len(given)} times.")
        return given[0] if given else ""

    def text(self, name: str, max_length: int) -> str:
        """Return a text value, refusing one that is too long."""
        value = self.single(name)
        if len(value) > max_length:
            self.refuse(name, f"The value of '{name}' is longer than {max_length} characters; shorten it.")
            return ""
        return value

    def search_text(self, name: str) -> str:
        """Return the words of a search, refusing more than SEARCH_TERMS_MAX of them or one that is too long.

        Each word is matched against every text a reader may see, so their number and length bound the cost.
        """
        value = self.text(name, SEARCH_TEXT_MAX)
        words = {word.lower() for word in value.split()}
        if len(words) > SEARCH_TERMS_MAX:
            self.refuse(name, f"A search has at most {SEARCH_TERMS_MAX} different words, not {len(words)}; "
                              "leave some out.")
            return ""
        too_long = sorted(word for word in words if len(word) > SEARCH_TERM_MAX)
        if too_long:
            self.refuse(name, f"A search word has at most {SEARCH_TERM_MAX} characters; '{too_long[0][:20]}…' has "
                              f"{len(too_long[0])}. Search by shorter words.")
            return ""
        return value

    def choices(self, name: str, allowed: Iterable[str], what: str) -> tuple[str, ...]:
        """Return the chosen values of a parameter, refusing those not allowed."""
        allowed = tuple(allowed)
        chosen = tuple(self.values.get(name, []))
        for value in chosen:
            if value not in allowed:
                self.refuse(name, f"'{value}' is not a {what}; use one of {', '.join(allowed)}.")
        return tuple(value for value in chosen if value in allowed)

    def whole_number(self, name: str, what: str, minimum: int = 1) -> int | None:
        """Return a whole number (an id or a count), refusing anything else."""
        value = self.single(name)
        if not value:
            return None
        if not DIGITS.fullmatch(value) or not minimum <= int(value) <= MAX_ID:
            self.refuse(name, f"The {what} '{value}' is not a whole number from {minimum} to {MAX_ID}; "
                              "correct it or leave it empty.")
            return None
        return int(value)

    def moment(self, name: str, end: bool = False) -> datetime | None:
        """Return a date bound: a day (its start, or the next day's start for an end) or a moment with offset."""
        value = self.single(name)
        if not value:
            return None
        try:
            if len(value) == 10:
                day = date.fromisoformat(value)
                start = datetime.combine(day + timedelta(days=1) if end else day, time(), self.zone)
                return start
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            self.refuse(name, f"'{value}' is not a date; write a day as YYYY-MM-DD (2030-01-31) or a moment with "
                              "its offset (2030-01-31T09:00:00+08:00).")
            return None
        return moment + timedelta(microseconds=1) if end else moment

    def flag(self, name: str) -> bool:
        """Return a yes/no value."""
        value = self.single(name).lower()
        if value not in TRUE_WORDS + FALSE_WORDS:
            self.refuse(name, f"'{value}' is not a yes or no for '{name}'; use 1 or 0.")
        return value in TRUE_WORDS

    def sort(self) -> str:
        """Return the order, newest first when none is given."""
        value = self.single("sort") or "newest"
        if value not in SORTS:
            self.refuse("sort", f"'{value}' is not a sort order; use one of {', '.join(SORTS)}.")
            return "newest"
        return value


def check_ranges(query: TicketQuery, errors: dict[str, list[str]]) -> None:
    """Refuse a date range whose end comes before its start."""
    for name, start, end in (("created_to", query.created_from, query.created_before),
                             ("updated_to", query.updated_from, query.updated_before)):
        if start is not None and end is not None and end <= start:
            errors.setdefault(name, []).append(
                f"The end of the range '{name}' comes before its start; swap the two dates.")
