"""POST /engine-rest/deployment/create (as Camunda Modeler's Deploy button sends it) and GET /deployment.

Every file goes through FlowDesk's deploy checks and versioning, all files in one unit. A refusal
answers Camunda's ParseException: the message starts as Camunda's does ("ENGINE-09005 Could not parse
BPMN process."), which is how the Modeler knows to show it, and details names the file, element and reason.
"""
import hashlib
from typing import Any

from flask import jsonify, request
from flask_babel import force_locale
from werkzeug.wrappers import Response

from app.api.languages import reader_language
from app.engine_rest.auth import require
from app.engine_rest.bodies import query_values, refuse_unknown
from app.engine_rest.definitions import definition_dto
from app.engine_rest.errors import bad_request, camunda_error
from app.engine_rest.moments import camunda_moment
from app.organisation.policies import may_deploy
from app.wiring import current_runtime
from app.workflow.catalog import list_versions
from app.workflow.deployment import deploy_files
from app.workflow.studio.checks import problems_of
from engine.errors import DiagramRefused

FIELDS = ("deployment-name", "deployment-source", "deploy-changed-only", "enable-duplicate-filtering", "tenant-id")
DIAGRAM_SUFFIXES = (".bpmn", ".bpmn20.xml", ".bpmn2")
FORM_SUFFIX = ".form"
PARSE_ERROR = "ENGINE-09005 Could not parse BPMN process. Errors: "


def create() -> Response:
    """Deploy the files of a multipart request; only changed processes become new versions (Camunda's changed-only)."""
    actor = require(may_deploy, "deploy diagrams (it is for process owners)")
    refuse_unknown(request.form.keys(), FIELDS, "form field")
    if request.form.get("tenant-id"):
        raise bad_request("FlowDesk has no tenants; leave 'tenant-id' out (clear the Modeler's Tenant ID field).")
    files, forms = uploaded_files()
    try:
        deployed = deploy_files(current_runtime(), files, actor.login, forms=forms)
    except DiagramRefused as refused:
        with force_locale(reader_language(actor.language)):
            return parse_exception(refused)
    created = {(d.process_id, d.version) for d in deployed if d.created}
    versions = [v for v in list_versions() if (v.process_id, v.version) in created]
    return jsonify({
        "links": [], "id": deployment_id(files), "name": request.form.get("deployment-name"),
        "source": request.form.get("deployment-source"), "tenantId": None,
        "deploymentTime": camunda_moment(current_runtime().clock.now()),
        "deployedProcessDefinitions": {dto["id"]: dto for dto in map(definition_dto, versions)} or None,
        "deployedCaseDefinitions": None, "deployedDecisionDefinitions": None,
        "deployedDecisionRequirementsDefinitions": None,
    })


def uploaded_files() -> tuple[list[tuple[bytes, str]], dict[str, bytes]]:
    """Return (content, file name) of every uploaded diagram and the Camunda Forms by name; a 400 for no diagram,
    or for a file that is neither."""
    files = [(upload.read(), upload.filename or part) for part in request.files
             for upload in request.files.getlist(part)]
    forms = {file_name: content for content, file_name in files if file_name.lower().endswith(FORM_SUFFIX)}
    diagrams = [(content, file_name) for content, file_name in files if file_name not in forms]
    if not diagrams:
        raise bad_request("The deployment has no diagram: send the .bpmn file as a multipart file part.")
    for _, file_name in diagrams:
        if not file_name.lower().endswith(DIAGRAM_SUFFIXES):
            raise bad_request(f"'{file_name}' is not a BPMN diagram or a Camunda Form; FlowDesk deploys .bpmn and "
                              f".form files only (DMN tables and scripts are not deployed; see "
                              f"docs/camunda-compatibility.md).")
    return diagrams, forms


def deployment_id(files: list[tuple[bytes, str]]) -> str:
    """Return the id of a deployment: its file's SHA-256 (the deploymentId of its versions), or that of all of them."""
    hashes = [hashlib.sha256(content).hexdigest() for content, _ in files]
    return hashes[0] if len(hashes) == 1 else hashlib.sha256("".join(hashes).encode()).hexdigest()


def parse_exception(refused: DiagramRefused) -> Response:
    """Answer a refused diagram as Camunda answers a diagram it cannot parse, naming each problem's element and
    reason in the current locale (the message's start stays Camunda's, which the Modeler looks for); `problems`
    lists them as POST /api/v1/diagrams/validate does."""
    problems = problems_of(refused)
    lines = "".join(f"\n* {problem.message} | resource {refused.file_name}"
                    + (f" | element '{problem.element_id}'" if problem.element_id else "") for problem in problems)
    response = camunda_error(400, "ParseException", f"{PARSE_ERROR}{lines}")
    body: dict[str, Any] = response.get_json()
    body["details"] = {refused.file_name: {"errors": [{
        "message": problem.message, "line": 0, "column": 0, "mainElementId": problem.element_id,
        "elementIds": [problem.element_id] if problem.element_id else []} for problem in problems], "warnings": []}}
    body["problems"] = [problem.to_dict() for problem in problems]
    response.set_data(jsonify(body).get_data())
    return response


def list_deployments() -> Response:
    """Answer GET /deployment, which the Modeler calls with maxResults=0 to test the connection.

    FlowDesk keeps versions, not deployments: with maxResults=0 the answer is the empty list Camunda
    gives; any other listing is refused, naming the process-definition resource that lists versions.
    """
    require(may_deploy, "deploy diagrams (it is for process owners)")
    values = query_values(("maxResults",))
    if values.get("maxResults") != "0":
        raise bad_request("FlowDesk lists deployed versions, not deployments: use GET /engine-rest/process-definition.")
    return jsonify([])
