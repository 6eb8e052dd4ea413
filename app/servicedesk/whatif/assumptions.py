"""What a what-if replay assumes where a draft asks for something a case's history lacks, and says so.

A user task the case never had (a new task, or one a changed id renamed) takes the median time of similar tasks
(those offered to the same group in the period, else every task), and its fields their drawn default, else the
first option of a choice, else an empty value; a required field the person never filled in on a task they did
have is assumed the same way; a service task or outside work the history has no output for gives no output. The
owner can set any of these (and extra start variables); the replay then says "set by you".
"""
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from engine.views import FieldSpec

FALLBACK_SECONDS = 3600.0  # a task's time when the period holds no task to take a median from


@dataclass(frozen=True)
class TaskNeed:
    """A user task the replay must complete without (all of) the person's record."""

    element_id: str
    name: str
    groups: tuple[str, ...]
    fields: tuple[FieldSpec, ...]
    data: Mapping[str, Any]


@dataclass
class AssumptionNote:
    """One assumption a replay used: what it stands for, the value, where the value came from, how many cases."""

    key: str  # duration:<element>, value:<element>:<field>, output:<element>, variable:<name>
    kind: str  # duration, value, output, variable
    element_id: str
    element_name: str
    subject: str  # the field or variable; "" for a duration or an output
    value: Any  # seconds for a duration
    basis: str  # median-group, median-all, fallback, default, first-option, empty, no-output, owner
    sample: int = 0  # how many tasks a median was taken from
    group: str | None = None
    cases: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Overrides:
    """What the owner set: durations by task (seconds), field values by "element:field", extra start variables."""

    durations: Mapping[str, float] = field(default_factory=dict)
    values: Mapping[str, Any] = field(default_factory=dict)
    variables: Mapping[str, Any] = field(default_factory=dict)


class Assumptions:
    """The assumptions of one what-if run, with the notes of those its replays used."""

    def __init__(self, durations_by_group: Mapping[str, Sequence[float]], overrides: Overrides) -> None:
        self.by_group = {group: sorted(values) for group, values in durations_by_group.items() if values}
        self.everything = sorted(value for values in durations_by_group.values() for value in values)
        self.overrides = overrides
        self.notes: dict[str, AssumptionNote] = {}
        self.case_id = 0  # the case being replayed, to count the cases each assumption touched

    @property
    def variables(self) -> dict[str, Any]:
        """Return the start variables the owner added to every case."""
        return dict(self.overrides.variables)

    def note(self, note: AssumptionNote) -> str:
        """Keep a note (once per key) and count the current case on it; return its key."""
        kept = self.notes.setdefault(note.key, note)
        kept.cases.add(self.case_id)
        return kept.key

    def for_new_task(self, need: TaskNeed) -> tuple[float, dict[str, Any], set[str]]:
        """Return the time and the values of a task the case never had, and the keys of the assumptions used."""
        seconds, key = self.duration_of(need)
        values, keys = self.values_of(need, [spec for spec in need.fields if not spec.readonly], {})
        return seconds, values, keys | {key}

    def for_missing_fields(self, need: TaskNeed, given: Mapping[str, Any]) -> tuple[dict[str, Any], set[str]]:
        """Return values for the required fields the person's record and the data lack, and the keys used."""
        lacking = [spec for spec in need.fields if spec.required and not spec.readonly and spec.id not in given
                   and need.data.get(spec.id) in (None, "")]
        return self.values_of(need, lacking, given)

    def duration_of(self, need: TaskNeed) -> tuple[float, str]:
        """Return a new task's time: the owner's, else the median of its group's tasks, else of every task."""
        key = f"duration:{need.element_id}"
        if need.element_id in self.overrides.durations:
            seconds = float(self.overrides.durations[need.element_id])
            return seconds, self.note(AssumptionNote(key, "duration", need.element_id, need.name, "", seconds,
                                                     "owner"))
        group = next((group for group in need.groups if group in self.by_group), None)
        if group is not None:
            values = self.by_group[group]
            return median(values), self.note(AssumptionNote(key, "duration", need.element_id, need.name, "",
                                                            median(values), "median-group", len(values), group))
        if self.everything:
            return median(self.everything), self.note(AssumptionNote(
                key, "duration", need.element_id, need.name, "", median(self.everything), "median-all",
                len(self.everything)))
        return FALLBACK_SECONDS, self.note(AssumptionNote(key, "duration", need.element_id, need.name, "",
                                                          FALLBACK_SECONDS, "fallback"))

    def values_of(self, need: TaskNeed, fields: Sequence[FieldSpec],
                  given: Mapping[str, Any]) -> tuple[dict[str, Any], set[str]]:
        """Return an assumed value for each field, and the keys of the notes that say so."""
        values, keys = {}, set()
        for spec in fields:
            if spec.id in given:
                continue
            value, basis = self.value_of(need.element_id, spec)
            values[spec.id] = value
            keys.add(self.note(AssumptionNote(f"value:{need.element_id}:{spec.id}", "value", need.element_id,
                                              need.name, spec.id, value, basis)))
        return values, keys

    def value_of(self, element_id: str, spec: FieldSpec) -> tuple[Any, str]:
        """Return a field's assumed value and where it came from."""
        owned = f"{element_id}:{spec.id}"
        if owned in self.overrides.values:
            return self.overrides.values[owned], "owner"
        if spec.default not in (None, ""):
            return typed(spec, str(spec.default)), "default"
        if spec.type == "enum" and spec.options:
            return spec.options[0][0], "first-option"
        return typed(spec, ""), "empty"

    def note_output(self, element_id: str) -> str:
        """Note that a service task ran without a recorded output (it gave none); return the key."""
        return self.note(AssumptionNote(f"output:{element_id}", "output", element_id, element_id, "", {},
                                        "no-output"))


def typed(spec: FieldSpec, text: str) -> Any:
    """Return a field value as its type holds it: a boolean, a number, else the text."""
    if spec.type == "boolean":
        return text.strip().lower() in ("true", "1", "yes")
    if spec.type == "long":
        try:
            return int(text)
        except ValueError:
            return 0
    return text
