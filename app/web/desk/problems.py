"""The problem pages: the list of problems with the suggested ones, opening a problem, and what a problem manager
does on a problem's ticket page (root cause and workaround, publishing it, the known error, linking incidents)."""
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.cmdb.items import ci_named
from app.organisation.policies import may_manage_problems, may_see_problems
from app.platform.errors import InvalidValues, NotAllowed, ServiceError
from app.platform.limits import NOTE_MAX, TICKET_DESCRIPTION_MAX, TICKET_TITLE_MAX
from app.servicedesk.problem import known_errors, problems, suggestions, workarounds
from app.servicedesk.problem.flow import STAGES
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.status_words import status_in_words
from app.web.shell.session import current_actor
from app.wiring import current_runtime

blueprint = Blueprint("problems", __name__)
STAGE_WORDS = {"new": _l("New"), "assess": _l("Assess"), "analysis": _l("Root cause analysis"), "fix": _l("Fix"),
               "resolved": _l("Resolved"), "closed": _l("Closed")}


class ProblemForm(FlaskForm):
    """Open a problem."""

    title = StringField(_l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=TICKET_TITLE_MAX)])
    description = TextAreaField(_l("Description"), validators=[Length(max=TICKET_DESCRIPTION_MAX)])
    ci = StringField(_l("Affected configuration item"), validators=[Optional(), Length(max=200)])


class ProblemFieldsForm(FlaskForm):
    """Change a problem's root cause and workaround."""

    root_cause = TextAreaField(_l("Root cause"), validators=[Length(max=NOTE_MAX)])
    workaround = TextAreaField(_l("Workaround"), validators=[Length(max=NOTE_MAX)])


class KnownErrorForm(FlaskForm):
    """Record the known error of a problem."""

    symptom = TextAreaField(_l("Symptom"), validators=[DataRequired(_l("Describe the symptom.")), Length(max=NOTE_MAX)])
    cause = TextAreaField(_l("Cause"), validators=[DataRequired(_l("Describe the cause.")), Length(max=NOTE_MAX)])
    workaround = TextAreaField(_l("Workaround"), validators=[DataRequired(_l("Describe the workaround.")),
                                                             Length(max=NOTE_MAX)])
    cis = StringField(_l("Affected configuration items (names, separated by commas)"),
                      validators=[Optional(), Length(max=2000)])


class LinkIncidentForm(FlaskForm):
    """Link an incident to the problem."""

    incident = StringField(_l("Incident number"), validators=[DataRequired(_l("Enter an incident number.")),
                                                              Length(max=40)])


def require_reader() -> None:
    """Stop whoever may not see problems (404: they may not know the page exists)."""
    if not may_see_problems(current_actor()):
        abort(404)


@blueprint.get("/problems")
@login_required
def index() -> str:
    """List the problems, newest first, and the problems FlowDesk suggests from clusters of incidents."""
    require_reader()
    actor = current_actor()
    stage = request.args.get("stage") or None
    rows = problems.list_problems(actor, stage=stage if stage in STAGES else None, limit=200)
    may_manage = may_manage_problems(actor)
    return render_template("problem/index.html", rows=rows, stage=stage, stages=STAGES, stage_words=STAGE_WORDS,
                           form=ProblemForm(), may_manage=may_manage,
                           suggestions=suggestions.open_suggestions() if may_manage else [])


@blueprint.post("/problems")
@login_required
def open_problem() -> Response | tuple[str, int]:
    """Open a problem and go to its page (whoever may not is refused by the service, as the API refuses them)."""
    form = ProblemForm()
    if not form.validate():
        flash(_("The problem was not opened: give it a title."), "error")
        return redirect(url_for("problems.index"))
    try:
        ticket = problems.open_problem(current_runtime(), current_actor(), form.title.data or "",
                                       form.description.data or "", ci_id=ci_id_named(form.ci.data))
    except NotAllowed as refused:
        return render_template("errors/error.html", title=_("Not allowed"), message=str(refused)), 403
    except ServiceError as error:
        flash(str(error), "error")
        return redirect(url_for("problems.index"))
    flash(_("Problem %(number)s was opened.", number=ticket.number), "info")
    return redirect(url_for("ticket.show", number=ticket.number))


def ci_id_named(name: str | None) -> int | None:
    """Return the id of the CI with this name, None for no name; refuse an unknown one."""
    if not name or not name.strip():
        return None
    found = ci_named(name)
    if found is None:
        raise InvalidValues(f"There is no configuration item called '{name.strip()}'; check the name.",
                            {"ci": ["Unknown configuration item."]})
    return found.id


def ci_ids_named(names: str | None) -> list[int]:
    """Return the ids of the CIs named in a comma-separated list; refuse an unknown name."""
    found = [ci_id_named(name) for name in (names or "").split(",") if name.strip()]
    return [ci_id for ci_id in found if ci_id is not None]


def problem_panel(ticket: Ticket) -> dict[str, Any] | None:
    """Return what the ticket page shows of a problem: its record, known error, incidents and forms."""
    if ticket.kind != "problem":
        return None
    actor = current_actor()
    view = problems.problem_view(actor, ticket.number)
    names = known_errors.ci_names_of([view.known_error.id]) if view.known_error else {}
    known = view.known_error
    statuses = {incident.id: status_in_words(actor, incident.status, incident.requester) for incident in view.incidents}
    return {"view": view, "stage_words": STAGE_WORDS, "may_manage": may_manage_problems(actor), "statuses": statuses,
            "fields_form": ProblemFieldsForm(data={"root_cause": view.record.root_cause or "",
                                                   "workaround": view.record.workaround or ""}),
            "known_form": KnownErrorForm(data={
                "symptom": known.symptom if known else "", "cause": known.cause if known else view.record.root_cause,
                "workaround": known.workaround if known else view.record.workaround,
                "cis": ", ".join(names.get(known.id, ())) if known else ""}),
            "known_cis": names.get(known.id, ()) if known else (), "link_form": LinkIncidentForm()}


def back_to(number: str, anchor: str = "#problem") -> Response:
    """Return to the problem's ticket page."""
    return redirect(url_for("ticket.show", number=number) + anchor)


@blueprint.post("/problems/<number>/fields")
@login_required
def change_fields(number: str) -> Response:
    """Save the root cause and the workaround."""
    require_reader()
    form = ProblemFieldsForm()
    if not form.validate():
        flash(_("The problem was not changed: the texts are too long."), "error")
        return back_to(number)
    try:
        problems.update_problem(current_runtime(), current_actor(), number,
                                {"root_cause": form.root_cause.data, "workaround": form.workaround.data})
    except ServiceError as error:
        flash(str(error), "error")
    else:
        flash(_("The root cause and the workaround were saved."), "info")
    return back_to(number)


@blueprint.post("/problems/<number>/publish")
@login_required
def publish(number: str) -> Response:
    """Publish the workaround to the open linked incidents."""
    require_reader()
    try:
        done = workarounds.publish_workaround(current_runtime(), current_actor(), number)
    except ServiceError as error:
        flash(str(error), "error")
    else:
        flash(_("The workaround was published to %(count)d open incidents; %(told)d assignees were told.",
                count=len(done.incidents), told=len(done.told)), "info")
    return back_to(number)


@blueprint.post("/problems/<number>/known-error")
@login_required
def record_known_error(number: str) -> Response:
    """Record the known error with its affected CIs."""
    require_reader()
    form = KnownErrorForm()
    if not form.validate():
        flash(_("The known error was not recorded: fill in the symptom, the cause and the workaround."), "error")
        return back_to(number)
    try:
        known_errors.record_known_error(current_runtime(), current_actor(), number, form.symptom.data or "",
                                        form.cause.data or "", form.workaround.data or "", ci_ids_named(form.cis.data))
    except ServiceError as error:
        flash(str(error), "error")
    else:
        flash(_("The known error was recorded."), "info")
    return back_to(number)


@blueprint.post("/problems/<number>/incidents")
@login_required
def link_incident(number: str) -> Response:
    """Link an incident to the problem."""
    require_reader()
    form = LinkIncidentForm()
    if not form.validate():
        flash(_("Enter an incident number."), "error")
        return back_to(number)
    try:
        problems.link_incident(current_actor(), number, form.incident.data or "")
    except ServiceError as error:
        flash(str(error), "error")
    else:
        flash(_("The incident was linked to the problem."), "info")
    return back_to(number)


@blueprint.post("/problems/suggestions/<int:suggestion_id>/accept")
@login_required
def accept_suggestion(suggestion_id: int) -> Response:
    """Open the suggested problem with its incidents linked, and go to it."""
    require_reader()
    try:
        ticket = suggestions.accept_suggestion(current_runtime(), current_actor(), suggestion_id)
    except ServiceError as error:
        flash(str(error), "error")
        return redirect(url_for("problems.index"))
    flash(_("Problem %(number)s was opened.", number=ticket.number), "info")
    return redirect(url_for("ticket.show", number=ticket.number))


@blueprint.post("/problems/suggestions/<int:suggestion_id>/dismiss")
@login_required
def dismiss_suggestion(suggestion_id: int) -> Response:
    """Dismiss a suggested problem."""
    require_reader()
    try:
        suggestions.dismiss_suggestion(current_runtime(), current_actor(), suggestion_id)
    except ServiceError as error:
        flash(str(error), "error")
    else:
        flash(_("The suggestion was dismissed."), "info")
    return redirect(url_for("problems.index"))
