"""Who exports evidence bundles and verifies the whole history."""
from app.organisation.policies.actor import Actor
from app.platform.errors import NotAllowed

EVIDENCE_EXPORTER_ROLES = ("auditor",)


def may_export_evidence(actor: Actor) -> bool:
    """Auditors (and admins) export evidence bundles: every event of a case with all its data, signed.

    Process owners see every instance but not every variable (a requester's view of them, see
    instance_data_visible_to), while a bundle must carry each event's full data for its chain to be checked:
    so they do not export.
    """
    return actor.has_role(*EVIDENCE_EXPORTER_ROLES)


def may_verify_all_history(actor: Actor) -> bool:
    """Auditors (and admins) verify the whole history's hash chains from the web; a case's own chain is verified by
    whoever may replay it (may_replay_case)."""
    return actor.has_role("auditor")


def check_may_verify_all_history(actor: Actor) -> None:
    """Refuse a whole-history verification (NotAllowed) unless may_verify_all_history."""
    if not may_verify_all_history(actor):
        raise NotAllowed(f"{actor.login} may not verify the whole history: auditors and administrators do. A case's "
                         "own history is verified on its replay page.")


def check_may_export_evidence(actor: Actor) -> None:
    """Refuse an evidence export (NotAllowed) unless may_export_evidence."""
    if not may_export_evidence(actor):
        raise NotAllowed(f"{actor.login} may not export evidence bundles: only auditors and administrators do, "
                         "because a bundle holds every event's full data. Ask one of them.")
