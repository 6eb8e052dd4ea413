"""A requester's ticket page: the conversation with the desk, her open step (answer, confirm) inline, and the
satisfaction survey's button while it waits for her.

The step completes through the one task use case (app.workflow.tasks.actions.complete_task) with the form its
diagram draws; only the page differs from the task page staff use. The views are registered on the portal
blueprint (endpoint portal.ticket_step) by app/web/portal/pages.py.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from app.organisation.policies import Actor
from app.platform.errors import InvalidValues, NotAllowed, NotFound, StepFailed, TaskAlreadyFinished
from app.servicedesk.catalogue.progress import request_progress
from app.servicedesk.desk.ticket_page import TicketPage, ticket_page
from app.servicedesk.portal.conversation import ticket_conversation
from app.servicedesk.portal.request_timeline import step_kind
from app.servicedesk.portal.requester_steps import my_step_on_ticket
from app.servicedesk.processes.case_replay import may_replay
from app.servicedesk.surveys.answers import survey_waits_for
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.visibility import find_visible_ticket
from app.web.desk.task_form import STEP_FAILED_STATUS, closed_message, submitted_values, task_form
from app.web.shell.session import current_actor, select_locale
from app.wiring import current_runtime
from app.workflow.tasks.actions import complete_task
from app.workflow.tasks.details import TaskDetails, task_in_language

RULE_WORDS = {"line_manager": _l("line manager"), "department_head": _l("department head"),
              "cost_centre_owner": _l("cost-centre owner"), "ci_owner": _l("system owner")}
KIND_WORDS = {"incident": _l("Incident"), "request": _l("Service request"), "change": _l("Change")}
SENT_WORDS = {"answer": _l("Your answer was sent."), "confirm": _l("Thank you: your reply was sent."),
              "other": _l("Done: it was sent.")}


def render_requester_ticket(ticket: Ticket, page: TicketPage, form: FlaskForm | None = None,
                            step: TaskDetails | None = None, status: int = 200) -> tuple[str, int]:
    """Render a ticket for its requester: the conversation, and her open step's form (or the one just sent)."""
    actor = current_actor()
    step = step or my_step_in_language(actor, ticket)
    if step is not None and form is None:
        form = task_form(step)
    kind = step_kind(spec.id for spec in step.fields) if step else None
    first_editable = next((spec.id for spec in step.fields if not spec.readonly), None) if step else None
    return render_template(
        "ticket/requester.html", page=page, t=ticket, kind_words=KIND_WORDS.get(ticket.kind, ticket.kind),
        conversation=ticket_conversation(ticket, actor.login), step=step, step_kind=kind, form=form,
        first_editable=first_editable, may_replay=may_replay(actor, ticket.instance_id),
        progress=request_progress(ticket, select_locale()), rule_words=RULE_WORDS,
        survey_waiting=survey_waits_for(actor.login, ticket.id)), status


def my_step_in_language(actor: Actor, ticket: Ticket) -> TaskDetails | None:
    """Return the requester's open step on a ticket with its words in her language, or None."""
    step = my_step_on_ticket(current_runtime(), actor, ticket)
    return task_in_language(step, select_locale()) if step is not None else None


def visible_ticket(number: str) -> Ticket:
    """Return the ticket if the signed-in user may see it; 404 alike for unknown and invisible ones."""
    try:
        return find_visible_ticket(current_actor(), number)
    except NotFound:
        abort(404)


def ticket_step(number: str, task_id: str) -> Response | tuple[str, int]:
    """Complete the requester's open step of a ticket from its page; refused values show the page again."""
    ticket = visible_ticket(number)
    runtime, actor = current_runtime(), current_actor()
    step = my_step_in_language(actor, ticket)
    back = redirect(url_for("ticket.show", number=ticket.number) + "#conversation")
    if step is None or step.id != task_id:  # not hers, or done meanwhile: say so, change nothing
        flash(closed_message(task_id) or _("There is nothing waiting for you on this ticket."), "error")
        return back
    try:
        complete_task(runtime, step.id, actor.login, submitted_values(step.fields, request.form))
    except InvalidValues as invalid:
        return refused_step(ticket, step, invalid)
    except StepFailed as failed:
        flash(_("Your reply was not sent because the next step failed: %(message)s", message=str(failed)), "error")
        page = ticket_page(ticket, actor, runtime.clock.now())
        return render_requester_ticket(ticket, page, task_form(step, request.form), step, STEP_FAILED_STATUS)
    except NotAllowed:
        abort(403)
    except (TaskAlreadyFinished, NotFound):
        flash(closed_message(step.id) or _("There is nothing waiting for you on this ticket."), "warning")
        return back
    flash(str(SENT_WORDS[step_kind(spec.id for spec in step.fields)]), "info")
    return back


def refused_step(ticket: Ticket, step: TaskDetails, invalid: InvalidValues) -> tuple[str, int]:
    """Show the ticket again with the step's form as it was sent and each refusal beside its field."""
    form = task_form(step, request.form)
    for field_id, messages in invalid.errors.items():
        if field_id in form:
            form[field_id].errors = list(messages)
    flash(_("Your reply was not sent. Correct the marked fields and send it again."), "error")
    page = ticket_page(ticket, current_actor(), current_runtime().clock.now())
    return render_requester_ticket(ticket, page, form, step, 422)
