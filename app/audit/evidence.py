"""Export evidence bundles: one case, or every case of a process or a ticket category begun in a period.

A bundle (layout in app.audit.bundle_format) carries each case's events as stored, the diagram versions the
cases ran on, the chain heads and the signed checkpoints that hold them, a PDF summary per case, and a
manifest with every file's SHA-256, signed with the installation's Ed25519 evidence key (app.audit.evidence_keys)
so that `flowdesk verify-evidence` checks it offline (app.audit.evidence_check says what that proves).
"""
import base64
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import or_, select

from app.audit import bundle_format as layout
from app.audit.diagram_layout import read_diagram_layout
from app.audit.evidence_cases import CaseRecord, case_summary, history_lines, read_case, ticket_facts
from app.audit.evidence_keys import EvidenceSigner, signer_from_config
from app.audit.evidence_pdf import CaseSummary, PdfFont, font_for, render_summary
from app.extensions import db
from app.organisation.policies import Actor, check_may_export_evidence
from app.platform.errors import InvalidValues, NotFound
from app.servicedesk.search.filters import zone_of
from app.servicedesk.tickets.categories import category_tree, require_category
from app.servicedesk.tickets.models import Ticket
from app.workflow.diagram_text import text_of_definition
from app.workflow.instances.history import CHECKPOINT_TABLE, read_checkpoints, write_checkpoint
from app.workflow.models import ProcessDefinition, ProcessInstance
from app.workflow.runtime import Runtime

README_TEXT = """FlowDesk evidence bundle

Check it offline, without the server:  flowdesk verify-evidence THIS.zip --public-key INSTALLATION.pem
(or --fingerprint HEX, the fingerprint your installation publishes). Without flowdesk: every file's SHA-256 is
in manifest.json; manifest.sig is the Ed25519 signature (base64) of manifest.json's bytes by public_key.pem.
Each line of cases/*/history.jsonl is one event; its prev_hash is the hash of the line before. The event hashes
and the checkpoints' signatures are HMACs with the server's secret history key: the server checked them at
export (server_check in the manifest).
"""


@dataclass(frozen=True)
class EvidenceSettings:
    """What an export needs beyond the database: the signing key, the PDF font, how many cases at most."""

    signer: EvidenceSigner
    font: PdfFont
    max_cases: int = 500

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "EvidenceSettings":
        """Read EVIDENCE_KEY_FILE, EVIDENCE_FONT_FILE, EVIDENCE_FONT_NUMBER and EVIDENCE_MAX_CASES."""
        return cls(signer_from_config(config), PdfFont(config["EVIDENCE_FONT_FILE"], config["EVIDENCE_FONT_NUMBER"]),
                   int(config["EVIDENCE_MAX_CASES"]))


@dataclass(frozen=True)
class EvidenceSelection:
    """Which cases to export: those of a process, or of a ticket category, begun between two days (inclusive)."""

    first_day: date
    last_day: date
    process_id: str | None = None
    category_id: int | None = None

    def describe(self) -> dict[str, Any]:
        """Return the selection as the manifest records it."""
        return {"process_id": self.process_id, "category_id": self.category_id,
                "first_day": self.first_day.isoformat(), "last_day": self.last_day.isoformat()}


@dataclass(frozen=True)
class EvidenceBundle:
    """An exported bundle: its file name, its bytes and how many cases it holds."""

    file_name: str
    content: bytes
    cases: int


def export_case_evidence(runtime: Runtime, actor: Actor, instance_id: int,
                         settings: EvidenceSettings) -> EvidenceBundle:
    """Export one case's evidence bundle (auditors and admins)."""
    check_may_export_evidence(actor)
    instance = db.session.get(ProcessInstance, instance_id)
    if instance is None:
        raise NotFound(f"Instance {instance_id} does not exist.")
    return build_bundle(runtime, actor, [instance_id], settings, {"instance_id": instance_id},
                        f"evidence-instance-{instance_id}.zip")


def export_evidence(runtime: Runtime, actor: Actor, selection: EvidenceSelection,
                    settings: EvidenceSettings) -> EvidenceBundle:
    """Export the evidence of every case a selection names (auditors and admins)."""
    check_may_export_evidence(actor)
    instance_ids = select_cases(selection, actor.timezone, settings.max_cases)
    what = selection.process_id or f"category-{selection.category_id}"
    name = f"evidence-{what}-{selection.first_day.isoformat()}-{selection.last_day.isoformat()}.zip"
    return build_bundle(runtime, actor, instance_ids, settings, selection.describe(), name)


def select_cases(selection: EvidenceSelection, timezone: str, max_cases: int) -> list[int]:
    """Return the ids of the cases begun in the selection's days (the reader's time zone); refuse a bad one."""
    check_selection(selection)
    zone = zone_of(timezone)
    since = datetime.combine(selection.first_day, time(), tzinfo=zone)
    until = datetime.combine(selection.last_day + timedelta(days=1), time(), tzinfo=zone)
    query = (select(ProcessInstance.id).where(ProcessInstance.started_at >= since, ProcessInstance.started_at < until)
             .order_by(ProcessInstance.id).limit(max_cases + 1))
    if selection.process_id:
        query = query.where(ProcessInstance.process_id == selection.process_id)
    else:
        require_category(int(selection.category_id or 0))
        query = query.join(Ticket, Ticket.instance_id == ProcessInstance.id).where(
            Ticket.category_id.in_(category_and_below(int(selection.category_id or 0))))
    found = list(db.session.execute(query).scalars())
    if len(found) > max_cases:
        message = _("More than %(count)s cases began in these days; choose fewer days.", count=max_cases)
        raise InvalidValues(message, {"last_day": [message]})
    if not found:
        message = _("No case of this selection began in these days; there is nothing to export.")
        raise InvalidValues(message, {"first_day": [message]})
    return found


def check_selection(selection: EvidenceSelection) -> None:
    """Refuse a selection without exactly one of process and category, or whose days are reversed."""
    errors: dict[str, list[str]] = {}
    if bool(selection.process_id) == (selection.category_id is not None):
        errors["process_id"] = [_("Choose a process or a ticket category (one of them).")]
    if selection.last_day < selection.first_day:
        errors["last_day"] = [_("The last day comes before the first day; swap them.")]
    if errors:
        raise InvalidValues(" ".join(message for messages in errors.values() for message in messages), errors)


def category_and_below(category_id: int) -> set[int]:
    """Return a category's id and those of all categories under it."""
    found: set[int] = set()

    def walk(nodes: Sequence[Any], inside: bool) -> None:
        for node in nodes:
            hit = inside or node.id == category_id
            if hit:
                found.add(node.id)
            walk(node.children, hit)
    walk(category_tree(), False)
    return found


def build_bundle(runtime: Runtime, actor: Actor, instance_ids: Sequence[int], settings: EvidenceSettings,
                 selection: dict[str, Any], file_name: str) -> EvidenceBundle:
    """Sign the current heads (a checkpoint), read the cases, write the files and the signed manifest, zip them.

    The checkpoint is the server's housekeeping (the scheduler writes the same), not a change by the reader:
    it makes sure a signed checkpoint holds each case's newest head.
    """
    now = runtime.clock.now()
    write_checkpoint(now)
    anchors, checkpoint_breaks = read_checkpoints()
    cases = [read_case(db.session.get_one(ProcessInstance, instance_id), anchors) for instance_id in instance_ids]
    files: dict[str, bytes] = {}
    diagrams = add_diagrams(files, cases)
    summaries = [summary_of(case, actor, now) for case in cases]
    with font_for(settings.font, summaries) as font:  # the font cut down once, for every summary of the bundle
        for case, summary in zip(cases, summaries, strict=True):
            add_case_files(files, case, summary, font, now)
    streams = {case.stream for case in cases}
    files[layout.HEADS] = layout.plain_json({case.stream: case.head() for case in cases}).encode()
    files[layout.CHECKPOINTS] = checkpoint_lines(streams, cases)
    files[layout.README] = README_TEXT.encode()
    manifest = manifest_of(files, cases, diagrams, selection, actor, now, settings.signer, checkpoint_breaks)
    return EvidenceBundle(file_name, zipped(files, manifest, settings.signer), len(cases))


def add_diagrams(files: dict[str, bytes], cases: Sequence[CaseRecord]) -> list[dict[str, Any]]:
    """Add each diagram version the cases ran on (with its Camunda forms, if any); return their manifest entries."""
    entries = []
    for definition_id in sorted({case.instance.definition_id for case in cases}):
        row = db.session.get_one(ProcessDefinition, definition_id)
        name = layout.diagram_path(row.process_id, row.version)
        forms = name.removesuffix(".bpmn") + ".forms.json" if row.form_files else None
        files[name] = row.bpmn_xml
        if forms is not None:
            files[forms] = (row.form_files or "").encode()
        entries.append({"process_id": row.process_id, "version": row.version, "content_hash": row.content_hash,
                        "file": name, "forms": forms})
    return entries


def summary_of(case: CaseRecord, actor: Actor, now: datetime) -> CaseSummary:
    """Return what a case's PDF summary shows, in the reader's language."""
    xml = db.session.execute(select(ProcessDefinition.bpmn_xml)
                             .where(ProcessDefinition.id == case.instance.definition_id)).scalar_one()
    return case_summary(case, text_of_definition(case.instance.definition_id), read_diagram_layout(xml), actor, now)


def add_case_files(files: dict[str, bytes], case: CaseRecord, summary: CaseSummary, font: PdfFont,
                   now: datetime) -> None:
    """Add a case's history, ticket and PDF summary."""
    instance_id = case.instance.id
    files[layout.history_path(instance_id)] = history_lines(case.rows)
    if case.ticket is not None:
        files[layout.ticket_path(instance_id)] = layout.plain_json(ticket_facts(case.ticket, now)).encode()
    files[layout.summary_path(instance_id)] = render_summary(summary, font)


def checkpoint_lines(streams: set[str], cases: Sequence[CaseRecord]) -> bytes:
    """Return, as stored, every checkpoint that holds a head of one of the streams (from their first event on)."""
    first_ids = [case.rows[0].id for case in cases if case.rows]
    if not first_ids:
        return b""
    table = CHECKPOINT_TABLE
    rows = db.session.execute(select(table).where(or_(table.c.up_to_event_id >= min(first_ids),
                                                      table.c.kind == "legacy")).order_by(table.c.id)).all()
    lines = []
    for row in rows:
        if streams.intersection(json.loads(row.heads)):
            lines.append(layout.plain_json({
                "id": row.id, "kind": row.kind, "taken_at": row.taken_at.isoformat(),
                "up_to_event_id": row.up_to_event_id, "heads": row.heads, "prev_signature": row.prev_signature,
                "signature": row.signature}))
    return ("\n".join(lines) + "\n").encode() if lines else b""


def manifest_of(files: dict[str, bytes], cases: Sequence[CaseRecord], diagrams: list[dict[str, Any]],
                selection: dict[str, Any], actor: Actor, now: datetime, signer: EvidenceSigner,
                checkpoint_breaks: Sequence[Any]) -> bytes:
    """Return the manifest's bytes: the selection, the cases, the diagrams and every file's SHA-256."""
    manifest = {
        "format": layout.FORMAT, "exported_at": now.isoformat(), "exported_by": actor.login,
        "selection": selection, "key_fingerprint": signer.fingerprint(),
        "checkpoint_check": ({"holds": True} if not checkpoint_breaks else
                             {"holds": False, "reason": checkpoint_breaks[0].reason}),
        "cases": [case_entry(case) for case in cases], "diagrams": diagrams,
        "files": {name: layout.sha256_hex(content) for name, content in sorted(files.items())},
    }
    return json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False).encode()


def case_entry(case: CaseRecord) -> dict[str, Any]:
    """Return a case's manifest entry."""
    instance = case.instance
    return {"instance_id": instance.id, "business_key": instance.business_key, "process_id": instance.process_id,
            "status": instance.status, "stream": case.stream, "head": case.head(), "server_check": case.verdict,
            "history": layout.history_path(instance.id),
            "ticket": layout.ticket_path(instance.id) if case.ticket is not None else None,
            "summary": layout.summary_path(instance.id)}


def zipped(files: dict[str, bytes], manifest: bytes, signer: EvidenceSigner) -> bytes:
    """Return the zip of the files, the manifest, its signature and the public key."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(layout.MANIFEST, manifest)
        archive.writestr(layout.SIGNATURE, base64.b64encode(signer.sign(manifest)))
        archive.writestr(layout.PUBLIC_KEY, signer.public_key_pem())
        for name, content in sorted(files.items()):
            archive.writestr(name, content)
    return out.getvalue()


def evidence_key(settings: EvidenceSettings) -> dict[str, str]:
    """Return the installation's published evidence key: algorithm, PEM and fingerprint."""
    return {"algorithm": "Ed25519", "public_key_pem": settings.signer.public_key_pem(),
            "fingerprint": settings.signer.fingerprint()}

