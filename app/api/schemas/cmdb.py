"""Models of the CMDB endpoints: the list's query, new and changed CIs, a CI, what changed, the impact view."""
from typing import Annotated, Any

from pydantic import ConfigDict, Field

from app.api.schemas.common import (
    After,
    Answer,
    Hint,
    JsonBody,
    Next,
    QueryParameters,
    Scalar,
    documented_choices,
    omissible,
)
from app.cmdb.impact import IMPACT_PAGE_MAX
from app.cmdb.items import CI_PAGE_MAX
from app.cmdb.values import CI_STATUSES

Attributes = Annotated[dict[str, Scalar], Hint(
    "Send the attributes as a JSON object of names and plain values (text, number, true/false or null).")]
STATUS = documented_choices(CI_STATUSES)


class CiListQuery(QueryParameters):
    """Filters of the CI list, and which page of it."""

    q: str | None = Field(None, description="Part of the name, any case.")
    type: str | None = Field(None, description="The CI type's name, e.g. `server`.")
    status: str | None = Field(None, description="Only CIs in this status.", json_schema_extra=STATUS)
    owner_group: str | None = Field(None, description="Only CIs this group owns.")
    location: str | None = Field(None, description="Part of the location, any case.")
    limit: int = Field(50, ge=1, le=CI_PAGE_MAX, description="How many items per page.")
    after: After


class CiValues(JsonBody):
    """The fields and attributes of a CI; the CI type's definitions and the CMDB's rules check the values."""

    name: str = omissible("1 to 200 characters.")
    owner_group: str | None = Field(None, description="The group incidents go to.")
    location: str | None = None
    status: str = omissible("`planned` unless given.", STATUS)
    attributes: Attributes = omissible("Attribute name to value, as the CI type defines them; null removes one.")


class CiCreateRequest(CiValues):
    """A new CI of a type."""

    model_config = ConfigDict(json_schema_extra={"example": {
        "type": "server", "name": "db-01", "owner_group": "second-line", "attributes": {"ram_gb": 64}}})

    type: str = Field(description="The CI type's name.")
    name: str


class CiChangeRequest(CiValues):
    """The members to change; members left out keep their value."""

    model_config = ConfigDict(json_schema_extra={"example": {
        "status": "maintenance", "attributes": {"ram_gb": 128}, "ticket": "CHG-000042"}})

    ticket: str | None = Field(None, description="The ticket the change comes from.")


class Ci(Answer):
    """A configuration item."""

    id: int
    type: str = Field(validation_alias="type_name", description="The CI type's name.")
    name: str
    owner_group: str | None
    location: str | None
    status: str = Field(json_schema_extra=STATUS)
    attributes: dict[str, Any] = Field(description="Attribute name to value (dates as YYYY-MM-DD).")


class CiPage(Answer):
    """One page of CIs."""

    cis: list[Ci]
    next: Next


class CiChanged(Answer):
    """A CI as it is now, and what changed."""

    ci: Ci
    changes: dict[str, Annotated[list[Any], Field(min_length=2, max_length=2)]] = Field(
        description="Field (or attributes.<name>) to [old, new]; empty when nothing changed.")


class ImpactQuery(QueryParameters):
    """Which page of the impact view."""

    limit: int = Field(50, ge=1, le=IMPACT_PAGE_MAX, description="How many items per page.")
    after: After


class ImpactedCi(Answer):
    """A CI that fails when the examined one fails."""

    id: int
    name: str
    type: str = Field(validation_alias="type_name")
    status: str = Field(json_schema_extra=STATUS)
    owner_group: str | None
    depth: int = Field(ge=1, description="Relations between the two CIs on the shortest path.")


class Impact(Answer):
    """One page of what depends on a CI, nearest first."""

    ci_id: int
    impacted: list[ImpactedCi]
    next: Next
