"""Diagram endpoints: check a diagram as a deployment would, and read and save the draft diagram of a process."""

from flask import request
from flask_babel import force_locale

from app.api.auth import api_actor
from app.api.contract import Role, Success, endpoint
from app.api.languages import reader_language
from app.api.problems import Problem
from app.api.schemas.common import MAX_ID
from app.api.schemas.diagrams import DiagramBody, DiagramCheck, DiagramProblem, Draft, DraftSave
from app.organisation.policies import may_keep_drafts, may_open_process_studio
from app.platform.errors import InvalidValues
from app.wiring import current_runtime
from app.workflow.studio import drafts
from app.workflow.studio.checks import check_diagram

CHECK = Role(may_open_process_studio, "check diagrams (it is for process owners)")
DRAFTS = Role(may_keep_drafts, "read or save draft diagrams (they are for process owners)")
PROCESS_ID = {"process_id": "The id of the process as drawn in its diagram (e.g. `incident`)."}
CHECK_BODY = {"application/xml": {"schema": {"type": "string"}},
              "application/json": {"schema": DiagramBody.model_json_schema()}}


@endpoint("validate_diagram", "diagrams", Success(200, DiagramCheck, "What a deployment would say."), role=CHECK,
          refusals=(403,), raw_body=CHECK_BODY)
def validate() -> DiagramCheck:
    """Check a diagram.

    The body is the BPMN XML (application/xml), or `{"xml": "..."}` (application/json). Every problem a deployment
    would refuse the diagram for is listed, each on its element and property, not only the first where the check
    can read on past it (a diagram that is not well-formed XML has one problem). Messages are in the language of
    `Accept-Language` when FlowDesk speaks it, else the caller's. Nothing is stored. Process owners and admins.
    """
    content = diagram_of_request()
    if not content.strip():
        raise Problem(400, "empty-body", "Empty body", "The body is empty; send the diagram's BPMN XML.")
    actor = api_actor()
    with force_locale(reader_language(actor.language)):
        problems = check_diagram(current_runtime(), actor, content)
    return DiagramCheck(valid=not problems, problems=[DiagramProblem.model_validate(p) for p in problems])


def diagram_of_request() -> bytes:
    """Return the diagram a check request sends: the body itself, or the `xml` member of a JSON body."""
    if request.mimetype != "application/json":
        return request.get_data(cache=False)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("xml"), str) or set(body) != {"xml"}:
        raise Problem(400, "malformed-json", "Malformed JSON", 'A JSON body is {"xml": "<the diagram>"}; send that, '
                      "or the diagram's XML itself as application/xml.")
    return str(body["xml"]).encode()


@endpoint("read_draft", "diagrams", Success(200, Draft, "The draft, with its version as the ETag."), role=DRAFTS,
          refusals=(403, 404), path=PROCESS_ID)
def read(process_id: str) -> tuple[Draft, int, dict[str, str]]:
    """Read the draft diagram of a process.

    404 when none was saved yet. Process owners and admins.
    """
    draft = drafts.read_draft(api_actor(), process_id)
    return draft_answer(draft), 200, {"ETag": f'"{draft.version}"'}


@endpoint("save_draft", "diagrams", Success(200, Draft, "The saved draft, with its new version as the ETag."),
          role=DRAFTS, body=DraftSave, refusals=(403, 404, 409), path=PROCESS_ID)
def save(process_id: str, body: DraftSave) -> tuple[Draft, int, dict[str, str]]:
    """Save the draft diagram of a process.

    The version the new draft was made from goes in `base_version`, or its ETag in `If-Match`; neither for the first
    draft, which records the deployed version it was drawn from (`started_from_version`, else the one in force).
    When someone saved in between, the save is refused with 409, naming who saved the newer draft and when
    (`saved_by`, `saved_at`, `version`), and nothing is stored: open the draft again, make the change on it, save.
    Process owners and admins.
    """
    draft = drafts.save_draft(current_runtime(), api_actor(), process_id, body.xml.encode(), base_version_of(body),
                              body.started_from_version)
    return draft_answer(draft), 200, {"ETag": f'"{draft.version}"'}


def base_version_of(body: DraftSave) -> int | None:
    """Return the version a save is based on: If-Match's ETag, or else base_version."""
    header = request.headers.get("If-Match")
    if header is None:
        return body.base_version
    version = drafts.version_in_etag(header)
    if version is None or version > MAX_ID or body.base_version not in (None, version):
        raise InvalidValues("If-Match is not the ETag of a draft, or not the base_version sent beside it.", {
            "If-Match": ['Send the ETag of the draft the new one was made from, as it came (e.g. "3").']})
    return version


def draft_answer(draft: drafts.Draft) -> Draft:
    """Return the API's view of a draft."""
    return Draft(process_id=draft.process_id, version=draft.version, xml=draft.bpmn_xml.decode(),
                 saved_by=draft.saved_by, saved_at=draft.saved_at, started_from_version=draft.started_from)
