"""The evidence bundle's layout and the digests both its maker and its offline checker compute (stdlib only).

A bundle is a zip:

    manifest.json            what the bundle holds: the selection, each case and the SHA-256 of every other file
    manifest.sig             the Ed25519 signature of manifest.json's bytes (base64)
    public_key.pem           the key that signed it; compare its fingerprint with the one the installation publishes
    README.txt               how to check it
    chain/heads.json         each case's stream head: {stream: [seq, hash]}
    chain/checkpoints.jsonl  the signed checkpoints that hold those streams' heads, as stored
    diagrams/<process>-v<version>.bpmn   the diagram versions the cases ran on, byte for byte as deployed
    cases/<instance id>/history.jsonl    the case's events, oldest first, one JSON object a line
    cases/<instance id>/ticket.json      its ticket and SLA outcome, when it has a ticket
    cases/<instance id>/summary.pdf      the summary for people: the diagram with the path, the steps, the SLA
"""
import hashlib
import json
from typing import Any

FORMAT = "flowdesk-evidence/1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PUBLIC_KEY = "public_key.pem"
README = "README.txt"
HEADS = "chain/heads.json"
CHECKPOINTS = "chain/checkpoints.jsonl"
UNLISTED = frozenset({MANIFEST, SIGNATURE, PUBLIC_KEY})  # the files the manifest cannot list (it or its proof)
GENESIS_HASH = "0" * 64  # app.workflow.instances.history.GENESIS_HASH: the prev_hash of a stream's first event


def history_path(instance_id: int) -> str:
    """Name a case's history file."""
    return f"cases/{instance_id}/history.jsonl"


def ticket_path(instance_id: int) -> str:
    """Name a case's ticket file."""
    return f"cases/{instance_id}/ticket.json"


def summary_path(instance_id: int) -> str:
    """Name a case's PDF summary."""
    return f"cases/{instance_id}/summary.pdf"


def diagram_path(process_id: str, version: int) -> str:
    """Name the file of a diagram version."""
    safe = "".join(char if char.isalnum() or char in "-_." else "_" for char in process_id)
    return f"diagrams/{safe}-v{version}.bpmn"


def sha256_hex(content: bytes) -> str:
    """Return the SHA-256 of content, hex."""
    return hashlib.sha256(content).hexdigest()


def plain_json(value: Any) -> str:
    """Serialize deterministically (as app.workflow.instances.history.canonical_json does)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


EVENT_FIELDS = ("stream", "seq", "kind", "element_id", "task_id", "actor", "at", "data", "prev_hash", "hash")


def event_digest(event: dict[str, Any]) -> str:
    """Return the plain SHA-256 of one exported event's fields (its hash included).

    The event's own hash is an HMAC with the server's secret history key, which an auditor does not hold; this
    digest lets the offline checker name the very event whose content was changed after export. Whoever
    changes an event can recompute it too: that is then caught by the chain's links and heads, the checkpoints
    and, always, by the manifest's signed file hash.
    """
    return sha256_hex(plain_json([event.get(name) for name in EVENT_FIELDS]).encode())
