"""Models of the message endpoint: a message from outside, and where it went."""
from typing import Any

from pydantic import ConfigDict, Field

from app.api.schemas.common import MAX_ID, Answer, JsonBody
from app.api.schemas.instances import MAX_BUSINESS_KEY_LENGTH


class MessageRequest(JsonBody):
    """A message: its name as drawn in the diagram, what it must correlate with, and the variables it brings."""

    message_name: str = Field(min_length=1, max_length=200, description="The message's name (bpmn:message name).")
    business_key: str | None = Field(None, max_length=MAX_BUSINESS_KEY_LENGTH,
                                     description="Only the instance with this business key; a process started "
                                                 "by the message gets it.")
    instance_id: int | None = Field(None, ge=1, le=MAX_ID, description="Only this instance.")
    correlation_keys: dict[str, Any] = Field(default_factory=dict,
                                             description="Only the instance whose process variables equal these.")
    variables: dict[str, Any] = Field(default_factory=dict, description="Process variables the message brings.")

    model_config = ConfigDict(json_schema_extra={"example": {
        "message_name": "paymentReceived", "business_key": "ORD-1001", "variables": {"paid": 120}}})


class MessageCorrelation(Answer):
    """Where a message went."""

    instance_id: int = Field(description="The instance the message resumed or started.")
    started: bool = Field(description="True when the message started the instance by its message start event.")
    element_id: str = Field(description="The element that caught the message.")
