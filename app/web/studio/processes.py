"""The process pages: every process with its versions, one process, a version's diagram, uploads, attention."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.wrappers import Response as BaseResponse
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.organisation.policies import may_deploy, may_keep_drafts, may_migrate_instances, may_open_process_studio
from app.platform.errors import InvalidValues, NotFound, ServiceError
from app.servicedesk.processes.starters import starters_of
from app.web.shell.session import current_actor, requires
from app.wiring import current_runtime
from app.workflow.deployment import Deployed, deploy_diagram
from app.workflow.instances.views import STATUS_WORDS
from app.workflow.refusal_words import refusal_sentence
from app.workflow.studio.comparison import compare_versions
from app.workflow.studio.new_processes import (
    NAME_MAX,
    PROCESS_ID_MAX,
    ProcessExists,
    create_process,
    list_new_process_drafts,
)
from app.workflow.studio.processes import list_attention, list_process_lines, require_process, version_diagram
from engine.errors import DiagramRefused, EngineError

blueprint = Blueprint("studio", __name__)
NOTE_MAX = 2000
DOWNLOAD_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox"}


class UploadForm(FlaskForm):
    """Deploy a .bpmn file drawn elsewhere as a new version, with a change note."""

    file = FileField(_l("BPMN file"), validators=[FileRequired(_l("Choose a .bpmn file to deploy."))])
    note = TextAreaField(_l("Change note: what changed and why"), validators=[
        DataRequired(_l("Write a change note: say what changed and why, for whoever reads the versions later.")),
        Length(max=NOTE_MAX)])


class NewProcessForm(FlaskForm):
    """Start a new process on an empty canvas: its id (for good) and its name. The use case checks both."""

    process_id = StringField(_l("Id (letters, digits, _ or -; it cannot change once deployed)"))
    name = StringField(_l("Name, as people will read it"))


@blueprint.get("/processes")
@requires(may_open_process_studio)
def index(new_process: NewProcessForm | None = None) -> str:
    """List every process with its versions, deployers, change notes, instance counts and what starts it, and the
    drafts of new processes not deployed yet."""
    processes = list_process_lines()
    actor = current_actor()
    return render_template("processes/index.html", processes=processes,
                           starters=starters_of([line.process_id for line in processes]),
                           form=UploadForm(), may_upload=may_deploy(actor), may_draw=may_keep_drafts(actor),
                           new_drafts=list_new_process_drafts(current_runtime()) if may_keep_drafts(actor) else [],
                           new_process=new_process or NewProcessForm(formdata=None, prefix="new"))


@blueprint.post("/processes/new")
@requires(may_keep_drafts)
def new() -> BaseResponse | tuple[str, int]:
    """Create a new process as a draft with an empty canvas and open it in the modeller."""
    form = NewProcessForm(prefix="new")
    if not form.validate():  # the CSRF token: the id and the name are the use case's to check
        flash(_("The page was open too long; send the new process again."), "error")
        return redirect(url_for("studio.index"))
    try:
        draft = create_process(current_runtime(), current_actor(), form.process_id.data or "", form.name.data or "")
    except InvalidValues as invalid:
        return refused_new_process(form, {field_id: invalid_words(field_id) for field_id in invalid.errors})
    except ProcessExists as exists:
        return refused_new_process(form, {"process_id": exists_words(exists)})
    return redirect(url_for("modeller.model", process_id=draft.process_id))


def refused_new_process(form: NewProcessForm, errors: dict[str, str]) -> tuple[str, int]:
    """Show the process list again with the new-process form marked where the id or the name was refused."""
    for field_id, message in errors.items():
        form[field_id].errors = [message]
    flash(_("The new process was not created. Correct the marked fields and send it again."), "error")
    return index(form), 422


def invalid_words(field_id: str) -> str:
    """Say what the new-process form needs in a field the use case refused, in the reader's language."""
    if field_id == "name":
        return _("Give the process a name of 1 to %(max)s characters, as people will read it.", max=NAME_MAX)
    return _("Give an id of 1 to %(max)s letters, digits, _ or -, starting with a letter or _, such as "
             "laptop_return.", max=PROCESS_ID_MAX)


def exists_words(exists: ProcessExists) -> str:
    """Say that the id of a new process is taken, in the reader's language."""
    if exists.deployed:
        return _("A process with the id %(id)s is deployed already: open it from this list, or choose another id.",
                 id=exists.process_id)
    return _("A process with the id %(id)s has a draft already: open it under “New processes not deployed yet”, "
             "or choose another id.", id=exists.process_id)


@blueprint.get("/processes/attention")
@requires(may_open_process_studio)
def attention() -> str:
    """List every instance that needs attention, with its error, across processes."""
    cursor = request.args.get("after") or None
    try:
        found = list_attention(cursor)
    except InvalidValues:
        flash(_("A page link was damaged, so a list starts from the beginning again."), "warning")
        found = list_attention()
    return render_template("processes/attention.html", lines=found.lines, next_cursor=found.next_cursor,
                           paged=cursor is not None, status_words=STATUS_WORDS)


@blueprint.get("/processes/<process_id>")
@requires(may_open_process_studio)
def show(process_id: str) -> str:
    """Show one process with all its versions."""
    try:
        process = require_process(process_id)
    except NotFound:
        abort(404)
    return render_template("processes/show.html", process=process, starters=starters_of([process_id])[process_id],
                           form=UploadForm(), may_upload=may_deploy(current_actor()),
                           may_draw=may_keep_drafts(current_actor()),
                           may_migrate=may_migrate_instances(current_actor()))


@blueprint.get("/processes/<process_id>/diff")
@requires(may_open_process_studio)
def diff(process_id: str) -> str:
    """Show two versions side by side with what was added, removed, changed and moved; the properties in a table."""
    try:
        comparison = compare_versions(current_runtime(), process_id, request.args.get("from", type=int),
                                      request.args.get("to", type=int))
    except NotFound:
        abort(404)
    return render_template("processes/diff.html", comparison=comparison, kinds=change_kinds())


def change_kinds() -> dict[str, str]:
    """Return the words for each kind of difference, in the reader's language."""
    return {"added": _("Added"), "removed": _("Removed"), "changed": _("Changed"),
            "moved": _("Moved on the canvas only")}


@blueprint.get("/processes/<process_id>/versions/<int:version>/diagram.bpmn")
@requires(may_open_process_studio)
def download(process_id: str, version: int) -> Response:
    """Send one version's diagram exactly as deployed, as a file to save."""
    try:
        found = version_diagram(process_id, version)
    except NotFound:
        abort(404)
    name = f"{process_id}-v{version}.bpmn"
    return Response(found.xml, mimetype="application/xml", headers={
        **DOWNLOAD_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})


@blueprint.post("/processes/upload")
@requires(may_open_process_studio)
def upload() -> BaseResponse:
    """Deploy an uploaded .bpmn file through the deploy use case; show the engine's refusal in full."""
    if not may_deploy(current_actor()):
        abort(403)
    form = UploadForm()
    if not form.validate():
        for messages in form.errors.values():
            for message in messages:
                flash(str(message), "error")
        return redirect(url_for("studio.index"))
    return deploy_upload(form)


def deploy_upload(form: UploadForm) -> BaseResponse:
    """Deploy the form's file; flash what was deployed or why it was refused."""
    upload_file = form.file.data
    file_name = (upload_file.filename or "diagram.bpmn").rsplit("/", 1)[-1]
    if not file_name.lower().endswith(".bpmn"):
        flash(_("%(file)s is not a .bpmn file. Save the diagram as BPMN 2.0 XML with the .bpmn ending and upload "
                "it again.", file=file_name), "error")
        return redirect(url_for("studio.index"))
    try:
        deployed = deploy_diagram(current_runtime(), upload_file.read(), file_name, current_actor().login,
                                  note=form.note.data)
    except DiagramRefused as refused:
        flash(_("The diagram was not deployed: %(reason)s Fix it and upload it again.",
                reason=full_stop(refusal_sentence(refused))), "error")
        return redirect(url_for("studio.index"))
    except (EngineError, ServiceError) as error:
        flash(_("The diagram was not deployed: %(reason)s", reason=str(error)), "error")
        return redirect(url_for("studio.index"))
    for item in deployed:
        flash(deployed_words(item), "info")
    for warning in deployed[0].warnings:
        flash(_("Warning: %(message)s", message=warning.message), "warning")
    return redirect(url_for("studio.show", process_id=deployed[0].process_id))


def full_stop(sentence: str) -> str:
    """Return a sentence ending with a full stop (a Chinese one when it ends in Chinese)."""
    sentence = sentence.strip()
    if not sentence or sentence.endswith((".", "。", "!", "?", "！", "？")):
        return sentence
    return sentence + ("。" if "\u4e00" <= sentence[-1] <= "\u9fff" else ".")


def deployed_words(item: Deployed) -> str:
    """Say what a deployment did for one process."""
    if item.created:
        return _("%(name)s is deployed as version %(version)s.", name=item.name, version=item.version)
    return _("%(name)s did not change: version %(version)s stays in force.", name=item.name, version=item.version)
