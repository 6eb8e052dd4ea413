"""Models of the migration endpoint: a plan of which instances move to which version, and what it did or would do."""
from typing import Any, Literal

from pydantic import ConfigDict, Field

from app.api.schemas.common import MAX_ID, Answer, JsonBody

Status = Literal["running", "needs_attention"]


def running_only() -> list[Status]:
    """Return the statuses a plan moves unless told otherwise."""
    return ["running"]


class MigrationRequest(JsonBody):
    """A migration plan; with dry_run, only the per-instance report of what it would do."""

    model_config = ConfigDict(json_schema_extra={"example": {
        "process_id": "incident", "from_version": 1, "to_version": 2, "mapping": {"classify": "triage"},
        "timers": {"auto_close_due": "restart"}, "timer_default": "keep", "dry_run": True}})

    process_id: str = Field(max_length=200, description="The process whose instances move.")
    from_version: int = Field(ge=1, le=MAX_ID, description="The version they run now.")
    to_version: int = Field(ge=1, le=MAX_ID, description="The version they move to.")
    statuses: list[Status] = Field(default_factory=running_only, description="Only instances in these statuses.")
    at_step: str | None = Field(None, max_length=200, description="Only instances at this element now.")
    category: str | None = Field(None, max_length=200, description="Only instances whose `category` variable is this.")
    instance_ids: list[int] = Field(default_factory=list, max_length=10_000, description="Only these instances.")
    mapping: dict[str, str] = Field(default_factory=dict, description=(
        "Elements of the old version mapped by hand to elements of the new; same ids map by themselves."))
    timers: dict[str, Literal["keep", "restart"]] = Field(default_factory=dict, description=(
        "Per timer of the new version: keep the due time, or restart with the new definition."))
    timer_default: Literal["keep", "restart"] = Field("keep", description="The choice of the timers not named.")
    variables: dict[str, Any] = Field(default_factory=dict, description="Variables set on every moved instance.")
    dry_run: bool = Field(False, description="True: preview only, nothing is written.")


class MigrationAnswer(Answer):
    """A preview (dry_run) or what a batch run moved and refused."""

    dry_run: bool
    preview: dict[str, Any] | None = Field(None, description=(
        "The mapping, the timers that take a choice, and per instance: where it is, whether it is refused and "
        "why, open tasks before and after, timers before and after."))
    migrated: list[int] = Field(default_factory=list, description="The instances moved, one transaction each.")
    refused: list[dict[str, Any]] = Field(default_factory=list, description=(
        "The instances refused ({instance_id, reason}); nothing of them was written."))
