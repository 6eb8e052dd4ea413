"""The modeller page: a process's diagram in bpmn-js, saved as a draft and checked by the server.

The page's script talks to the routes below, signed in by the browser's session (with its CSRF token): the
/api/v1 endpoints that do the same for outside clients take bearer tokens only. Both call one use case each
(app.workflow.studio.drafts, app.workflow.studio.checks), so who may do what is decided once.
"""
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, flash, jsonify, render_template, request, url_for
from flask_babel import gettext as _

from app.organisation.people import display_names
from app.organisation.policies import may_deploy, may_keep_drafts
from app.platform.errors import InvalidValues, NotFound, ServiceError
from app.web.shell.session import current_actor, requires
from app.web.studio.draft_choices import banner_of, outdated_words
from app.web.studio.library_words import library_words
from app.web.studio.modeller_panel import answer_400, panel_words
from app.web.studio.processes import deployed_words
from app.wiring import current_runtime
from app.workflow.deployment import Deployed
from app.workflow.refusal_words import refusal_sentence
from app.workflow.studio import drafts, publishing
from app.workflow.studio.checks import check_diagram, check_diagram_warnings, problems_of
from app.workflow.studio.draft_base import DraftOutdated
from app.workflow.studio.new_processes import diagram_to_model
from engine.errors import DiagramRefused, EngineError

blueprint = Blueprint("modeller", __name__)


def modeller_words(new_process: bool = False) -> dict[str, str]:
    """Return the sentences the page's script shows, in the reader's language (for a process never deployed, what
    its first version holds rather than what it changes)."""
    words = {
        "draftOpened": _("The latest draft is open."),
        "draftUnavailable": _("The drafts could not be read; the version in force is open instead."),
        "loadFailed": _("The draft could not be loaded."),
        "importFailed": _("The diagram could not be opened in the modeller."),
        "saving": _("Saving the draft…"),
        "saved": _("The draft is saved."),
        "saveFailed": _("The draft could not be saved. Your drawing is still here; try again."),
        "conflict": _("%(who)s saved a newer draft at %(when)s. Your drawing is still here: reload the page to "
                      "see theirs, or download yours first.", who="%(who)s", when="%(when)s"),
        "conflictUnknown": _("Someone saved a newer draft. Your drawing is still here: reload the page to see "
                             "theirs, or download yours first."),
        "checking": _("Checking the diagram…"),
        "checkFailed": _("The check could not be run. Try again in a moment."),
        "noProblems": _("The check found no problems."),
        "problemsFound": _("The check found %(count)s problems; each is marked on its element.",
                           count="%(count)s"),
        "warningsFound": _("The check found no problems, and %(count)s warnings; each is marked on its element.",
                           count="%(count)s"),
        "wholeDiagram": _("The diagram"),
        "readingChanges": _("Reading what the draft changes…"),
        "saveFirst": _("Save the draft before deploying it; the version deployed is the draft you saved."),
        "changesFailed": _("What the draft changes could not be read. Try again in a moment."),
        "noChanges": _("The draft says the same as version %(version)s in force; deploying it changes nothing.",
                       version="%(version)s"),
        "changesSince": _("What the draft changes from version %(version)s in force", version="%(version)s"),
        "added": _("Added"),
        "removed": _("Removed"),
        "changed": _("Changed"),
        "moved": _("Moved on the canvas only"),
        "noteRequired": _("Write a change note: say what changed and why, for whoever reads the versions later."),
        "deploying": _("Deploying the draft…"),
        "deployFailed": _("The draft could not be deployed. Try again in a moment."),
    }
    if new_process:
        words["changesSince"] = _("What version 1 of this new process holds")
        words["noChanges"] = _("The draft draws nothing yet: draw the process, save it and deploy it then.")
    return words


@blueprint.get("/processes/<process_id>/model")
@requires(may_keep_drafts)
def model(process_id: str) -> str:
    """Show the modeller on the process's latest draft, or on the version in force when there is none."""
    try:
        diagram = diagram_to_model(current_runtime(), current_actor(), process_id)
    except NotFound:
        abort(404)
    return render_template("studio/model.html", diagram=diagram, words=modeller_words(diagram.version == 0),
                           library_words=library_words(), panel_words=panel_words(),
                           draft_url=url_for("modeller.read_draft", process_id=process_id),
                           validate_url=url_for("modeller.check", process_id=process_id),
                           changes_url=url_for("modeller.changes", process_id=process_id),
                           deploy_url=url_for("modeller.deploy", process_id=process_id),
                           may_deploy=may_deploy(current_actor()), stale=banner_of(process_id))


@blueprint.get("/processes/<process_id>/model/draft")
@requires(may_keep_drafts)
def read_draft(process_id: str) -> tuple[Response, int] | Response:
    """Answer the process's latest draft with its version as the ETag, or 404 when none was saved."""
    try:
        draft = drafts.read_draft(current_actor(), process_id)
    except NotFound as missing:
        return jsonify({"error": str(missing)}), 404
    return draft_response(draft)


@blueprint.put("/processes/<process_id>/model/draft")
@requires(may_keep_drafts)
def save_draft(process_id: str) -> tuple[Response, int] | Response:
    """Save the drawing over the draft it was made from (If-Match); 409 naming who saved a newer one, and when.

    A first draft records the deployed version the page opened (started_from_version in the body).
    """
    xml = xml_of_request()
    try:
        draft = drafts.save_draft(current_runtime(), current_actor(), process_id, xml.encode(), base_version(),
                                  started_from_of_request())
    except drafts.DraftChanged as changed:
        return conflict_response(changed)
    except NotFound:  # the draft it was made from is gone: deployed (and cleared) since the page opened it
        return jsonify({"error": _("The draft you drew on was deployed since you opened it. Your drawing is still "
                                   "here: download it, reload the page and make your change on the new version.")}), 409
    except InvalidValues as invalid:
        return jsonify({"error": str(invalid), "errors": invalid.errors}), 400
    return draft_response(draft)


@blueprint.get("/processes/<process_id>/model/changes")
@requires(may_keep_drafts)
def changes(process_id: str) -> tuple[Response, int] | Response:
    """Answer what the saved draft changes from the version in force; 404 when no draft was saved."""
    try:
        found = publishing.draft_changes(current_runtime(), current_actor(), process_id)
    except NotFound as missing:
        return jsonify({"error": str(missing)}), 404
    except DiagramRefused as refused:
        return jsonify({"error": refusal_sentence(refused)}), 422
    return jsonify(found.to_dict())


@blueprint.post("/processes/<process_id>/model/deploy")
@requires(may_deploy)
def deploy(process_id: str) -> tuple[Response, int] | Response:
    """Publish the saved draft the page saw (If-Match) as the next version with the change note it sends."""
    body = request.get_json(silent=True)
    note = str(body["note"]) if isinstance(body, dict) and isinstance(body.get("note"), str) else ""
    version = base_version()
    if version is None:
        abort(answer_400(_("Save the draft before deploying it; the version deployed is the draft you saved.")))
    try:
        deployed = publishing.publish_draft(current_runtime(), current_actor(), process_id, note, version)
    except drafts.DraftChanged as changed:
        return conflict_response(changed)
    except DraftOutdated as outdated:
        newest = outdated.base.newest
        return jsonify({"error": outdated_words(outdated.base), "deployed_by": newest.deployed_by,
                        "deployed_at": newest.deployed_at.isoformat(), "newest_version": newest.version,
                        "started_from_version": outdated.base.version}), 409
    except DiagramRefused as refused:
        problems = [problem.to_dict() for problem in problems_of(refused)]
        return jsonify({"error": _("The check found problems; nothing was deployed. Each is marked on its element."),
                        "problems": problems}), 422
    except InvalidValues as invalid:
        return jsonify({"error": invalid_words(invalid), "errors": invalid.errors}), 400
    except NotFound as missing:
        return jsonify({"error": str(missing)}), 404
    except publishing.DraftUnchanged:
        return jsonify({"error": _("Nothing was deployed: the draft says the same as the version in force and draws "
                                   "it the same. Change the diagram first.")}), 409
    except (EngineError, ServiceError) as error:
        return jsonify({"error": _("The diagram was not deployed: %(reason)s", reason=str(error))}), 422
    return deployed_response(process_id, deployed)


def invalid_words(invalid: InvalidValues) -> str:
    """Return why a deployment was refused, in the reader's language where the page knows the sentence."""
    if "note" in invalid.errors:
        return _("Write a change note: say what changed and why, for whoever reads the versions later.")
    return str(invalid)


def deployed_response(process_id: str, deployed: list[Deployed]) -> Response:
    """Say on the next page what was deployed, and answer where to go next: the differences from the version before,
    or the process's page for the first version of a new process (there is nothing to compare it with)."""
    mine = next(item for item in deployed if item.process_id == process_id)
    for item in deployed:
        flash(deployed_words(item), "info")
    versions = urlencode({"from": max(mine.version - 1, 1), "to": mine.version})
    diff_url = f"{url_for('studio.diff', process_id=process_id)}?{versions}"
    next_url = diff_url if mine.version > 1 else url_for("studio.show", process_id=process_id)
    return jsonify({"deployed": [item.to_dict() for item in deployed], "diff_url": diff_url, "next_url": next_url})


def conflict_response(changed: drafts.DraftChanged) -> tuple[Response, int]:
    """Answer 409 naming who saved the newer draft (login and name), when, and its version."""
    login = changed.current.saved_by
    return jsonify({"error": str(changed), "saved_by": login,
                    "saved_by_name": display_names({login}).get(login, login),
                    "saved_at": changed.current.saved_at.isoformat(), "version": changed.current.version}), 409


@blueprint.post("/processes/<process_id>/model/check")
@requires(may_keep_drafts)
def check(process_id: str) -> Response:
    """Answer what a deployment would say of the drawing: every problem on its element and property."""
    del process_id  # the check reads the drawing alone; the address keeps the page's calls under its process
    content = xml_of_request().encode()
    problems = check_diagram(current_runtime(), current_actor(), content)
    warnings = check_diagram_warnings(current_actor(), content)
    return jsonify({"valid": not problems, "problems": [problem.to_dict() for problem in problems],
                    "warnings": [warning.to_dict() for warning in warnings]})


def xml_of_request() -> str:
    """Return the drawing the page sends as {"xml": "..."}, or stop with 400 saying what to send."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("xml"), str) or not body["xml"].strip():
        abort(answer_400(_('Send the drawing as {"xml": "<the diagram>"}.')))
    return str(body["xml"])


def started_from_of_request() -> int | None:
    """Return the deployed version the page's drawing started from (started_from_version), None when not sent."""
    body = request.get_json(silent=True)
    value = body.get("started_from_version") if isinstance(body, dict) else None
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value < 2**31:
        abort(answer_400(_("started_from_version is not a version number; reload the page and save again.")))
    return value


def base_version() -> int | None:
    """Return the draft version the drawing was made from (the If-Match ETag), None for a first draft."""
    header = request.headers.get("If-Match")
    if not header:
        return None
    version = drafts.version_in_etag(header)
    if version is None:
        abort(answer_400(_("If-Match is not the ETag of a draft; reload the page and save again.")))
    return version


def draft_response(draft: drafts.Draft) -> Response:
    """Return a draft as the page reads it, with its version as the ETag."""
    response = jsonify({"process_id": draft.process_id, "version": draft.version, "xml": draft.bpmn_xml.decode(),
                        "saved_by": draft.saved_by, "saved_at": draft.saved_at.isoformat(),
                        "started_from_version": draft.started_from})
    response.headers["ETag"] = f'"{draft.version}"'
    return response
