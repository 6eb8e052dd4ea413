"""The requester portal: processes to start, their start forms, 'my requests' and each request's page."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from app.platform.errors import InvalidValues, NotFound, StepFailed
from app.servicedesk.requests import (
    StartForm,
    list_my_requests,
    show_my_request,
    start_form_of,
)
from app.web.shell.paging import page_after
from app.web.shell.session import current_actor, requires_role, select_locale
from app.wiring import current_runtime
from app.workflow.catalog import list_startable_processes
from app.workflow.instances.lifecycle import start_instance
from engine.views import FieldSpec
from forms import build_form_class

blueprint = Blueprint("portal", __name__)
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL: larger ones name nothing (404)


@blueprint.get("/portal")
@requires_role("requester")
def catalog() -> str:
    """List the processes a requester may start."""
    return render_template("portal/catalog.html", processes=list_startable_processes(select_locale()))


@blueprint.route("/portal/start/<process_id>", methods=["GET", "POST"])
@requires_role("requester")
def start(process_id: str) -> str | Response | tuple[str, int]:
    """Show a process's start form; start the process and go to the new request's page."""
    try:
        start_form = start_form_of(current_runtime(), process_id, select_locale())
    except NotFound:
        abort(404)
    form = build_form_class(start_form.fields, base=FlaskForm)()
    form.today = current_runtime().clock.now().date()  # the date a future date may not be before
    if request.method == "GET":
        return render_start(start_form, form)
    if not form.validate():  # messages in the reader's language, naming fields as the page labels them
        flash(_("The form has errors. Correct the marked fields and submit it again."), "error")
        return render_start(start_form, form), 422
    try:
        instance_id = start_instance(current_runtime(), process_id, submitted_values(start_form.fields, request.form),
                                     actor=current_actor().login)
    except InvalidValues as refused:
        for field_id, messages in refused.errors.items():
            if field_id in form:
                form[field_id].errors = list(messages)
        flash(_("The form has errors. Correct the marked fields and submit it again."), "error")
        return render_start(start_form, form), 422
    except StepFailed as failed:
        flash(_("Your request was filed, but its first step failed. The service desk has been told."), "warning")
        return redirect(url_for("portal.request", instance_id=failed.instance_id))
    except NotFound:
        abort(404)
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
    """List what I started, newest first."""
    after = page_after()
    found, next_after = list_my_requests(current_runtime(), current_actor().login, after)
    return render_template("portal/requests.html", requests=found, next_after=next_after, paged=after is not None)


@blueprint.get(f"/requests/<int(max={MAX_ID}):instance_id>", endpoint="request")
@requires_role("requester")
def request_page(instance_id: int) -> str:
    """Show one of my requests with its timeline."""
    try:
        details = show_my_request(current_runtime(), current_actor().login, instance_id)
    except NotFound:
        abort(404)
    return render_template("portal/request.html", details=details, item=details.summary)

