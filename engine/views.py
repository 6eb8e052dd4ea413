"""Small frozen records the engine hands out; no SpiffWorkflow object leaves engine/."""
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class FieldSpec:
    """One form field as drawn in the diagram (camunda:formField)."""

    id: str
    label: str
    type: str  # string, long, boolean, date, enum
    default: str | None = None
    required: bool = False
    readonly: bool = False
    minlength: int | None = None
    maxlength: int | None = None
    min: float | None = None
    max: float | None = None
    options: tuple[tuple[str, str], ...] = ()  # enum: (value, label)
    # FlowDesk data the values come from ("groups", "categories", "configuration_items"); the app fills
    # an enum's options from it, and checks a string's value exists in it.
    choices: str | None = None
    required_if: str | None = None  # "other_field=value": required when the other field has that value
    future: bool = False  # a date that must be today or later (camunda:property id="flowdesk:future" value="true")
    time: bool = False  # a date with a time of day and zone (camunda:property id="flowdesk:time" value="true")
    multiline: bool = False  # prose: shown as a text area (camunda:property id="flowdesk:multiline" value="true")

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> "FieldSpec":
        """Rebuild a field from to_dict output."""
        return cls(**{**raw, "options": tuple(tuple(option) for option in raw.get("options", []))})

    def to_dict(self) -> dict[str, Any]:
        """Return the field as plain JSON-able data."""
        return {
            "id": self.id, "label": self.label, "type": self.type, "default": self.default,
            "required": self.required, "readonly": self.readonly,
            "minlength": self.minlength, "maxlength": self.maxlength,
            "min": self.min, "max": self.max, "options": [list(o) for o in self.options],
            "choices": self.choices, "required_if": self.required_if, "future": self.future,
            "time": self.time, "multiline": self.multiline,
        }


@dataclass(frozen=True)
class UserTaskView:
    """An open user task with everything the inbox needs."""

    id: str  # the SpiffWorkflow task UUID as a string
    element_id: str
    name: str
    documentation: str | None
    candidate_groups: tuple[str, ...]
    candidate_users: tuple[str, ...]
    assignee: str | None
    priority: int | None
    due_at: datetime | None
    fields: tuple[FieldSpec, ...]
    follow_up_at: datetime | None = None  # camunda:followUpDate: when to look at the task again


@dataclass(frozen=True)
class PendingTimer:
    """A timer the instance waits for, with its next due time (aware UTC)."""

    task_id: str
    element_id: str
    name: str
    kind: str  # date, duration, cycle
    due_at: datetime


@dataclass(frozen=True)
class PendingScript:
    """A script task waiting for its turn to run, with a copy of the data it runs on."""

    task_id: str
    element_id: str
    name: str
    script: str
    data: dict[str, Any]


@dataclass(frozen=True)
class StepEvent:
    """Something that happened inside the engine during one step, for the history."""

    kind: str  # e.g. task_ready, gateway_passed, timer_fired, topic_called, task_cancelled
    element_id: str | None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StartCycle:
    """What is left of a process start event's timer cycle after one firing: the next instance waits on it."""

    element_id: str
    due_at: datetime  # the next firing (aware UTC)
    value: dict[str, Any]  # the engine's cycle state: repetitions left, next moment, period or cron expression


def data_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """Return what a step changed in the data, as the history keeps it: the new values ("changed"), the values
    they replaced ("previous", None for a new name) and the names it removed ("removed"); empty when nothing."""
    changed = {name: value for name, value in after.items() if name not in before or before[name] != value}
    removed = sorted(name for name in before if name not in after)
    if not changed and not removed:
        return {}
    found: dict[str, Any] = {"changed": changed, "previous": {name: before.get(name) for name in changed}}
    if removed:
        found["removed"] = removed
        found["previous"].update({name: before[name] for name in removed})
    return found
