"""Draft diagrams of processes, saved on the server from the modeller: one per process, never overwritten blindly.

Every save names the version of the draft it started from; a save based on anything but the version stored now
(someone saved in between) is refused with who saved last and when, and changes nothing. The check and the write
are one conditional UPDATE (or one INSERT under the unique process id), so two saves from the same version cannot
both succeed on SQLite or PostgreSQL, however close together they come.

The first save also records the deployed version of the process the drawing started from (started_from); later
saves keep it, so that deploying the draft can be refused once another version was deployed since
(app.workflow.studio.draft_base).
"""
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.organisation.policies import Actor, check_may_keep_drafts
from app.platform.errors import Conflict, InvalidValues, NotFound
from app.platform.transactions import use_case
from app.workflow.models import ProcessDefinition, ProcessDraft
from app.workflow.refusal_words import refusal_reason
from app.workflow.runtime import Runtime
from engine.errors import DiagramRefused
from engine.reading.diagram import read_xml

MAX_PROCESS_ID_LENGTH = 200
ETAG = re.compile(r'(?:W/)?"(\d{1,10})"')  # a draft's version as its ETag: "3" (W/"3" from some proxies)


def version_in_etag(header: str) -> int | None:
    """Return the draft version an ETag header names, or None when it names none."""
    match = ETAG.fullmatch(header.strip())
    return int(match[1]) if match else None


@dataclass(frozen=True)
class Draft:
    """A process's draft diagram as stored: its XML, its version and who saved it when."""

    process_id: str
    version: int
    bpmn_xml: bytes
    saved_by: str
    saved_at: datetime
    started_from: int | None = None  # the deployed version it was started from; None: not recorded (older drafts)


class DraftChanged(Conflict):
    """A save based on an older version of the draft than the one stored: someone saved in between."""

    def __init__(self, current: Draft, base_version: int | None) -> None:
        self.current = current
        based_on = f"version {base_version}" if base_version is not None else "no draft"
        super().__init__(
            f"{current.saved_by} saved a newer draft of {current.process_id} at "
            f"{current.saved_at:%Y-%m-%d %H:%M:%S} UTC (version {current.version}); your save was based on "
            f"{based_on}, so it was not stored. Open the draft again, make your change on it and save.")


def read_draft(actor: Actor, process_id: str) -> Draft:
    """Return the draft of a process, or raise NotFound when none was saved."""
    check_may_keep_drafts(actor, "read draft diagrams")
    draft = stored_draft(process_id)
    if draft is None:
        raise NotFound(f"No draft of {process_id} was saved yet; start from its deployed version and save one "
                       "(base_version null).")
    return draft


@use_case
def save_draft(runtime: Runtime, actor: Actor, process_id: str, content: bytes, base_version: int | None,
               started_from: int | None = None) -> Draft:
    """Store a new version of a process's draft, or raise DraftChanged when base_version is not the stored one.

    base_version None creates the first draft of the process, started from the deployed version started_from
    (None: the version in force now). Later saves keep the version the first one started from.
    """
    check_may_keep_drafts(actor, "save draft diagrams")
    check_draft(runtime, process_id, content)
    now = runtime.clock.now()
    if base_version is None:
        return create_draft(process_id, content, actor.login, now, started_from_version(process_id, started_from))
    saved = db.session.execute(
        update(ProcessDraft)
        .where(ProcessDraft.process_id == process_id, ProcessDraft.version == base_version)
        .values(version=base_version + 1, bpmn_xml=content, saved_by=actor.login, saved_at=now)
        .execution_options(synchronize_session=False))
    if saved.rowcount != 1:  # type: ignore[attr-defined]
        raise refusal_of(process_id, base_version)
    draft = stored_draft(process_id)
    assert draft is not None  # updated in this very unit
    return draft


def started_from_version(process_id: str, started_from: int | None) -> int | None:
    """Return the deployed version a first draft starts from: the one named, checked, or else the one in force."""
    newest = db.session.execute(select(func.max(ProcessDefinition.version))
                                .where(ProcessDefinition.process_id == process_id)).scalar()
    if started_from is None:
        return int(newest) if newest is not None else None
    if newest is None or not 1 <= started_from <= newest:
        deployed = f"versions 1 to {newest}" if newest is not None else "no version"
        raise InvalidValues(f"The draft was not saved: {process_id} has no version {started_from} to start from.", {
            "started_from_version": [f"Name the deployed version the drawing started from ({process_id} has "
                                     f"{deployed}), or leave it out for the version in force."]})
    return started_from


def create_draft(process_id: str, content: bytes, login: str, now: datetime, started_from: int | None) -> Draft:
    """Insert the first draft of a process; a draft that exists already refuses the save."""
    if stored_draft(process_id) is not None:
        raise refusal_of(process_id, None)
    try:
        with db.session.begin_nested():  # another first save may insert between the read and this write
            db.session.add(ProcessDraft(process_id=process_id, version=1, bpmn_xml=content, saved_by=login,
                                        saved_at=now, started_from_version=started_from))
    except IntegrityError:
        raise refusal_of(process_id, None) from None
    return Draft(process_id, 1, content, login, now, started_from)


@use_case
def discard_draft(actor: Actor, process_id: str, version: int) -> None:
    """Remove the draft of a process as the person saw it (its version); DraftChanged when someone saved since."""
    check_may_keep_drafts(actor, "discard draft diagrams")
    removed = db.session.execute(
        delete(ProcessDraft).where(ProcessDraft.process_id == process_id, ProcessDraft.version == version)
        .execution_options(synchronize_session=False))
    if removed.rowcount != 1:  # type: ignore[attr-defined]
        raise refusal_of(process_id, version)


def refusal_of(process_id: str, base_version: int | None) -> Exception:
    """Return why a save was refused: the newer draft that is stored, or that there is no draft to base it on."""
    current = stored_draft(process_id)
    if current is None:
        return NotFound(f"No draft of {process_id} is stored to base version {base_version} on (it was never "
                        "saved, or it was deployed since); save with base_version null to create it.")
    return DraftChanged(current, base_version)


def stored_draft(process_id: str) -> Draft | None:
    """Return the stored draft of a process, if any."""
    row = db.session.execute(  # columns, not the mapped row: a save's UPDATE leaves no stale object behind
        select(ProcessDraft.process_id, ProcessDraft.version, ProcessDraft.bpmn_xml, ProcessDraft.saved_by,
               ProcessDraft.saved_at, ProcessDraft.started_from_version)
        .where(ProcessDraft.process_id == process_id)).first()
    return None if row is None else draft_of(row)


def draft_of(row: Any) -> Draft:
    """Return a stored draft (a ProcessDraft, or a row of its columns) as a Draft."""
    return Draft(row.process_id, row.version, bytes(row.bpmn_xml), row.saved_by, row.saved_at,
                 row.started_from_version)


def check_draft(runtime: Runtime, process_id: str, content: bytes) -> None:
    """Refuse a process id or a draft that cannot be stored: it must be well-formed XML within the size limit."""
    if not process_id.strip() or len(process_id) > MAX_PROCESS_ID_LENGTH:
        raise InvalidValues("The process id is empty or too long.", {
            "process_id": [f"Give the id of the process, 1 to {MAX_PROCESS_ID_LENGTH} characters."]})
    try:
        read_xml(content, f"{process_id} draft", runtime.engine.max_diagram_bytes)
    except DiagramRefused as refused:
        raise InvalidValues(f"The draft was not saved: {refused.reason}.", {
            "xml": [f"{refusal_reason(refused)}; send the diagram as the modeller exports it."]}) from None
