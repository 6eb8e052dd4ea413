"""What process owners and admins do to a running instance from its page and the command line: retry it, cancel
it, correct a variable, resolve an outside worker's incident; each recorded in its history as an intervention
(who, when, why, before and after)."""
from typing import Any

from sqlalchemy import select, update

from app.extensions import db
from app.organisation.policies import Actor, check_may_operate_instances
from app.platform.errors import Conflict, InvalidValues, NotFound
from app.platform.limits import long_values
from app.platform.transactions import use_case
from app.workflow.instances.history import NewEvent
from app.workflow.instances.lifecycle import cancel_instance, describe_errors, retry_instance
from app.workflow.instances.repair import diagram_root, field_needed
from app.workflow.models import ExternalTask, ProcessInstance
from app.workflow.outside.incidents import set_external_task_retries
from app.workflow.outside.typed_variables import TYPE_NAMES, BadVariable, typed_value
from app.workflow.runtime import Runtime
from app.workflow.step import (
    append_to_instance,
    definition_for,
    load_run,
    lock_history_head,
    require_instance,
    save_run,
)
from app.workflow.variables import refresh_open_tasks
from engine.errors import EngineError
from forms import validate_values

INTERVENTION = "intervention"  # the history event kind of every intervention
REASON_LENGTH = 2000


def clean_reason(reason: str | None, required: bool = True) -> str:
    """Return the reason stripped; refuse a missing one where it is required and an overlong one always."""
    text = (reason or "").strip()
    if required and not text:
        message = "Write why you do this: the reason is kept in the instance's history."
        raise InvalidValues(message, {"reason": [message]})
    if len(text) > REASON_LENGTH:
        message = f"The reason is {len(text)} characters long; shorten it to {REASON_LENGTH} or fewer."
        raise InvalidValues(message, {"reason": [message]})
    return text


def record_intervention(runtime: Runtime, instance_id: int, actor: Actor, action: str, reason: str,
                        before: Any, after: Any, element_id: str | None = None, **more: Any) -> None:
    """Append an intervention to an instance's history, after what it did."""
    row = lock_history_head(instance_id)
    data = {"action": action, "reason": reason, "before": before, "after": after, **more}
    append_to_instance(row, [NewEvent(INTERVENTION, element_id, data)], actor.login, runtime.clock.now())


@use_case
def retry_as_operator(runtime: Runtime, actor: Actor, instance_id: int, reason: str | None = None) -> str:
    """Retry an instance that needs attention (or the failed outside workers' tasks of a running one); return its
    new status."""
    check_may_operate_instances(actor, f"retry instance {instance_id}")
    why = clean_reason(reason, required=False)
    before = require_instance(instance_id).status
    status = retry_instance(runtime, instance_id, actor.login)
    record_intervention(runtime, instance_id, actor, "retry", why, before, status)
    return status


@use_case
def cancel_as_operator(runtime: Runtime, actor: Actor, instance_id: int, reason: str) -> None:
    """Cancel an instance that has not ended, with the reason kept in its history."""
    check_may_operate_instances(actor, f"cancel instance {instance_id}")
    why = clean_reason(reason)
    before = require_instance(instance_id).status
    cancel_instance(runtime, instance_id, actor.login, why)
    record_intervention(runtime, instance_id, actor, "cancel", why, before, "cancelled")


@use_case
def set_retries_as_operator(runtime: Runtime, actor: Actor, instance_id: int, task_id: str, retries: int,
                            reason: str) -> None:
    """Set the retries of an outside worker's task of an instance: above 0 resolves its incident."""
    check_may_operate_instances(actor, f"set the retries of a task of instance {instance_id}")
    why = clean_reason(reason)
    task = db.session.execute(select(ExternalTask.element_id, ExternalTask.retries).where(
        ExternalTask.id == task_id, ExternalTask.instance_id == instance_id)).first()
    if task is None:
        raise NotFound(f"Instance {instance_id} has no outside worker's task {task_id}; reload the page.")
    set_external_task_retries(runtime, task_id, retries, actor)
    record_intervention(runtime, instance_id, actor, "set_retries", why, task.retries, retries, task.element_id,
                        task_id=task_id)


def value_for(runtime: Runtime, definition_id: int, name: str, type_name: str, text: str, zone: str) -> Any:
    """Read a new value as the diagram needs it (repair.field_needed: its form field, a date and time when a timer
    reads it), else as a value of the chosen type; a date-time without offset is read in the operator's zone."""
    spec = field_needed(definition_for(runtime, definition_id), diagram_root(definition_id), name)
    if spec is not None:
        fields = runtime.choices.live_fields([spec])
        now = runtime.clock.now()
        clean, errors = validate_values(fields, {name: text}, today=now.date(), now=now, zone=zone)
        errors = errors or long_values(clean) or runtime.choices.lookup_errors(fields, clean)
        if errors:
            raise InvalidValues(describe_errors(f"The form field '{spec.label or name}'", errors),
                                {"value": [message for messages in errors.values() for message in messages]})
        return clean.get(name)
    if type_name not in TYPE_NAMES:
        message = f"Choose one of the types {', '.join(TYPE_NAMES)}."
        raise InvalidValues(message, {"type": [message]})
    try:
        return typed_value(name, type_name, text)
    except BadVariable as error:
        raise InvalidValues(str(error), {"value": [str(error)]}) from None


def check_variable_name(name: str) -> str:
    """Return a variable name stripped, refusing an empty or unreadable one."""
    plain = (name or "").strip()
    if not plain.isidentifier():
        message = (f"'{plain}' is not a variable name; use letters, digits and underscores, not starting with a "
                   "digit, as the diagram's expressions read it.")
        raise InvalidValues(message, {"name": [message]})
    return plain


@use_case
def set_variable_as_operator(runtime: Runtime, actor: Actor, instance_id: int, name: str, type_name: str,
                             text: str, reason: str) -> Any:
    """Give a variable of a running or stopped instance a new value, validated like its form field; return it.

    An instance that needs attention keeps that status: the correction is usually what lets a retry succeed.
    """
    check_may_operate_instances(actor, f"change the variables of instance {instance_id}")
    name, why = check_variable_name(name), clean_reason(reason)
    row = require_instance(instance_id)
    if row.status not in ("running", "needs_attention"):
        raise Conflict(f"Instance {instance_id} is {row.status}; only a running instance or one that needs "
                       "attention takes new values.")
    value = value_for(runtime, row.definition_id, name, type_name, text, actor.timezone)
    last_error = db.session.execute(select(ProcessInstance.last_error)
                                    .where(ProcessInstance.id == instance_id)).scalar_one()
    run = load_run(runtime, row)
    before = run.variables().get(name)
    try:
        run.set_variables({name: value})
    except EngineError as error:
        raise Conflict(f"Instance {instance_id} cannot take the new value: {error} Nothing was changed.") from error
    now = runtime.clock.now()
    event = NewEvent(INTERVENTION, None, {"action": "set_variable", "reason": why, "variable": name,
                                          "before": before, "after": value})
    save_run(runtime, row, run, actor.login, now, [event])
    refresh_open_tasks(instance_id, run, now)
    if row.status == "needs_attention":
        keep_needing_attention(instance_id, last_error)
    return value


def keep_needing_attention(instance_id: int, last_error: str | None) -> None:
    """Put back the status and error a save replaced (it marks the instance running and clears its error)."""
    db.session.execute(update(ProcessInstance).where(ProcessInstance.id == instance_id)
                       .values(status="needs_attention", last_error=last_error))
