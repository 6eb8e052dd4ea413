"""A draft started from a version that is no longer the newest: the modeller's banner and its choices.

The banner names who deployed which version when, and offers to compare the version the draft started from with
the newest, to download the draft as it is stored, or to discard it and start again from the newest version.
Deploying such a draft is refused by the use case (app.workflow.studio.draft_base); the words are here.
"""
from urllib.parse import urlencode

from flask import Blueprint, Response, flash, redirect, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as Answer
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from app.organisation.policies import may_keep_drafts
from app.platform.errors import NotFound
from app.web.shell.session import current_actor, localtime, requires
from app.workflow.studio import drafts
from app.workflow.studio.draft_base import DraftBase, draft_base

blueprint = Blueprint("draft_choices", __name__)
MAX_VERSION = 2**31 - 1


class DiscardForm(FlaskForm):
    """Discard the draft as the page showed it (its version), with the CSRF token."""

    version = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=MAX_VERSION)])


def outdated_words(base: DraftBase) -> str:
    """Say, in the reader's language, who deployed which version when since the draft started, and what to do."""
    newest = base.newest
    if base.version is None:
        started = _("This draft was started before any version was deployed.")
    elif base.recorded:
        started = _("This draft was started from version %(version)s.", version=base.version)
    else:
        started = _("This draft was last saved while version %(version)s was the newest (it is older than FlowDesk's "
                    "record of where a draft starts).", version=base.version)
    return " ".join([started, _(
        "%(who)s deployed version %(version)s at %(when)s. Deploying this draft would undo that version's changes, "
        "so it is refused: compare the two versions, download the draft to keep it, then discard it and make your "
        "change again on version %(version)s.", who=newest.deployed_by_name, version=newest.version,
        when=localtime(newest.deployed_at))])


def stale_draft(process_id: str) -> DraftBase | None:
    """Return where the stored draft of a process stands when a version was deployed since it started, else None."""
    draft = drafts.stored_draft(process_id)
    if draft is None:
        return None
    base = draft_base(draft)
    return base if base.outdated else None


def banner_of(process_id: str) -> dict[str, object] | None:
    """Return what the modeller's banner shows for a draft that is no longer based on the newest version."""
    base = stale_draft(process_id)
    if base is None:
        return None
    compare = None
    if base.version is not None:
        versions = urlencode({"from": base.version, "to": base.newest.version})
        compare = f"{url_for('studio.diff', process_id=process_id)}?{versions}"
    return {"words": outdated_words(base), "compare_url": compare, "compare_from": base.version,
            "draft_version": base.draft.version,
            "newest_version": base.newest.version, "form": DiscardForm(),
            "download_url": url_for("draft_choices.download", process_id=process_id),
            "discard_url": url_for("draft_choices.discard", process_id=process_id)}


@blueprint.get("/processes/<process_id>/model/draft.bpmn")
@requires(may_keep_drafts)
def download(process_id: str) -> Response:
    """Send the stored draft of a process as a file to save; 404 when none is stored."""
    try:
        draft = drafts.read_draft(current_actor(), process_id)
    except NotFound:
        return Response(_("No draft of this process is stored."), status=404, mimetype="text/plain")
    return Response(draft.bpmn_xml, mimetype="application/xml", headers={
        "Content-Disposition": f'attachment; filename="{process_id}-draft-{draft.version}.bpmn"'})


@blueprint.post("/processes/<process_id>/model/draft/discard")
@requires(may_keep_drafts)
def discard(process_id: str) -> Answer:
    """Discard the draft the page showed and open the modeller on the newest version; refused if saved since."""
    form = DiscardForm()
    back = redirect(url_for("modeller.model", process_id=process_id))
    if not form.validate() or form.version.data is None:
        flash(_("The draft was not discarded: the form expired. Open the modeller again and choose once more."),
              "error")
        return back
    try:
        drafts.discard_draft(current_actor(), process_id, form.version.data)
    except drafts.DraftChanged as changed:
        flash(_("The draft was not discarded: %(who)s saved it again at %(when)s. Look at their draft first.",
                who=changed.current.saved_by, when=localtime(changed.current.saved_at)), "error")
        return back
    except NotFound:
        flash(_("There was no draft to discard any more: the newest version is open."), "info")
        return back
    flash(_("The draft was discarded; the newest version is open. Make your change on it and save a new draft."),
          "info")
    return back
