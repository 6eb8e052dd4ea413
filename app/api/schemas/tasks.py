"""Models of the task endpoints: the queue's query, form values, tasks and what completing one answers."""
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, RootModel

from app.api.schemas.common import After, Answer, Moment, Next, QueryParameters, documented_choices
from app.workflow.instances.lifecycle import STATUSES as INSTANCE_STATUSES
from app.workflow.tasks import tasklist

FIELD_TYPES = ("string", "long", "boolean", "date", "enum")


class TaskListQuery(QueryParameters):
    """Which task list, and which page of it."""

    scope: Literal["mine", "group"] = Field("mine", description="Which list: my tasks, or my groups' unclaimed queue.")
    process: str | None = Field(None, max_length=200, description="Only tasks of this process id.")
    min_priority: int | None = Field(None, ge=-2**31, lt=2**31, description="Only tasks of at least this priority.")
    group: str | None = Field(None, max_length=200, description="Only tasks offered to this group.")
    overdue: bool = Field(False, description="Only tasks whose due time has passed.")
    sort: str = Field("due", description="The order.", json_schema_extra=documented_choices(tuple(tasklist.SORTS)))
    limit: int = Field(50, ge=1, le=tasklist.MAX_PAGE_SIZE, description="How many tasks per page.")
    after: After


class FormValues(RootModel[dict[str, Any]]):
    """Form field id to value; fields left out keep their current or default value.

    The task's form checks each value (its type, whether it is required, its limits) and names a field it
    refuses by its label.
    """

    model_config = ConfigDict(strict=True, json_schema_extra={
        "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
        "example": {"resolution": "Replaced the network cable."}})


class FormField(Answer):
    """A form field as drawn in the diagram."""

    id: str
    label: str
    type: str = Field(json_schema_extra=documented_choices(FIELD_TYPES))
    default: str | None
    required: bool
    readonly: bool
    minlength: int | None
    maxlength: int | None
    min: int | float | None
    max: int | float | None
    options: list[Annotated[list[str], Field(min_length=2, max_length=2)]] = Field(
        description="Enum values as [value, label] pairs.")
    choices: str | None = Field(None, description="The FlowDesk data the values come from (groups, categories, "
                                                  "configuration_items), if any.")
    required_if: str | None = Field(None, description="`other_field=value`: required when the other field has "
                                                      "that value.")


class Task(Answer):
    """An open user task."""

    id: str
    name: str = Field(description="As drawn in the diagram.")
    element_id: str
    process_id: str
    instance_id: int
    business_key: str | None
    candidate_groups: list[str]
    candidate_users: list[str]
    assignee: str | None
    priority: int | None
    due_at: Moment | None
    follow_up_at: Moment | None = Field(description="camunda:followUpDate: when the task is to be looked at again.")
    created_at: Moment
    form_fields: list[FormField]
    unassigned_queue: bool = Field(description="Drawn for nobody: offered to the unassigned-task queue of its "
                                               "candidate group, whose members and admins may claim it.")


class TaskPage(Answer):
    """One page of tasks."""

    tasks: list[Task]
    next: Next


class TaskEnvelope(Answer):
    """One task."""

    task: Task


class InstanceStatus(Answer):
    """An instance and its status."""

    id: int | None
    status: str = Field(json_schema_extra=documented_choices(INSTANCE_STATUSES))


class TaskCompletion(Answer):
    """A completed task and the status its instance moved on to."""

    task_id: str
    status: Literal["completed"]
    instance: InstanceStatus

