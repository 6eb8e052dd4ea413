"""The task page: the form drawn in the diagram, completing it, and handing the task to someone else.

The views are registered on the inbox blueprint (endpoints inbox.task and inbox.reassign).
"""
from datetime import date, datetime
from typing import Any

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from app.knowledge.articles import suggest_articles
from app.organisation.people import display_names
from app.organisation.policies import is_staff, may_use_inbox
from app.platform.errors import InvalidValues, NotAllowed, NotFound, RefusedOnRecord, StepFailed, TaskAlreadyFinished
from app.servicedesk.desk.task_records import task_record
from app.servicedesk.problem.known_errors import search_known_errors
from app.servicedesk.tickets.records import ticket_of_instance
from app.web.shell.session import current_actor, localtime, select_locale
from app.wiring import current_runtime
from app.workflow.tasks.actions import complete_task, reassign_task
from app.workflow.tasks.details import (
    TaskDetails,
    closed_task,
    is_open,
    reassign_choices,
    show_task,
    task_in_language,
)
from app.workflow.tasks.tasklist import urgency
from engine.views import FieldSpec
from forms import build_form_class
from forms.fields import read_moment, zone_named

# A step that failed after the form was accepted is no fault of the server's: the instance waits in needs_attention
# with the error in its history for a process owner to correct, and the page says so (409: the instance's state).
STEP_FAILED_STATUS = 409


def task(task_id: str) -> str | Response | tuple[str, int]:
    """Show a task's form, or complete the task with the submitted values.

    A requester's own step on her ticket (answer, confirm, rate) is worked on the ticket page: she is sent there.
    """
    details = task_in_language(task_or_refusal(task_id), select_locale())
    if request.method == "POST":
        return complete(details)
    ticket = ticket_of_instance(details.instance_id)
    if ticket is not None and details.assignee == current_actor().login and not is_staff(current_actor()):
        return redirect(url_for("ticket.show", number=ticket.number) + "#step")
    return render_task(details, task_form(details))


def task_or_refusal(task_id: str) -> TaskDetails:
    """Return the open task for the signed-in user; stop with 404, 403 or the closed-task page."""
    try:
        return show_task(current_runtime(), task_id, current_actor())
    except NotAllowed:
        abort(403)
    except NotFound:
        abort(closed_page(task_id))


def complete(details: TaskDetails) -> str | Response | tuple[str, int]:
    """Complete the task; on refused values or a failed step show the form again with what was entered.

    The form checks the values first, so its messages speak the reader's language and name the fields as
    the page labels them; the use case checks them again.
    """
    form = task_form(details, request.form)
    if not form.validate():
        flash(_("The task was not completed. Correct the marked fields and submit again."), "error")
        return render_task(details, form), 422
    try:
        complete_task(current_runtime(), details.id, current_actor().login,
                      submitted_values(details.fields, request.form))
    except InvalidValues as invalid:
        form = task_form(details, request.form)
        for field_id, messages in invalid.errors.items():
            if field_id in form:
                form[field_id].errors = list(messages)
        flash(_("The task was not completed. Correct the marked fields and submit again."), "error")
        return render_task(details, form), 422
    except StepFailed as failed:
        flash(_("The task was not completed: the step after it failed (%(cause)s), so the instance now needs "
                "attention. Process owners find it among the instances that need attention and can correct it; what "
                "you entered is kept below, so complete the task again once they have.", cause=failed.cause),
              "error")
        return render_task(details, task_form(details, request.form)), STEP_FAILED_STATUS
    except RefusedOnRecord:
        flash(_("You may not decide on this approval: it excludes the people who requested or own what is decided, "
                "and the history now records that you tried. Ask a lead to hand the task to another member."), "error")
        return render_task(details, task_form(details, request.form)), 403
    except NotAllowed:
        abort(403)
    except (TaskAlreadyFinished, NotFound):
        return closed_page(details.id)
    flash(_("Task completed."), "info")
    return redirect(after_completion(details))


def after_completion(details: TaskDetails) -> str:
    """Return where to go once a task is done: its ticket, else the inbox (agents) or My requests."""
    ticket = ticket_of_instance(details.instance_id)
    if ticket is not None:
        return url_for("ticket.show", number=ticket.number)
    return url_for("inbox.mine") if may_use_inbox(current_actor()) else url_for("portal.requests")


def submitted_values(fields: tuple[FieldSpec, ...], form: MultiDict[str, str]) -> dict[str, str]:
    """Map the posted form to the task's editable fields; an unchecked checkbox (absent) means false."""
    values = {}
    for spec in fields:
        if spec.readonly:
            continue
        if spec.type == "boolean":
            values[spec.id] = form.get(spec.id, "false")
        elif spec.id in form:
            values[spec.id] = form[spec.id]
    return values


def task_form(details: TaskDetails, formdata: MultiDict[str, str] | None = None) -> FlaskForm:
    """Build the task's form: the current values (or the diagram's defaults), or what was just entered."""
    form_class = build_form_class(details.fields, base=FlaskForm)
    form: FlaskForm = form_class(formdata=formdata, data=initial_data(details))
    set_form_moment(form)
    return form


def set_form_moment(form: FlaskForm) -> None:
    """Give a form the moment and zone its date fields are checked in: the reader's zone reads a date-time
    without offset, and a future date (date-time) may not be before today (now)."""
    now = current_runtime().clock.now()
    form.today, form.now, form.zone = now.date(), now, current_actor().timezone


def initial_data(details: TaskDetails) -> dict[str, Any]:
    """Convert the instance's current values to what the form's fields hold; unreadable values are left out."""
    data: dict[str, Any] = {}
    for spec in details.fields:
        if spec.id not in details.values:
            continue
        try:
            data[spec.id] = field_data(spec, details.values[spec.id])
        except (TypeError, ValueError):
            continue
    return data


def field_data(spec: FieldSpec, value: Any) -> Any:
    """Return a stored JSON value as a field's data (dates as date, whole numbers as int)."""
    if value is None:
        return None
    if spec.type == "date" and spec.time:
        return local_moment(value)
    if spec.type == "date":
        return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    if spec.type == "long":
        return int(value)
    if spec.type == "boolean":
        return bool(value)
    return str(value)


def local_moment(value: Any) -> datetime:
    """Return a stored date-time as the reader's wall-clock time (what a date-time input shows); raise ValueError
    for a value that is not one."""
    moment = read_moment(str(value))
    if moment is None:
        raise ValueError(f"{value!r} is not a date and time.")
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(zone_named(current_actor().timezone)).replace(tzinfo=None)


def render_task(details: TaskDetails, form: FlaskForm) -> str:
    """Render the task page."""
    choices = reassign_choices(details) if details.may_reassign else []
    first_editable = next((spec.id for spec in details.fields if not spec.readonly), None)
    ticket = ticket_of_instance(details.instance_id)
    suggestions = suggest_articles(ticket.title, ticket.description, limit=5) \
        if ticket and may_use_inbox(current_actor()) else []
    known_errors = search_known_errors(current_actor(), f"{ticket.title} {ticket.description}", ticket.ci_id) \
        if ticket and ticket.kind == "incident" and may_use_inbox(current_actor()) else []
    now = current_runtime().clock.now()
    record = task_record(details, select_locale(), now)
    shown = {fact.name for fact in record}
    # a read-only field the record already shows is not repeated in the form
    visible = [spec for spec in details.fields if not (spec.readonly and spec.id in shown)]
    people = approval_people(details)
    return render_template("inbox/task.html", task=details, form=form, login=current_actor().login, people=people,
                           reassign_choices=choices, first_editable=first_editable, record=record,
                           visible_fields=visible, ticket_number=ticket.number if ticket else None,
                           suggestions=suggestions, known_errors=known_errors, urgency=urgency(details.due_at, now))


def approval_people(details: TaskDetails) -> dict[str, str]:
    """Return the display names of the people an approval's decisions name, by login (none for other tasks)."""
    if details.approval is None:
        return {}
    return display_names({login for decision in details.approval.decisions
                          for login in (decision.member, decision.decided_by)} | {details.approval.member})


def closed_message(task_id: str) -> str | None:
    """Say how a task that is no longer open ended; None when no task ever had this id."""
    closed = closed_task(task_id)
    if closed is None:
        return None
    if closed.completed:
        return _("This task was already completed by %(who)s at %(when)s.",
                 who=closed.actor_name or closed.actor or _("someone"), when=localtime(closed.at))
    return _("This task was cancelled at %(when)s, so it can no longer be worked on.", when=localtime(closed.at))


def closed_page(task_id: str) -> Response:
    """Return the page for a task completed or cancelled meanwhile (409), or 404 for an unknown id."""
    message = closed_message(task_id)
    if message is None:
        abort(404)
    return make_response(render_template("inbox/closed.html", message=message), 409)


def reassign(task_id: str) -> Response:
    """Hand a task to the chosen person (admins and leads of its groups) and go back to its page."""
    login = (request.form.get("other_login") or "").strip() or (request.form.get("new_assignee") or "").strip()
    back = redirect(url_for("inbox.task", task_id=task_id))
    if not login:
        flash(_("Choose the person who should get this task."), "error")
        return back
    try:
        reassign_task(current_runtime(), task_id, current_actor(), login, (request.form.get("reason") or "").strip())
    except NotAllowed:
        abort(403)
    except TaskAlreadyFinished:
        return closed_page(task_id)
    except NotFound:
        if not is_open(task_id):
            return closed_page(task_id)
        flash(_("There is no active user '%(login)s'. Check the login and try again.", login=login), "error")
        return back
    flash(_("Task reassigned to %(login)s.", login=login), "info")
    return back
