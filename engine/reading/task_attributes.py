"""Evaluate a user task's camunda attributes (candidates, assignee, due date, priority) and form."""
from datetime import UTC, datetime, timedelta
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

from engine import clock as engine_clock
from engine.evaluation.dialect import is_expression
from engine.evaluation.expressions import evaluate
from engine.reading.form_fields import FUTURE_PROPERTY, MULTILINE_PROPERTY, TIME_PROPERTY
from engine.views import FieldSpec, UserTaskView


def fields_of(task_spec: Any) -> tuple[FieldSpec, ...]:
    """Return the form fields drawn on a task spec, cached on the spec object itself."""
    cached = getattr(task_spec, "_flowdesk_fields", None)
    if cached is None:
        extensions = getattr(task_spec, "extensions", None) or {}
        cached = tuple(field_spec(raw) for raw in extensions.get("form_fields", []))
        task_spec._flowdesk_fields = cached
    return cached


def field_spec(raw: dict[str, Any]) -> FieldSpec:
    """Build a FieldSpec from the parser's plain field dict."""
    constraints = raw.get("constraints", {})

    def number(name: str) -> float | None:
        value = constraints.get(name)
        return float(value) if value not in (None, "") else None

    def whole(name: str) -> int | None:
        value = number(name)
        return int(value) if value is not None else None

    return FieldSpec(
        id=raw["id"], label=raw.get("label") or raw["id"], type=raw.get("type") or "string",
        default=raw.get("default"),
        required=is_set(constraints, "required"), readonly=is_set(constraints, "readonly"),
        minlength=whole("minlength"), maxlength=whole("maxlength"), min=number("min"), max=number("max"),
        options=tuple((value, label) for value, label in raw.get("options", [])),
        choices=raw.get("properties", {}).get("choices") or None,
        required_if=constraints.get("required_if") or None,
        future=is_flag_on(raw, FUTURE_PROPERTY),
        time=is_flag_on(raw, TIME_PROPERTY),
        multiline=is_flag_on(raw, MULTILINE_PROPERTY),
    )


def is_flag_on(raw: dict[str, Any], name: str) -> bool:
    """Say whether a field's property of this name says true."""
    return str(raw.get("properties", {}).get(name, "")).strip().lower() == "true"


def is_set(constraints: dict[str, Any], name: str) -> bool:
    """Say whether a flag constraint is present and not explicitly false."""
    if name not in constraints:
        return False
    config = constraints[name]
    return config is None or str(config).strip().lower() not in ("false", "0", "no")


def user_task_view(task: Any, now: datetime) -> UserTaskView:
    """Describe a READY user task, evaluating its attribute expressions against its data (dateTime() is `now`)."""
    token = engine_clock.use_clock(engine_clock.FixedClock(now))
    try:
        return _user_task_view(task, now)
    finally:
        engine_clock.reset_clock(token)


def _user_task_view(task: Any, now: datetime) -> UserTaskView:
    spec = task.task_spec
    extensions = getattr(spec, "extensions", None) or {}
    data = task.data
    priority = attribute_value(extensions.get("priority"), data)
    return UserTaskView(
        id=str(task.id),
        element_id=spec.bpmn_id,
        name=spec.bpmn_name or spec.bpmn_id,
        documentation=spec.documentation,
        candidate_groups=name_list(attribute_value(extensions.get("candidate_groups"), data)),
        candidate_users=name_list(attribute_value(extensions.get("candidate_users"), data)),
        assignee=(str(attribute_value(extensions.get("assignee"), data) or "").strip() or None),
        priority=int(priority) if priority not in (None, "") else None,
        due_at=due_at_from(attribute_value(extensions.get("due_date"), data), now),
        follow_up_at=due_at_from(attribute_value(extensions.get("follow_up_date"), data), now),
        fields=fields_of(spec),
    )


def attribute_value(text: str | None, data: dict[str, Any]) -> Any:
    """Return a literal attribute as is, or the value of a ${...} or #{...} expression."""
    if text is None:
        return None
    stripped = text.strip()
    if is_expression(stripped):
        return evaluate(stripped, data)
    return stripped


def name_list(value: Any) -> tuple[str, ...]:
    """Turn 'a, b' or ['a', 'b'] into a tuple of names."""
    if value is None:
        return ()
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    return tuple(name for name in (str(item).strip() for item in items) if name)


def due_at_from(value: Any, now: datetime) -> datetime | None:
    """Read camunda:dueDate or camunda:followUpDate: an ISO date-time, or an ISO duration counted from now."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    text = str(value).strip()
    if text.startswith("P"):
        parsed = TimerEventDefinition.parse_iso_duration(text)
        delta: timedelta = TimerEventDefinition.get_timedelta_from_start(parsed, now)
        return now + delta
    return TimerEventDefinition.get_datetime(text)
