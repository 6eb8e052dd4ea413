"""Models of the ticket endpoints: the list's query, incidents, notes and files sent, tickets and notes answered."""
import json
from typing import Annotated, Any, ClassVar

from pydantic import ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError
from werkzeug.datastructures import FileStorage

from app.api.schemas.common import (
    MAX_ID,
    After,
    Answer,
    Hint,
    JsonBody,
    Moment,
    Next,
    QueryParameters,
    answer_of,
    documented_choices,
)
from app.platform.limits import NOTE_MAX, TICKET_DESCRIPTION_MAX, TICKET_TITLE_MAX
from app.servicedesk.search import filters
from app.servicedesk.search import lookup as search
from app.servicedesk.search.lookup import MAX_PAGE_SIZE, PAGE_SIZE
from app.servicedesk.tickets.records import CHANNELS, NUMBER_PREFIXES, STATUSES
from app.servicedesk.tickets.visibility import VISIBILITIES

API_CHANNELS = ("api", "monitoring", "agent")
SEVERAL = " Several values: repeat the parameter or separate them with commas."
DAY_OR_MOMENT = (" A day (`2030-01-31`, in UTC, the whole day included) or a moment with its offset "
                 "(`2030-01-31T09:00:00+08:00`).")
VISIBILITY = documented_choices(VISIBILITIES)


def choices(description: str, values: tuple[str, ...] | None = None) -> Any:
    """Declare a parameter taking one or several values, which the ticket filters check."""
    listed = documented_choices(values, items=True) if values else None
    return Field(default_factory=list, description=description + SEVERAL, json_schema_extra=listed)


def moment_bound(description: str) -> Any:
    """Declare a date bound of the ticket list, which the ticket filters read."""
    return Field(None, description=description + DAY_OR_MOMENT)


class TicketListQuery(QueryParameters):
    """The ticket list's filters (those of the desk's list and saved filters), its order and the page."""

    FILTERS: ClassVar[tuple[str, ...]] = filters.PARAMETERS

    q: str | None = Field(None, description="Words that must all occur in the title, the description or a note you "
                                            "may read (any case; Chinese too). A ticket number matches that ticket.")
    number: str | None = Field(None, description="Exactly this ticket number.")
    kind: list[str] = choices("Only these kinds.", tuple(NUMBER_PREFIXES))
    status: list[str] = choices("Only these statuses.", STATUSES)
    priority: list[str] = choices("Only these priorities (the codes of the priority matrix, e.g. `P1`).")
    impact: list[str] = choices("Only these impacts (levels of the priority matrix).")
    urgency: list[str] = choices("Only these urgencies (levels of the priority matrix).")
    channel: list[str] = choices("Only tickets logged through these channels.", CHANNELS)
    category: Annotated[int | None, Hint("Send the id of a ticket category.")] = Field(
        None, ge=1, le=MAX_ID, description="This category's id; its sub-categories are included.")
    ci: str | None = Field(None, description="The affected configuration item: its id, or its exact name.")
    group: str | None = Field(None, description="The assigned group's name.")
    assignee: str | None = Field(None, description="The assignee's login.")
    requester: str | None = Field(None, description="The requester's login.")
    department: Annotated[int | None, Hint("Send the id of a department.")] = Field(
        None, ge=1, le=MAX_ID, description="The requester's department id; departments below it are included.")
    created_from: str | None = moment_bound("Created at or after.")
    created_to: str | None = moment_bound("Created at or before.")
    updated_from: str | None = moment_bound("Last changed at or after.")
    updated_to: str | None = moment_bound("Last changed at or before.")
    reassigned: Annotated[int | None, Hint("Send how many reassignments at least, as a whole number.")] = Field(
        None, ge=0, le=MAX_ID, description="Reassigned at least this many times.")
    overdue: str | None = Field(None, description="`1`: only unfinished tickets whose response or resolution "
                                                  "deadline has passed without being met.",
                                json_schema_extra=documented_choices(
                                    [word for word in (*filters.TRUE_WORDS, *filters.FALSE_WORDS) if word]))
    sort: str = Field("newest", description="The order: newest or oldest first, recently updated first, priority "
                                            "(P1 first, then the longest waiting), or resolution deadline (soonest "
                                            "first; tickets without one last).",
                      json_schema_extra=documented_choices(filters.SORTS))
    after: After
    before: str | None = Field(None, description="The `previous` cursor of a page: the page before it.")
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="How many tickets per page.")

    def filter_pairs(self) -> list[tuple[str, str]]:
        """Return the filters as query-string pairs, for the ticket filters to read."""
        pairs: list[tuple[str, str]] = []
        for name in self.FILTERS:
            value = getattr(self, name)
            values = value if isinstance(value, list) else [] if value is None else [value]
            pairs.extend((name, str(item)) for item in values)
        return pairs


ROW_FIELDS = answer_of(search.TicketRow, leave_out={"id"}, documented={
    "kind": Field(json_schema_extra=documented_choices(tuple(NUMBER_PREFIXES))),
    "status": Field(json_schema_extra=documented_choices(STATUSES)),
    "overdue": Field(description="Unfinished, and a response or resolution deadline has passed without being met."),
})


class TicketRow(ROW_FIELDS):  # type: ignore[misc,valid-type]  # the fields come from the search's TicketRow
    """A ticket as a list row."""


class TicketPage(Answer):
    """One page of tickets."""

    tickets: list[TicketRow]
    next: Next
    previous: str | None = Field(description="Pass as `before` for the page before; null on the first page.")


def parameters_of(stored: Any) -> dict[str, str]:
    """Return a system note's parameters from their stored JSON (none for a person's note)."""
    return {str(name): str(value) for name, value in json.loads(stored).items()} if stored else {}


class TicketNote(Answer):
    """A note on a ticket."""

    id: int
    author: str
    at: Moment
    body: str = Field(description="What a person wrote; a system note without a person's text holds FlowDesk's "
                                  "English sentence.")
    visibility: str = Field(json_schema_extra=VISIBILITY)
    event: str | None = Field(None, description="What a system note records (resolved, cancelled, forwarded, ...), "
                                                "its body being the text that goes with it; null for a person's note.")
    event_params: Annotated[dict[str, str], PlainValidator(parameters_of)] = Field(
        default_factory=dict, description="The system note's parameters by name (a priority, a group, ...).")


class TicketDetail(TicketRow):
    """Every field of a ticket, and the notes I may read."""

    COMPUTED: ClassVar[frozenset[str]] = frozenset({"category", "overdue", "notes"})

    description: str
    priority_source: str
    priority_reason: str
    instance_id: int | None
    category: str | None = Field(description="The category's name.")
    notes: list[TicketNote]

    @classmethod
    def of(cls, ticket: Any, category: str | None, overdue: bool, notes: list[Any]) -> "TicketDetail":
        """Return the answer of a ticket, with what is worked out about it."""
        stored = {name: getattr(ticket, name) for name in cls.model_fields if name not in cls.COMPUTED}
        return cls.model_validate({**stored, "category": category, "overdue": overdue, "notes": notes})


class IncidentRequest(JsonBody):
    """An incident to log."""

    model_config = ConfigDict(json_schema_extra={"example": {
        "title": "VPN drops every hour", "description": "Since Monday.", "impact": "medium", "urgency": "high"}})

    title: str = Field(max_length=TICKET_TITLE_MAX, description=f"At most {TICKET_TITLE_MAX} characters.")
    description: str | None = Field(None, max_length=TICKET_DESCRIPTION_MAX,
                                    description=f"At most {TICKET_DESCRIPTION_MAX} characters.")
    impact: str | None = Field(None, description="A level of the priority matrix (high, medium, low).")
    urgency: str | None = Field(None, description="A level of the priority matrix (high, medium, low).")
    category_id: int | None = None
    ci_id: int | None = None
    requester: str | None = Field(None, description="Staff only: whom the incident is for.")
    channel: str | None = Field(None, json_schema_extra=documented_choices(API_CHANNELS))
    priority: str | None = Field(None, description="Monitoring only: the priority the event carries.")


class TicketWritten(Answer):
    """A ticket as it was written."""

    number: str
    kind: str
    channel: str
    title: str
    description: str
    requester: str
    category_id: int | None
    ci_id: int | None
    impact: str
    urgency: str
    priority: str
    priority_source: str
    status: str = Field(json_schema_extra=documented_choices(STATUSES))
    assigned_group: str | None
    assignee: str | None
    instance_id: int | None
    response_due_at: Moment | None
    resolution_due_at: Moment | None
    created_at: Moment | None
    updated_at: Moment | None


class NoteRequest(JsonBody):
    """A note to add."""

    body: str = Field(max_length=NOTE_MAX, description=f"At most {NOTE_MAX} characters.")
    visibility: str | None = Field(None, json_schema_extra=VISIBILITY)


class AttachmentRequest(JsonBody):
    """A file to attach, its bytes in base64."""

    file_name: str
    content_type: str
    content_base64: str = Field(json_schema_extra={"contentEncoding": "base64"})
    visibility: str | None = Field(None, json_schema_extra=VISIBILITY)


def uploaded_file(value: Any) -> FileStorage:
    """Accept a file sent in a multipart form; refuse a plain form value."""
    if not isinstance(value, FileStorage):
        raise PydanticCustomError("file_type", "Send the file itself in the form field 'file'.")
    return value


UploadedFile = Annotated[FileStorage, PlainValidator(uploaded_file),
                         WithJsonSchema({"type": "string", "contentMediaType": "application/octet-stream"})]


class FileForm(JsonBody):
    """A file to attach, sent as multipart/form-data."""

    model_config = ConfigDict(strict=False, extra="ignore", arbitrary_types_allowed=True)

    file: UploadedFile
    visibility: str | None = Field(None, json_schema_extra=VISIBILITY)


class Attachment(Answer):
    """An attachment's facts (not its bytes)."""

    id: int
    file_name: str
    content_type: str
    size_bytes: int
    sha256: str
    visibility: str = Field(json_schema_extra=VISIBILITY)
    uploaded_by: str
    uploaded_at: Moment
