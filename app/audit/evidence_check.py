"""Check an evidence bundle offline: no database, no server, no secret key; say exactly what fails.

What it proves with the bundle alone:
- manifest.json was signed by the key in public_key.pem (and, when the auditor pins the installation's
  published key or fingerprint, that this is the installation's key): nothing listed was changed since export;
- every file's SHA-256 matches the manifest; no listed file is missing and none was added;
- each case's events form an unbroken chain (sequence 1, 2, 3, ... and every prev_hash is the hash before it),
  each event's content matches its digest, and the chain ends at the head chain/heads.json holds and passes
  through every head the included checkpoints hold;
- each diagram file is, byte for byte, the deployed version (its SHA-256 is the content hash of that version);
- the server's own check at export (with the secret history key) found every chain sound.

What it cannot prove without the history key: that an event's hash is the HMAC of its content, and that a
checkpoint's signature is genuine. Those the server checked when it made the bundle (recorded per case in the
signed manifest, as `server_check`); whoever holds the key can check them again with `flowdesk verify-history`.
"""
import base64
import binascii
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_public_key

from app.audit.bundle_format import (
    CHECKPOINTS,
    FORMAT,
    GENESIS_HASH,
    HEADS,
    MANIFEST,
    PUBLIC_KEY,
    SIGNATURE,
    UNLISTED,
    event_digest,
    sha256_hex,
)


@dataclass(frozen=True)
class Finding:
    """One failed check: the file, the event (sequence number) if any, the check's name and what is wrong."""

    file: str
    check: str
    message: str
    seq: int | None = None

    def line(self) -> str:
        """Return the finding as one line."""
        where = f"{self.file} event {self.seq}" if self.seq is not None else self.file
        return f"FAIL {where} [{self.check}]: {self.message}"


@dataclass
class EvidenceReport:
    """What the check found: failures, and notes on what was and was not proved."""

    failures: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cases: int = 0
    events: int = 0
    fingerprint: str | None = None

    @property
    def holds(self) -> bool:
        """Say whether every check passed."""
        return not self.failures

    def fail(self, file: str, check: str, message: str, seq: int | None = None) -> None:
        """Record a failed check."""
        self.failures.append(Finding(file, check, message, seq))

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-able data."""
        return {"holds": self.holds, "cases": self.cases, "events": self.events, "fingerprint": self.fingerprint,
                "failures": [finding.__dict__ for finding in self.failures], "notes": self.notes}


class NotABundle(ValueError):
    """The file is no evidence bundle at all (not a zip, or no manifest)."""


def verify_bundle(source: str | Path | IO[bytes], trusted_key_pem: bytes | None = None,
                  trusted_fingerprint: str | None = None) -> EvidenceReport:
    """Check a bundle; trusted_key_pem or trusted_fingerprint pin the installation's published key."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotABundle(f"{source} is not a zip file ({exc}); an evidence bundle is the zip FlowDesk exports.") \
            from exc
    with archive:
        files = {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    report = EvidenceReport()
    manifest = read_manifest(files, report)
    check_signature(files, report, trusted_key_pem, trusted_fingerprint)
    check_file_hashes(files, manifest, report)
    check_diagrams(files, manifest, report)
    check_cases(files, manifest, report)
    report.notes.append("Not checkable without the server's secret history key: that each event's hash is the HMAC "
                        "of its content, and the checkpoints' signatures. The server checked both at export "
                        "(server_check in the signed manifest); `flowdesk verify-history` on the server checks "
                        "them again.")
    return report


def read_manifest(files: dict[str, bytes], report: EvidenceReport) -> dict[str, Any]:
    """Return the parsed manifest, or raise NotABundle when there is none to read."""
    if MANIFEST not in files:
        raise NotABundle(f"The zip holds no {MANIFEST}: it is not a FlowDesk evidence bundle, or it was cut short.")
    try:
        manifest = json.loads(files[MANIFEST])
    except ValueError as exc:
        raise NotABundle(f"{MANIFEST} is not valid JSON ({exc}); the bundle was damaged.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise NotABundle(f"{MANIFEST} does not describe a bundle of format {FORMAT}.")
    return manifest


def check_signature(files: dict[str, bytes], report: EvidenceReport, trusted_key_pem: bytes | None,
                    trusted_fingerprint: str | None) -> None:
    """Check manifest.sig against public_key.pem, and that key against the pinned one, if any."""
    key = bundled_key(files, report)
    if key is None:
        return
    report.fingerprint = fingerprint_of(key)
    manifest = json.loads(files[MANIFEST])
    if manifest.get("key_fingerprint") != report.fingerprint:
        report.fail(PUBLIC_KEY, "key", f"its fingerprint {report.fingerprint} is not the one the manifest names "
                    f"({manifest.get('key_fingerprint')}): the key was swapped.")
    try:
        key.verify(base64.b64decode(files.get(SIGNATURE, b""), validate=True), files[MANIFEST])
    except (InvalidSignature, binascii.Error, ValueError):
        report.fail(MANIFEST, "signature", f"its signature ({SIGNATURE}) does not verify with the bundle's public "
                    "key: the manifest was changed after export, or the signature is missing or damaged.")
    check_pinned_key(report, trusted_key_pem, trusted_fingerprint)


def bundled_key(files: dict[str, bytes], report: EvidenceReport) -> Ed25519PublicKey | None:
    """Return the bundle's public key, or record why there is none usable."""
    if PUBLIC_KEY not in files:
        report.fail(PUBLIC_KEY, "key", "missing: without it the manifest's signature cannot be checked.")
        return None
    try:
        key = load_pem_public_key(files[PUBLIC_KEY])
    except ValueError:
        key = None
    if not isinstance(key, Ed25519PublicKey):
        report.fail(PUBLIC_KEY, "key", "it holds no Ed25519 public key in PEM form.")
        return None
    return key


def fingerprint_of(key: Ed25519PublicKey) -> str:
    """Return SHA-256 of the key's raw 32 bytes, hex (app.audit.evidence_keys.public_key_fingerprint)."""
    return sha256_hex(key.public_bytes(Encoding.Raw, PublicFormat.Raw))


def check_pinned_key(report: EvidenceReport, trusted_key_pem: bytes | None, trusted_fingerprint: str | None) -> None:
    """Compare the bundle's key with the one the auditor trusts; note when none was given."""
    if trusted_key_pem is not None:
        trusted = load_pem_public_key(trusted_key_pem)
        if not isinstance(trusted, Ed25519PublicKey):
            raise NotABundle("The trusted public key is not an Ed25519 key in PEM form.")
        trusted_fingerprint = fingerprint_of(trusted)
    if trusted_fingerprint is None:
        report.notes.append(f"The signing key was not pinned: compare its fingerprint {report.fingerprint} with the "
                            "one your installation publishes (flowdesk evidence-key, or the evidence export page), "
                            "or pass --public-key.")
    elif trusted_fingerprint.strip().lower().replace(":", "") != report.fingerprint:
        report.fail(PUBLIC_KEY, "key", f"it is not the trusted key: fingerprint {report.fingerprint}, trusted "
                    f"{trusted_fingerprint}. Someone else signed this bundle.")


def check_file_hashes(files: dict[str, bytes], manifest: dict[str, Any], report: EvidenceReport) -> None:
    """Compare every file with the manifest's SHA-256; name missing and added files."""
    listed: dict[str, str] = manifest.get("files") or {}
    for name, expected in sorted(listed.items()):
        if name not in files:
            report.fail(name, "file", "listed in the manifest but missing from the bundle (removed after export).")
        elif sha256_hex(files[name]) != expected:
            report.fail(name, "file", "its SHA-256 does not match the manifest: the file was changed after export.")
    for name in sorted(set(files) - set(listed) - UNLISTED):
        report.fail(name, "file", "not listed in the manifest: it was added after export.")


def check_diagrams(files: dict[str, bytes], manifest: dict[str, Any], report: EvidenceReport) -> None:
    """Check each diagram file (with its Camunda forms) against the content hash of the deployed version."""
    for diagram in manifest.get("diagrams") or []:
        content = files.get(diagram["file"])
        forms = files.get(diagram["forms"], b"") if diagram.get("forms") else b""
        if content is not None and sha256_hex(content + forms) != diagram["content_hash"]:
            report.fail(diagram["file"], "diagram", f"it is not the deployed diagram of {diagram['process_id']} "
                        f"version {diagram['version']}: its SHA-256 differs from that version's content hash.")


def check_cases(files: dict[str, bytes], manifest: dict[str, Any], report: EvidenceReport) -> None:
    """Check each case's chain against its head and the checkpoints; report the server's own check."""
    heads = read_json_file(files, HEADS, report) or {}
    checkpoints = read_checkpoints(files, report)
    for case in manifest.get("cases") or []:
        report.cases += 1
        events = read_events(files, case["history"], report)
        if events is None:
            continue
        report.events += len(events)
        check_chain(case["history"], case["stream"], events, report)
        check_heads(case, events, heads, checkpoints, report)
        check_server_verdict(case, report)


def read_json_file(files: dict[str, bytes], name: str, report: EvidenceReport) -> Any:
    """Return a JSON file's content, or None (recorded) when it is missing or unreadable."""
    if name not in files:
        return None  # the manifest check names it
    try:
        return json.loads(files[name])
    except ValueError:
        report.fail(name, "format", "it is not valid JSON.")
        return None


def read_checkpoints(files: dict[str, bytes], report: EvidenceReport) -> list[dict[str, Any]]:
    """Return the bundled checkpoints with their heads parsed."""
    found = []
    for number, line in enumerate(files.get(CHECKPOINTS, b"").decode(errors="replace").splitlines(), 1):
        try:
            row = json.loads(line)
            row["heads"] = json.loads(row["heads"])
        except (ValueError, KeyError, TypeError):
            report.fail(CHECKPOINTS, "format", f"line {number} is not a checkpoint in JSON.")
            continue
        found.append(row)
    return found


def read_events(files: dict[str, bytes], name: str, report: EvidenceReport) -> list[dict[str, Any]] | None:
    """Return a case's events, or None (recorded) when its file is missing or a line is not JSON."""
    if name not in files:
        return None
    events = []
    for number, line in enumerate(files[name].decode(errors="replace").splitlines(), 1):
        try:
            event = json.loads(line)
        except ValueError:
            report.fail(name, "format", f"line {number} is not JSON.")
            return None
        if not isinstance(event, dict):
            report.fail(name, "format", f"line {number} is not an event object.")
            return None
        events.append(event)
    return events


def check_chain(name: str, stream: str, events: list[dict[str, Any]], report: EvidenceReport) -> None:
    """Walk one case's events: content against digest, sequence numbers and links; stop at the first break."""
    expected_seq, prev_hash = 1, GENESIS_HASH
    for event in events:
        seq = event.get("seq")
        if event.get("stream") != stream:
            report.fail(name, "chain", f"it belongs to stream {event.get('stream')}, not {stream}.", seq)
            return
        if event_digest(event) != event.get("digest"):
            report.fail(name, "content", "its content does not match its digest: the event was changed after "
                        "export.", seq)
            return
        if seq != expected_seq:
            report.fail(name, "chain", f"events {expected_seq} to {int(seq or 0) - 1} are missing (removed).", seq)
            return
        if event.get("prev_hash") != prev_hash:
            report.fail(name, "chain", "its link to the previous event does not match: an earlier event was "
                        "changed, re-hashed or removed.", seq)
            return
        expected_seq, prev_hash = expected_seq + 1, str(event.get("hash"))


def check_heads(case: dict[str, Any], events: list[dict[str, Any]], heads: dict[str, Any],
                checkpoints: list[dict[str, Any]], report: EvidenceReport) -> None:
    """Check that the chain ends at its recorded head and passes through every head a checkpoint holds."""
    name, stream = case["history"], case["stream"]
    by_seq = {event.get("seq"): event for event in events}
    last: dict[str, Any] = events[-1] if events else {"seq": 0, "hash": GENESIS_HASH}
    recorded = heads.get(stream)
    if recorded is None:
        report.fail(HEADS, "head", f"it holds no head for {stream}.")
    elif [last.get("seq"), last.get("hash")] != list(recorded):
        report.fail(name, "head", f"the chain ends at event {last.get('seq')} with another hash than the head "
                    f"{HEADS} holds (event {recorded[0]}): events were removed, or the chain was re-hashed.",
                    last.get("seq"))
    covered = False
    for checkpoint in checkpoints:
        signed = checkpoint["heads"].get(stream)
        if signed is None:
            continue
        covered = True
        seq, digest = int(signed[0]), str(signed[1])
        event = by_seq.get(seq)
        if event is None:
            report.fail(name, "checkpoint", f"checkpoint {checkpoint.get('id')} signed event {seq} as a head, "
                        "and the bundle does not hold it: events were removed.", seq)
        elif event.get("hash") != digest:
            report.fail(name, "checkpoint", f"its hash is not the one checkpoint {checkpoint.get('id')} signed: "
                        "the chain was rewritten and re-hashed at or before this event.", seq)
    if not covered and events:
        report.notes.append(f"{stream}: no checkpoint in the bundle holds a head of it; its events are vouched for "
                            "by the manifest's signature alone.")


def check_server_verdict(case: dict[str, Any], report: EvidenceReport) -> None:
    """Report a chain the server found broken when it made the bundle (recorded in the signed manifest)."""
    verdict = case.get("server_check") or {}
    if not verdict.get("holds", False):
        report.fail(case["history"], "server", "the server's check with the history key found this chain broken "
                    f"at export: {verdict.get('reason', 'no verdict recorded')}", verdict.get("seq"))
