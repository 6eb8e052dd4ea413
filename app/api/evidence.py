"""Evidence endpoints: a case's bundle, the bundle of a process's or a category's cases, the signing key."""
from flask import current_app
from werkzeug.wrappers import Response

from app.api.auth import api_actor
from app.api.contract import Role, Success, endpoint
from app.api.schemas.evidence import ZIP_ANSWER, EvidenceKey, EvidenceRequest
from app.audit.evidence import (
    EvidenceBundle,
    EvidenceSelection,
    EvidenceSettings,
    evidence_key,
    export_case_evidence,
    export_evidence,
)
from app.organisation.policies import may_export_evidence
from app.wiring import current_runtime
from app.workflow.instances.lifecycle import require_visible_instance

EXPORTERS = Role(may_export_evidence, "export evidence bundles (it is for auditors and administrators)")
ANY_ONE = Role(lambda actor: True, "read the evidence key")
BUNDLE = "The evidence bundle (a zip); check it with `flowdesk verify-evidence`."


def settings() -> EvidenceSettings:
    """Return the app's evidence settings."""
    return EvidenceSettings.from_config(current_app.config)


def zip_answer(bundle: EvidenceBundle) -> Response:
    """Answer with a bundle as a zip attachment (a plain response: the contract reads its bytes back)."""
    return Response(bundle.content, mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{bundle.file_name}"', "Cache-Control": "no-store"})


@endpoint("instance_evidence", "evidence", Success(200, None, BUNDLE, content=ZIP_ANSWER), role=EXPORTERS,
          refusals=(403, 404), path={"instance_id": "The instance's id."})
def case_bundle(instance_id: int) -> Response:
    """Export one case's evidence bundle.

    Its history as JSON lines, the diagram version it ran on, its chain head and the signed checkpoints that hold
    it, its ticket with the SLA outcome, and a PDF summary; a manifest with every file's SHA-256, signed with the
    installation's Ed25519 key (`GET /evidence/public-key`). Auditors and admins.
    """
    actor = api_actor()
    require_visible_instance(actor, instance_id)
    return zip_answer(export_case_evidence(current_runtime(), actor, instance_id, settings()))


@endpoint("export_evidence", "evidence", Success(200, None, BUNDLE, content=ZIP_ANSWER), role=EXPORTERS,
          body=EvidenceRequest, refusals=(403, 404))
def bundle(body: EvidenceRequest) -> Response:
    """Export the evidence of every case of a process or a ticket category begun in a period.

    One bundle for all of them (at most FLOWDESK_EVIDENCE_MAX_CASES, 500 unless configured: a 422 asks for fewer
    days beyond that). Name a process or a category, not both. Auditors and admins.
    """
    selection = EvidenceSelection(body.first_day, body.last_day, body.process_id, body.category_id)
    return zip_answer(export_evidence(current_runtime(), api_actor(), selection, settings()))


@endpoint("evidence_key", "evidence", Success(200, EvidenceKey, "The key."), role=ANY_ONE)
def public_key() -> EvidenceKey:
    """Read the public key evidence bundles are signed with, to check bundles against (`--public-key`)."""
    return EvidenceKey.model_validate(evidence_key(settings()))
