"""The modeller page: a process's diagram in bpmn-js, saved as a draft and checked by the server's API."""
from urllib.parse import quote

from flask import Blueprint, abort, render_template
from flask_babel import gettext as _

from app.organisation.policies import may_model_processes
from app.platform.errors import NotFound
from app.web.shell.session import requires
from app.web.studio.library_words import library_words
from app.workflow.catalog import diagram_in_force

blueprint = Blueprint("modeller", __name__)
# The JSON API the page calls (issue 13, section 2 and 3): the draft with its etag, and the server's check.
DRAFT_URL = "/api/v1/processes/{process_id}/draft"
VALIDATE_URL = "/api/v1/diagrams/validate"


def modeller_words() -> dict[str, str]:
    """Return the sentences the page's script shows, in the reader's language."""
    return {
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
        "wholeDiagram": _("The diagram"),
    }


@blueprint.get("/processes/<process_id>/model")
@requires(may_model_processes)
def model(process_id: str) -> str:
    """Show the modeller on the process's latest draft, or on the version in force when there is none."""
    try:
        diagram = diagram_in_force(process_id)
    except NotFound:
        abort(404)
    return render_template("studio/model.html", diagram=diagram, words=modeller_words(),
                           library_words=library_words(),
                           draft_url=DRAFT_URL.format(process_id=quote(process_id, safe="")), validate_url=VALIDATE_URL)
