"""The requester portal: processes to start, their start forms, 'my requests' and each request's page."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from app.platform.errors import InvalidValues, NotAllowed, NotFound, StepFailed
from app.servicedesk.portal.catalogue import is_logged_as_ticket, list_portal_offers, start_request
from app.servicedesk.portal.requester_steps import list_waiting_steps
from app.servicedesk.portal.requests import (
    StartForm,
    list_my_requests,
    show_my_request,
    start_form_of,
)
from app.servicedesk.tickets.records import ticket_of_instance
from app.web.desk.task_form import set_form_moment
from app.web.portal import conversation
from app.web.shell import moments
from app.web.shell.paging import page_after
from app.web.shell.session import current_actor, requires_role, select_locale
from app.wiring import current_runtime
from engine.views import FieldSpec
from forms import build_form_class

blueprint = Blueprint("portal", __name__)
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL: larger ones name nothing (404)
# The requester's ticket page lives in app/web/portal/conversation.py; ticket.show hands requesters to it.
blueprint.add_url_rule("/tickets/<number>/steps/<task_id>", "ticket_step", login_required(conversation.ticket_step),
                       methods=["POST"])
blueprint.add_app_template_filter(moments.relative_words, "time_ago")


@blueprint.get("/portal")
@requires_role("requester")
def catalog() -> str:
    """List the processes the requester may start, below what waits for her."""
    actor = current_actor()
    return render_template("portal/catalog.html", processes=list_portal_offers(actor, select_locale()),
                           waiting=list_waiting_steps(actor.login), now=current_runtime().clock.now())


@blueprint.route("/portal/start/<process_id>", methods=["GET", "POST"])
@requires_role("requester")
def start(process_id: str) -> str | Response | tuple[str, int]:
    """Show a process's start form; start the process and go to the new request's page.

    An incident is logged through the full ticket form: its start page sends the requester there.
    """
    if is_logged_as_ticket(process_id):
        return redirect(url_for("ticket.new"))
    try:
        start_form = start_form_of(current_runtime(), process_id, current_actor(), select_locale())
    except NotAllowed as refused:
        return render_template("errors/error.html", title=_("Not allowed"), message=str(refused)), 403
    except NotFound:
        abort(404)
    form = build_form_class(start_form.fields, base=FlaskForm)()
    set_form_moment(form)
    if request.method == "GET":
        return render_start(start_form, form)
    if not form.validate():  # messages in the reader's language, naming fields as the page labels them
        flash(_("The form has errors. Correct the marked fields and submit it again."), "error")
        return render_start(start_form, form), 422
    try:
        instance_id = start_request(current_runtime(), current_actor(), process_id,
                                    submitted_values(start_form.fields, request.form))
    except InvalidValues as refused:
        for field_id, messages in refused.errors.items():
            if field_id in form:
                form[field_id].errors = list(messages)
        flash(_("The form has errors. Correct the marked fields and submit it again."), "error")
        return render_start(start_form, form), 422
    except StepFailed as failed:
        flash(_("Your request was filed, but its first step failed. The service desk has been told."), "warning")
        return redirect(url_for("portal.request", instance_id=failed.instance_id))
    except NotAllowed:
        abort(403)
    except NotFound:
        abort(404)
    ticket = ticket_of_instance(instance_id)
    if ticket is not None:
        flash(_("Your request was filed as %(number)s. You follow it here.", number=ticket.number), "info")
        return redirect(url_for("ticket.show", number=ticket.number))
    flash(_("Your request was filed."), "info")
    return redirect(url_for("portal.request", instance_id=instance_id))


def submitted_values(fields: tuple[FieldSpec, ...], posted: MultiDict[str, str]) -> dict[str, str]:
    """Map the posted form to the editable start fields; an unchecked checkbox (absent) means false."""
    values = {}
    for spec in fields:
        if spec.readonly:
            continue
        values[spec.id] = posted.get(spec.id, "false" if spec.type == "boolean" else "")
    return values


def render_start(start_form: StartForm, form: FlaskForm) -> str:
    """Render the start page of a process."""
    first_editable = next((spec.id for spec in start_form.fields if not spec.readonly), None)
    return render_template("portal/start.html", start_form=start_form, form=form, first_editable=first_editable)


@blueprint.get("/requests")
@requires_role("requester")
def requests() -> str:
    """List what I started, newest first, below what waits for me."""
    after = page_after()
    login = current_actor().login
    found, next_after = list_my_requests(current_runtime(), login, after, locale=select_locale())
    return render_template("portal/requests.html", requests=found, next_after=next_after, paged=after is not None,
                           waiting=list_waiting_steps(login), now=current_runtime().clock.now())


@blueprint.get(f"/requests/<int(max={MAX_ID}):instance_id>", endpoint="request")
@requires_role("requester")
def request_page(instance_id: int) -> str:
    """Show one of my requests with its timeline."""
    try:
        details = show_my_request(current_runtime(), current_actor().login, instance_id, select_locale())
    except NotFound:
        abort(404)
    return render_template("portal/request.html", details=details, item=details.summary)

