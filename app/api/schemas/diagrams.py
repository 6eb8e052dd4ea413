"""Models of the diagram endpoints: a check's problems, and a process's draft diagram."""
from pydantic import ConfigDict, Field

from app.api.schemas.common import MAX_ID, Answer, JsonBody, Moment


class DiagramProblem(Answer):
    """One problem of a diagram, on the element a modeller marks."""

    element_id: str | None = Field(description="The element at fault as drawn (a task, an event, a sequence flow, "
                                               "a process); null for the file as a whole (not well-formed XML, say).")
    property: str | None = Field(description='What of the element is at fault: an attribute ("camunda:topic"), a '
                                             'child element ("conditionExpression", "timeDuration"), a form field '
                                             '("formField:<id>"); null for the element as a whole.')
    message: str = Field(description="Why, and what to change: in the reader's language where translated.")


class DiagramCheck(Answer):
    """What a deployment of the diagram would say: every problem found, or none."""

    valid: bool = Field(description="True when the diagram would deploy as it is.")
    problems: list[DiagramProblem]


class DraftSave(JsonBody):
    """A draft to save, and the version of the draft it was made from."""

    model_config = ConfigDict(json_schema_extra={"example": {
        "xml": "<?xml version=\"1.0\"?><bpmn:definitions ...>...</bpmn:definitions>", "base_version": 3}})

    xml: str = Field(description="The diagram, as the modeller exports it.")
    base_version: int | None = Field(
        None, ge=1, le=MAX_ID, description="The version of the draft this one was made from (its `version`, also sent "
                                           "as the ETag `If-Match` takes); null or left out, with no If-Match, for the "
                                           "first draft of the process.")
    started_from_version: int | None = Field(
        None, ge=1, le=MAX_ID, description="For the first draft: the deployed version of the process it was drawn "
                                           "from (left out: the version in force now). Later saves keep it; a draft "
                                           "whose version is no longer the newest is not deployed from the modeller.")


class DiagramBody(JsonBody):
    """A diagram to check, sent as JSON (the body may also be the XML itself, as application/xml)."""

    xml: str = Field(description="The diagram's BPMN XML.")


class Draft(Answer):
    """A process's draft diagram, with who saved it last and when."""

    process_id: str
    version: int = Field(description="Raised by one with every save; send it as `base_version` (or the ETag as "
                                     "If-Match) with the next save.")
    xml: str
    saved_by: str = Field(description="The login of who saved it last.")
    saved_at: Moment
    started_from_version: int | None = Field(None, description=(
        "The deployed version the draft was started from; null for drafts saved before FlowDesk recorded it."))
