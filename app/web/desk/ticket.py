"""One ticket: logging it, its page, and what people add to it (notes, files, watchers, links, priority).

The flow's own steps (classify, accept, resolve, confirm, rate) are task forms (inbox.task); this page
shows which are open and links to those the viewer may work.
"""
import io
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, MultipleFileField
from werkzeug.wrappers import Response
from wtforms import IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.cmdb.items import ci_named
from app.knowledge import articles as knowledge
from app.messaging.mail.bounces import mark_of_person
from app.organisation.policies import check_may_write, may_clear_bounce, may_use_inbox
from app.platform.errors import Conflict, InvalidValues, NotAllowed, NotFound, ServiceError
from app.platform.limits import NOTE_MAX, REASON_MAX, TICKET_DESCRIPTION_MAX, TICKET_TITLE_MAX
from app.service_levels.policies import priority_matrix
from app.service_levels.priority import DEFAULT_PRIORITY_CODES, LEVEL_WORDS
from app.servicedesk.desk.ticket_page import ticket_page
from app.servicedesk.portal.filing import IncidentReport, Upload, log_incident_with_files
from app.servicedesk.problem.known_errors import KnownErrorHit, search_known_errors
from app.servicedesk.processes.case_replay import may_replay
from app.servicedesk.processes.form_choices import category_options
from app.servicedesk.tickets import attachments, classification
from app.servicedesk.tickets import notes as ticket_notes
from app.servicedesk.tickets.attachments import AttachmentSettings
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.notes import MINUTES_MAX
from app.servicedesk.tickets.visibility import find_visible_ticket
from app.web.desk.changes import change_panel
from app.web.desk.problems import problem_panel
from app.web.desk.ticket_actions import CancelForm, DuplicateForm
from app.web.desk.ticket_desk import desk_tools, note_data, note_views
from app.web.portal import conversation as requester_page
from app.web.shell.session import current_actor
from app.wiring import current_runtime

blueprint = Blueprint("ticket", __name__)
LINK_KINDS = [SelectChoice("related", _l("Related ticket")), SelectChoice("caused_by", _l("Caused by ticket")),
              SelectChoice("ci", _l("Configuration item")), SelectChoice("article", _l("Knowledge article"))]
LINK_WORDS = {choice.value: choice.label for choice in LINK_KINDS} | {"duplicate_of": _l("Duplicate of")}
VISIBILITY_CHOICES = [SelectChoice("internal", _l("Staff only")), SelectChoice("public", _l("The requester too"))]


class LogForm(FlaskForm):
    """Log an incident: for oneself, or (agents) on behalf of a caller."""

    title = StringField(_l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=TICKET_TITLE_MAX)])
    description = TextAreaField(_l("What happened?"), validators=[Length(max=TICKET_DESCRIPTION_MAX)])
    category = SelectField(_l("Category"), validators=[Optional()])
    impact = SelectField(_l("Impact"), default="medium")
    urgency = SelectField(_l("Urgency"), default="medium")
    requester = StringField(_l("On behalf of (login)"), validators=[Optional(), Length(max=80)])
    ci = StringField(_l("Affected configuration item"), validators=[Optional(), Length(max=200)])
    files = MultipleFileField(_l("Files (screenshots, error messages)"))


class NoteForm(FlaskForm):
    """Add a progress note (staff may say how long the work took)."""

    body = TextAreaField(_l("Note"), validators=[DataRequired(_l("Write the note.")), Length(max=NOTE_MAX)])
    visibility = SelectField(_l("Visible to"), choices=VISIBILITY_CHOICES, default="internal")
    minutes_spent = IntegerField(_l("Time spent (minutes)"), validators=[
        Optional(), NumberRange(min=0, max=MINUTES_MAX, message=_l("Enter between 0 and 10000 minutes."))])


class AttachForm(FlaskForm):
    """Attach a file."""

    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file."))])
    visibility = SelectField(_l("Visible to"), choices=VISIBILITY_CHOICES, default="internal")


class LinkForm(FlaskForm):
    """Link the ticket to another ticket, a CI or an article."""

    kind = SelectField(_l("Link to"), choices=LINK_KINDS)
    target = StringField(_l("Ticket number, CI name or article id"), validators=[DataRequired(_l("Say what to link."))])


class PriorityForm(FlaskForm):
    """Override the priority with a reason."""

    priority = SelectField(_l("Priority"), choices=[SelectChoice(code) for code in DEFAULT_PRIORITY_CODES])
    reason = StringField(_l("Reason"), validators=[DataRequired(_l("Say why the priority changes.")),
                                                   Length(max=REASON_MAX)])


class CategoryForm(FlaskForm):
    """Change the category and the affected configuration item with a reason."""

    category = SelectField(_l("Category"), validators=[Optional()])
    ci = StringField(_l("Affected configuration item"), validators=[Optional(), Length(max=200)])
    reason = StringField(_l("Reason"), validators=[DataRequired(_l("Say why the category changes.")),
                                                   Length(max=REASON_MAX)])


def category_form(ticket: Ticket, formdata: Any = None, ci_name: str = "") -> CategoryForm:
    """Return the category form with its choices read now; on the page it starts from the ticket's values."""
    form = CategoryForm(formdata=formdata, prefix="reclassify", data=None if formdata else {
        "category": str(ticket.category_id or ""), "ci": ci_name})
    categories = [SelectChoice(value, label) for value, label in category_options()]
    form.category.choices = [SelectChoice("", _("None")), *categories]
    form.ci.render_kw = picker("pickers.cis")
    return form


def level_choices(levels: tuple[str, ...]) -> list[SelectChoice]:
    """Return impact or urgency levels of the priority matrix as choices."""
    return [SelectChoice(level, LEVEL_WORDS.get(level, level)) for level in levels]


def log_form(formdata: Any = None) -> LogForm:
    """Return the logging form with its choices read now."""
    form = LogForm(formdata=formdata)
    categories = [SelectChoice(value, label) for value, label in category_options()]
    form.category.choices = [SelectChoice("", _("Not sure")), *categories]
    form.impact.choices = level_choices(priority_matrix().impacts)
    form.urgency.choices = level_choices(priority_matrix().urgencies)
    form.ci.render_kw = picker("pickers.cis")
    form.requester.render_kw = picker("pickers.users")
    return form


def picker(endpoint: str) -> dict[str, str]:
    """Return the attributes that turn a text field into a search-as-you-type picker (static/picker.js)."""
    return {"data-picker": url_for(endpoint), "autocomplete": "off"}


def link_pickers() -> dict[str, str]:
    """Return the look-up each kind of link searches as one types its target (articles: none)."""
    return {"related": url_for("pickers.tickets"), "caused_by": url_for("pickers.tickets"),
            "ci": url_for("pickers.cis")}


def visible_ticket(number: str) -> Ticket:
    """Return the ticket if the signed-in user may see it; 404 alike for unknown and invisible ones."""
    try:
        return find_visible_ticket(current_actor(), number)
    except NotFound:
        abort(404)


def back_to(ticket: Ticket, anchor: str = "") -> Response:
    """Return to the ticket page."""
    return redirect(url_for("ticket.show", number=ticket.number) + anchor)


def refuse(error: ServiceError) -> None:
    """Show a service's refusal as an error message."""
    flash(str(error), "error")


@blueprint.route("/tickets/new", methods=["GET", "POST"])
@login_required
def new() -> str | Response | tuple[str, int]:
    """Log an incident (read-only accounts are refused at the door, before any form is shown or checked)."""
    actor = current_actor()
    try:
        check_may_write(actor, "log a ticket")
    except NotAllowed as refused:
        return render_template("errors/error.html", title=_("Not allowed"), message=str(refused)), 403
    form = log_form(request.form if request.method == "POST" else None)
    agent = may_use_inbox(actor)
    if request.method == "POST" and request.form.get("suggest"):  # look for articles first, log nothing
        form.validate()
        articles = knowledge.suggest_articles(form.title.data or "", form.description.data or "")
        return render_template("ticket/new.html", form=form, agent=agent, suggestions=articles, searched=True,
                               known_errors=known_errors_for(form, agent)), 200
    if request.method == "POST" and form.validate():
        requester = (form.requester.data or "").strip() if agent else ""
        try:
            report = IncidentReport(
                form.title.data or "", form.description.data or "", requester or actor.login,
                int(form.category.data) if form.category.data else None, ci_id_named(form.ci.data) if agent else None,
                form.impact.data or "medium", form.urgency.data or "medium", "agent" if requester else "portal")
            ticket = log_incident_with_files(current_runtime(), AttachmentSettings.from_config(current_app.config),
                                             actor, report, sent_files())
        except InvalidValues as invalid:
            for name, messages in invalid.errors.items():
                if name in form:
                    form[name].errors = list(messages)
            flash(str(invalid), "error")
        except (NotFound, Conflict, NotAllowed) as error:
            refuse(error)
        else:
            flash(_("Incident %(number)s was logged.", number=ticket.number), "info")
            return back_to(ticket)
    status = 422 if request.method == "POST" else 200
    suggestions = knowledge.suggest_articles(form.title.data or "", form.description.data or "") \
        if request.method == "POST" and form.title.data else []
    known = known_errors_for(form, agent) if request.method == "POST" and form.title.data else []
    return render_template("ticket/new.html", form=form, agent=agent, suggestions=suggestions, searched=False,
                           known_errors=known), status


def known_errors_for(form: LogForm, agent: bool) -> list[KnownErrorHit]:
    """Return the known errors matching what is being logged (and the named CI, for agents), beside the articles."""
    ci = ci_named(form.ci.data) if agent and form.ci.data and form.ci.data.strip() else None
    return search_known_errors(current_actor(), f"{form.title.data or ''} {form.description.data or ''}",
                               ci.id if ci else None)


def sent_files() -> list[Upload]:
    """Return the files sent with the incident form (an empty file input sends none)."""
    return [Upload(sent.filename or "file", sent.mimetype or "application/octet-stream", sent.read())
            for sent in request.files.getlist("files") if sent.filename]


def ci_id_named(name: str | None) -> int | None:
    """Return the id of the CI with this name; refuse an unknown name."""
    if not name or not name.strip():
        return None
    found = ci_named(name)
    if found is None:
        raise InvalidValues(f"There is no configuration item called '{name.strip()}'; check the name or leave it "
                            "empty.", {"ci": [f"There is no configuration item called '{name.strip()}'."]})
    return found.id


@blueprint.get("/tickets/<number>")
@login_required
def show(number: str) -> str | tuple[str, int]:
    """Show a ticket to someone who may see it; its requester reads it as a conversation (portal.conversation)."""
    ticket = visible_ticket(number)
    page = ticket_page(ticket, current_actor(), current_runtime().clock.now())
    if not page.agent_view:
        return requester_page.render_requester_ticket(ticket, page)
    tools = desk_tools(current_actor(), ticket)
    return render_template("ticket/show.html", page=page, t=ticket, note_form=NoteForm(data=note_data(tools)),
                           attach_form=AttachForm(), desk=tools, note_views=note_views(page.notes),
                           cancel_form=CancelForm(prefix="cancel"),
                           duplicate_form=DuplicateForm(prefix="duplicate"), link_words=LINK_WORDS,
                           level_words=LEVEL_WORDS, link_pickers=link_pickers(),
                           link_form=LinkForm(), priority_form=PriorityForm(priority=ticket.priority),
                           category_form=category_form(ticket, ci_name=page.ci.name if page.ci else "")
                           if page.agent_view else None,
                           resolution=ticket_notes.latest_resolution(ticket.id) if page.agent_view else None,
                           requester_mark=mark_of_person(ticket.requester), problem=problem_panel(ticket),
                           change=change_panel(ticket),
                           may_clear_bounce=may_clear_bounce(current_actor()),
                           may_replay=may_replay(current_actor(), ticket.instance_id))


def chosen_visibility(form: NoteForm | AttachForm) -> str | None:
    """Return the visibility the sender chose, or None when the form showed no choice (requesters get none)."""
    return form.visibility.data if "visibility" in request.form else None


@blueprint.post("/tickets/<number>/notes")
@login_required
def add_note(number: str) -> Response:
    """Add a note; the service decides what the person may write (requesters: public notes only)."""
    ticket = visible_ticket(number)
    form = NoteForm()
    if not form.validate():
        flash(_("The note was not added: write some text, and a time spent between 0 and 10000 minutes."),
              "error")
        return back_to(ticket, "#notes")
    try:
        ticket_notes.add_note(current_runtime(), current_actor(), ticket.number, form.body.data or "",
                              chosen_visibility(form), form.minutes_spent.data if "minutes_spent" in request.form
                              else None)
    except ServiceError as error:
        refuse(error)
    else:
        flash(_("Note added."), "info")
    return back_to(ticket, "#notes")


@blueprint.post("/tickets/<number>/attachments")
@login_required
def attach(number: str) -> Response:
    """Attach a file; the service checks its size and type and what the person may attach."""
    ticket = visible_ticket(number)
    form = AttachForm()
    if not form.validate():
        flash(_("Choose a file to attach."), "error")
        return back_to(ticket, "#files")
    upload = form.file.data
    try:
        attachments.add_attachment(current_runtime(), AttachmentSettings.from_config(current_app.config),
                                   current_actor(), ticket.number, upload.filename or "file",
                                   upload.mimetype or "application/octet-stream", upload.read(),
                                   chosen_visibility(form))
    except ServiceError as error:
        refuse(error)
    else:
        flash(_("File attached."), "info")
    return back_to(ticket, "#files")


@blueprint.get("/tickets/<number>/attachments/<int:attachment_id>")
@login_required
def download(number: str, attachment_id: int) -> Response:
    """Send an attachment to someone who may see the ticket (requesters: public files only)."""
    store = AttachmentSettings.from_config(current_app.config).store
    try:
        found, data = attachments.open_attachment(store, current_actor(), number, attachment_id)
    except NotFound:
        abort(404)
    response = send_file(io.BytesIO(data), mimetype=found.content_type, as_attachment=True,
                         download_name=found.file_name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@blueprint.post("/tickets/<number>/watch")
@login_required
def watch(number: str) -> Response:
    """Start or stop watching the ticket."""
    ticket = visible_ticket(number)
    actor = current_actor()
    try:
        if request.form.get("stop"):
            ticket_notes.remove_watcher(actor, ticket.id)
            flash(_("You no longer watch this ticket."), "info")
        else:
            ticket_notes.add_watcher(actor, ticket.id)
            flash(_("You now watch this ticket: you will hear of its changes."), "info")
    except ServiceError as error:
        refuse(error)
    return back_to(ticket)


@blueprint.post("/tickets/<number>/links")
@login_required
def add_link(number: str) -> Response:
    """Link the ticket to another ticket, a CI or an article (staff only)."""
    ticket = visible_ticket(number)
    require_staff()
    form = LinkForm()
    if not form.validate():
        flash(_("Say what to link the ticket to."), "error")
        return back_to(ticket, "#links")
    try:
        kind = form.kind.data or "related"
        actor = current_actor()
        ticket_notes.link(actor, ticket.id, kind, ticket_notes.target_named(actor, kind, form.target.data or ""))
    except ServiceError as error:
        refuse(error)
    else:
        flash(_("Link added."), "info")
    return back_to(ticket, "#links")


@blueprint.post("/tickets/<number>/links/remove")
@login_required
def remove_link(number: str) -> Response:
    """Remove a link (staff only)."""
    ticket = visible_ticket(number)
    require_staff()
    try:
        ticket_notes.unlink(current_actor(), ticket.id, request.form.get("kind", ""),
                            int(request.form.get("target_id", "0")))
    except (ServiceError, ValueError) as error:
        flash(str(error), "error")
    else:
        flash(_("Link removed."), "info")
    return back_to(ticket, "#links")


@blueprint.post("/tickets/<number>/priority")
@login_required
def override_priority(number: str) -> Response:
    """Override the priority with a recorded reason; the deadlines and the flow's timers follow."""
    ticket = visible_ticket(number)
    form = PriorityForm()
    if not form.validate():
        flash(_("The priority was not changed: give a reason."), "error")
        return back_to(ticket)
    try:
        classification.override_priority(current_runtime(), current_actor(), ticket.number, form.priority.data or "",
                                         form.reason.data or "", matrix=priority_matrix())
    except ServiceError as error:
        refuse(error)
    else:
        flash(_("Priority set to %(priority)s.", priority=form.priority.data), "info")
    return back_to(ticket)


@blueprint.post("/tickets/<number>/category")
@login_required
def change_category(number: str) -> Response:
    """Change the category and the affected CI with a recorded reason; the deadlines and timers follow."""
    ticket = visible_ticket(number)
    form = category_form(ticket, request.form)
    if not form.validate():
        flash(_("The category was not changed: give a reason."), "error")
        return back_to(ticket)
    try:
        classification.change_category(
            current_runtime(), current_actor(), ticket.number, int(form.category.data) if form.category.data else None,
            ci_id_named(form.ci.data), form.reason.data or "")
    except ServiceError as error:
        refuse(error)
    else:
        flash(_("The category and the affected configuration item were changed."), "info")
    return back_to(ticket)


@blueprint.post("/tickets/<number>/article")
@login_required
def draft_article(number: str) -> Response:
    """Turn the ticket's resolution into a draft knowledge article linked to the ticket."""
    ticket = visible_ticket(number)
    try:
        article = ticket_notes.draft_article(current_runtime(), current_actor(), ticket.number)
    except ServiceError as error:
        refuse(error)
        return back_to(ticket)
    flash(_("Draft article %(id)s was created from the resolution.", id=article.id), "info")
    return back_to(ticket, "#links")


def require_staff() -> None:
    """Stop requesters: only staff change links."""
    actor = current_actor()
    if not (may_use_inbox(actor) or actor.has_role("manager")):
        abort(403)
