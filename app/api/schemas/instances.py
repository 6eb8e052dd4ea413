"""Models of the instance endpoints: the start request, an instance, its history."""
from dataclasses import asdict
from typing import Any

from pydantic import ConfigDict, Field

from app.api.schemas.common import Answer, JsonBody, Moment, documented_choices
from app.workflow.instances.lifecycle import STATUSES, InstanceDetails

MAX_BUSINESS_KEY_LENGTH = 100


class StartRequest(JsonBody):
    """What a process starts with."""

    variables: dict[str, Any] = Field(default_factory=dict, description=(
        "Start-form values, or any variables without a start form; process owners and admins may also pass "
        "variables that are not start-form fields."))
    business_key: str | None = Field(None, max_length=MAX_BUSINESS_KEY_LENGTH, description="The ticket number.")

    model_config = ConfigDict(json_schema_extra={
        "example": {"variables": {"title": "Printer on fire"}, "business_key": "INC-1001"}})


class OpenTask(Answer):
    """An open user task of an instance."""

    id: str
    element_id: str
    name: str
    assignee: str | None
    due_at: Moment | None


class WaitingTimer(Answer):
    """A timer an instance waits for."""

    element_id: str
    name: str
    kind: str
    due_at: Moment


class WaitingFor(Answer):
    """A message the instance waits for, or one of its external tasks waiting for an outside worker."""

    kind: str = Field(description="message or external_task.")
    element_id: str
    name: str = Field(description="The message's name, or the external task's topic.")
    worker_id: str | None = Field(description="The worker that locked the external task last, if any.")
    locked_until: Moment | None = Field(description="Until when that worker's lock holds, if any.")


class Incident(Answer):
    """An external task that failed with no retries left: it waits for an operator; the rest of the instance runs."""

    kind: str = Field(description="failed_external_task.")
    task_id: str = Field(description="The external task's id; PUT /engine-rest/external-task/{id}/retries resolves it.")
    element_id: str
    topic: str
    error_message: str | None = Field(description="What the worker reported last.")


class Instance(Answer):
    """A process instance: its status, version, variables, open tasks, waiting timers, messages and workers."""

    id: int
    process_id: str
    version: int
    business_key: str | None
    status: str = Field(json_schema_extra=documented_choices(STATUSES))
    started_by: str | None
    started_at: Moment
    updated_at: Moment
    variables: dict[str, Any] = Field(description="The instance's data, by name.")
    open_tasks: list[OpenTask]
    timers: list[WaitingTimer]
    waiting: list[WaitingFor] = Field(description="Messages it waits for and external tasks waiting for workers.")
    incidents: list[Incident] = Field(description="External tasks that failed with no retries left.")
    last_error: str | None = Field(description="Why the instance needs attention, if it does.")

    @classmethod
    def of(cls, details: InstanceDetails) -> "Instance":
        """Return the answer of an instance's details (its summary's fields at the top level)."""
        data = asdict(details)
        return cls.model_validate({**data.pop("summary"), **data})


class HistoryEvent(Answer):
    """One thing that happened to an instance."""

    seq: int = Field(description="1, 2, 3, ... within the instance.")
    kind: str = Field(description="instance_started, task_ready, task_claimed, task_released, task_reassigned, "
                                  "task_completed, task_cancelled, task_passed, gateway_passed, timer_fired, "
                                  "message_correlated, message_thrown, signal_received, signal_thrown, topic_called, "
                                  "script_ran, condition_met, "
                                  "expression_evaluated, end_reached, instance_completed, instance_cancelled, "
                                  "step_failed, instance_retried, ...")
    element_id: str | None
    actor: str | None
    at: Moment
    data: dict[str, Any] = Field(description="What the event is about; task_completed has task_id, name, changed "
                                             "and previous.")


class History(Answer):
    """An instance's history, oldest event first."""

    instance_id: int
    events: list[HistoryEvent]


class ReplayToken(Answer):
    """Where the instance waited after a step: one token per open task (parallel branches each their own)."""

    element_id: str
    task_id: str | None


class ReplayChange(Answer):
    """A variable a step changed."""

    name: str
    before: Any
    after: Any
    removed: bool = Field(description="True when the step removed the variable.")


class ReplayTimer(Answer):
    """A timer that waited after a step."""

    element_id: str
    name: str
    attached_to: str | None = Field(description="The task it is attached to (a boundary timer).")
    due_at: Moment | None = Field(description="When it was due; null when its expression could not be read.")


class ReplaySla(Answer):
    """The ticket's SLA clock as it stood at a step (staff only)."""

    state: str = Field(json_schema_extra=documented_choices(("on_track", "warning", "breached", "met")))
    paused: bool = Field(description="True while the ticket waited for the requester.")
    time_left_seconds: int = Field(description="Working time left to the deadline that counted next; negative once "
                                               "passed.")
    due_at: Moment


class ReplayArrival(Answer):
    """A note or a mail that arrived on the ticket since the step before."""

    kind: str = Field(json_schema_extra=documented_choices(("note", "mail")))
    at: Moment
    author: str
    text: str
    public: bool


class ReplayStep(Answer):
    """One step of a replay: the history event and what stood after it."""

    seq: int
    kind: str
    kind_words: str
    element_id: str | None
    element_name: str
    actor: str | None
    actor_name: str | None
    at: Moment
    version: int = Field(description="The process version the step ran on (a migration moves it).")
    intervention: bool = Field(description="True for migrations, retries, variable edits, cancellations and other "
                                           "operators' actions.")
    tokens: list[ReplayToken]
    completed: list[str] = Field(description="Elements completed so far.")
    active: list[str] = Field(description="Elements with a token, and the sub-processes holding them.")
    taken: list[str] = Field(description="Sequence flows taken so far, as recorded.")
    changes: list[ReplayChange]
    data: dict[str, Any] = Field(description="The whole data as of this step (what the reader may read).")
    timers: list[ReplayTimer]
    sla: ReplaySla | None
    arrivals: list[ReplayArrival]
    verified: bool = Field(description="True when the event verifies against the keyed hash chain, recomputed now.")
    problem: str | None = Field(description="Why it does not verify.")


class ChainBreakAnswer(Answer):
    """The first event of the case that does not verify."""

    seq: int
    reason: str


class Replay(Answer):
    """An instance's replay, step by step, with the verdict of its hash chain."""

    instance_id: int
    process_id: str
    process_name: str
    business_key: str | None
    ticket: str | None
    verified: bool = Field(description="True when every event verifies and none is missing.")
    first_break: ChainBreakAnswer | None
    steps: list[ReplayStep]
