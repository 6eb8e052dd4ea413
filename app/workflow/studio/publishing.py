"""Publish a process's saved draft as its next version, with a change note, and say beforehand what it changes.

The draft published is the one the page last saw (its version, as the draft save takes it): a draft saved by
someone else meanwhile is refused with who saved it and when, as a save would be; so is a draft started from a
version that is no longer the newest (app.workflow.studio.draft_base). The diagram is checked as any deployment
is; the new version and the draft's removal are one transaction, so a draft is never published twice.
"""
from dataclasses import dataclass

from sqlalchemy import delete

from app.extensions import db
from app.organisation.policies import Actor, check_may_keep_drafts, may_deploy
from app.platform.errors import Conflict, InvalidValues, NotAllowed, NotFound
from app.platform.transactions import use_case
from app.workflow.catalog import DiagramInForce, diagram_in_force
from app.workflow.deployment import Deployed, check_forms_build, parse_with_callees, store_deployment
from app.workflow.models import ProcessDraft
from app.workflow.runtime import Runtime
from app.workflow.studio.diagram_diff import DiagramDiff, compare_diagrams
from app.workflow.studio.draft_base import check_starts_from_newest
from app.workflow.studio.drafts import Draft, DraftChanged, read_draft, refusal_of
from app.workflow.studio.new_processes import NOTHING_DEPLOYED
from engine.reading.diagram import ParsedProcess

NOTE_MAX = 2000


class DraftUnchanged(Conflict):
    """A draft that says the same as the version in force and draws it the same: deploying it would copy it."""


@dataclass(frozen=True)
class DraftChanges:
    """What the saved draft of a process changes from the version in force."""

    process_id: str
    version_in_force: int
    draft_version: int
    diff: DiagramDiff

    def to_dict(self) -> dict[str, object]:
        """Return JSON-able data."""
        return {"process_id": self.process_id, "version_in_force": self.version_in_force,
                "draft_version": self.draft_version, **self.diff.to_dict()}


def draft_changes(runtime: Runtime, actor: Actor, process_id: str) -> DraftChanges:
    """Return what the saved draft changes from the version in force; NotFound when no draft was saved.

    A new process (never deployed) is compared with nothing, as version 0: everything it draws is added.
    """
    draft = read_draft(actor, process_id)
    in_force = version_before(process_id)
    diff = compare_diagrams(in_force.bpmn_xml.encode(), draft.bpmn_xml, runtime.engine.max_diagram_bytes)
    return DraftChanges(process_id, in_force.version, draft.version, diff)


def version_before(process_id: str) -> DiagramInForce:
    """Return the version in force, or for a process never deployed a version 0 that holds nothing."""
    try:
        return diagram_in_force(process_id)
    except NotFound:
        return DiagramInForce(process_id, 0, process_id, NOTHING_DEPLOYED)


def publish_draft(runtime: Runtime, actor: Actor, process_id: str, note: str, base_version: int) -> list[Deployed]:
    """Deploy the saved draft (the version the page saw) as the process's next version, and clear the draft.

    Raises NotAllowed, InvalidValues (no change note: nothing deployed), DraftChanged (someone saved since),
    DraftOutdated (a version was deployed since the draft started), DraftUnchanged (the draft changes nothing),
    DiagramRefused (the check's problems: nothing deployed).
    """
    if not may_deploy(actor):
        raise NotAllowed(f"{actor.login} may not deploy diagrams: that is for process owners and administrators.")
    check_may_keep_drafts(actor, "publish draft diagrams")
    note = check_note(note)
    draft = read_draft(actor, process_id)
    if draft.version != base_version:
        raise DraftChanged(draft, base_version)
    check_starts_from_newest(draft)
    check_changes_something(runtime, draft)
    file_name = f"{process_id}.bpmn"
    parsed = parse_with_callees(runtime, draft.bpmn_xml, file_name, {})
    check_forms_build(parsed, file_name)
    check_defines(parsed, process_id)
    return store_published(runtime, parsed, draft, actor.login, note)


def check_changes_something(runtime: Runtime, draft: Draft) -> None:
    """Refuse a draft that says the same as the version in force and draws it the same: it would be a copy.

    The first version of a new process changes everything, so it is never refused as a copy.
    """
    in_force = version_before(draft.process_id)
    if in_force.version == 0:
        return
    if compare_diagrams(in_force.bpmn_xml.encode(), draft.bpmn_xml, runtime.engine.max_diagram_bytes).is_empty:
        raise DraftUnchanged(f"Nothing was deployed: the draft says the same as version {in_force.version} in force "
                             "and draws it the same. Change the diagram first.")


def check_note(note: str) -> str:
    """Return the change note trimmed, or raise InvalidValues when it is empty or too long."""
    note = note.strip()
    if not note:
        raise InvalidValues("Nothing was deployed: a change note is required.", {
            "note": ["Write a change note: say what changed and why, for whoever reads the versions later."]})
    if len(note) > NOTE_MAX:
        raise InvalidValues("Nothing was deployed: the change note is too long.", {
            "note": [f"Shorten the change note to {NOTE_MAX} characters or fewer."]})
    return note


def check_defines(parsed: list[ParsedProcess], process_id: str) -> None:
    """Refuse a draft that does not define the process it was drawn for (its id was changed)."""
    if process_id not in {process.process_id for process in parsed}:
        ids = ", ".join(sorted(process.process_id for process in parsed)) or "none"
        raise InvalidValues(f"Nothing was deployed: the draft defines {ids}, not {process_id}.", {
            "xml": [f"Give the process the id {process_id} again, save the draft and deploy it."]})


@use_case
def store_published(runtime: Runtime, parsed: list[ParsedProcess], draft: Draft, login: str,
                    note: str) -> list[Deployed]:
    """Remove the draft the page saw and store its processes as new versions, in one unit."""
    removed = db.session.execute(
        delete(ProcessDraft).where(ProcessDraft.process_id == draft.process_id,
                                   ProcessDraft.version == draft.version)
        .execution_options(synchronize_session=False))
    if removed.rowcount != 1:  # type: ignore[attr-defined]
        raise refusal_of(draft.process_id, draft.version)
    check_starts_from_newest(draft)  # again in this unit: a version may have been deployed while it was checked
    return store_deployment(runtime, parsed, draft.bpmn_xml, f"{draft.process_id}.bpmn", login, note=note)
