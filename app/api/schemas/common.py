"""Building blocks of the API's models: moments, cursors, query strings, JSON bodies, problem documents."""
import dataclasses
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema, create_model, model_validator
from pydantic.fields import FieldInfo

MAX_ID = 2**31 - 1  # integer ids are 32-bit on PostgreSQL


def iso_moment(moment: datetime) -> str:
    """Write a moment in ISO 8601 with its UTC offset (+00:00), as the API always has."""
    return moment.isoformat()


Moment = Annotated[datetime, PlainSerializer(iso_moment, return_type=str),
                   WithJsonSchema({"type": "string", "format": "date-time"})]
Next = Annotated[str | None, Field(description="Pass as `after` for the next page; null at the end.")]
After = Annotated[str | None, Field(None, description="The `next` cursor of the previous page.")]
Scalar = str | int | float | bool | None


@dataclass(frozen=True)
class Hint:
    """What to send instead: the sentence a client reads when a value of this member was refused."""

    sentence: str


def omissible(description: str | None = None, choices: Callable[[dict[str, Any]], None] | None = None) -> Any:
    """Declare a member that may be left out but, when sent, may not be null (pydantic leaves defaults alone)."""
    def finish(field_schema: dict[str, Any]) -> None:
        field_schema.pop("default", None)
        if choices is not None:
            choices(field_schema)
    return Field(None, description=description, json_schema_extra=finish)


def documented_choices(values: tuple[str, ...] | list[str], items: bool = False) -> Callable[[dict[str, Any]], None]:
    """List in the document the values a service accepts (the service checks them, naming the member).

    The list goes to the member's non-null branch, or to its items when the member is a list.
    """
    def add_choices(schema: dict[str, Any]) -> None:
        target = next((branch for branch in schema.get("anyOf", []) if branch.get("type") != "null"), schema)
        (target["items"] if items else target)["enum"] = list(values)
    return add_choices


class QueryParameters(BaseModel):
    """A query string: text converted to the declared types, unknown parameters refused, blank means absent."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def drop_blank_values(cls, data: Any) -> Any:
        """Leave out parameters sent blank, and strip the others: '?q=&limit=' asks for the defaults."""
        if not isinstance(data, dict):
            return data
        return {name: value.strip() if isinstance(value, str) else value for name, value in data.items()
                if not (isinstance(value, str) and not value.strip())}


class JsonBody(BaseModel):
    """A JSON request body: JSON types as declared (no "3" for 3), no members beyond the declared ones."""

    model_config = ConfigDict(strict=True, extra="forbid")


class Answer(BaseModel):
    """A response body, read from the services' records by attribute."""

    model_config = ConfigDict(from_attributes=True)


def answer_of(record: type, documented: Mapping[str, FieldInfo], leave_out: Collection[str] = ()) -> type[Answer]:
    """Return an answer model with the fields of a service's record dataclass, in its order, moments as Moment.

    documented adds what the OpenAPI document says of a field (its choices, a description); the record
    stays the one statement of which fields there are and of what type. Subclass the result to name it.
    """
    hints = get_type_hints(record)
    fields: dict[str, Any] = {}
    for field in dataclasses.fields(record):
        if field.name in leave_out:
            continue
        annotation = hints[field.name]
        if annotation is datetime:
            annotation = Moment
        elif annotation == datetime | None:
            annotation = Moment | None
        fields[field.name] = (annotation, documented.get(field.name, ...))
    return create_model(f"{record.__name__}Fields", __base__=Answer, **fields)


class ProblemDocument(BaseModel):
    """An RFC 9457 problem document."""

    type: str = Field(json_schema_extra={"format": "uri-reference"},
                      description="urn:flowdesk:problem:<name> (e.g. task-already-finished), or about:blank.")
    title: str
    status: int
    detail: str = Field(description="What happened and what to do next, in English.")
    errors: dict[str, list[str]] | None = Field(None, description="422 only: messages by field or parameter.")
    instance_id: int | None = Field(None, description="step-failed only: the instance that needs attention.")


class InvalidValuesDocument(ProblemDocument):
    """A problem document of refused values: what to send instead, by field or parameter."""

    errors: dict[str, list[str]] = Field(description="Messages by field or parameter.")
