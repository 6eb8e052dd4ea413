"""The offline check of evidence bundles: each change to a bundle is caught and named (file, event, check).

The check reads the bundle's bytes alone, so these tests make their bundles on SQLite only: which database made a
bundle changes nothing of what is in it (the round trip in test_evidence_bundle.py runs on both).
"""
import hashlib

import pytest

from app.audit import bundle_format as layout
from tests.audit.conftest import files_of, resolved_incident, zip_of
from tests.audit.test_evidence_bundle import events_of, findings, lines_of


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """Make the bundles on SQLite (see the module's docstring)."""
    return sqlite_url


def test_changed_event_is_named_by_its_file_its_sequence_number_and_the_content_check(desk, export_case) -> None:
    instance_id = resolved_incident(desk)
    files = files_of(export_case(instance_id))
    history = layout.history_path(instance_id)
    events = events_of(files, history)
    changed = next(event for event in events if "Replaced the fuser." in event["data"])
    changed["data"] = changed["data"].replace("Replaced the fuser.", "Nothing was wrong.")
    files[history] = lines_of(events)
    found = findings(zip_of(files))
    assert (history, changed["seq"], "content", "its content does not match its digest: the event was changed "
            "after export.") in found
    assert (history, None, "file", "its SHA-256 does not match the manifest: the file was changed after "
            "export.") in found


def test_rehashed_event_shows_as_a_head_the_signed_checkpoint_does_not_hold(desk, export_case) -> None:
    instance_id = resolved_incident(desk)
    files = files_of(export_case(instance_id))
    history = layout.history_path(instance_id)
    events = events_of(files, history)
    events[2]["actor"] = "mallory"
    prev = events[1]["hash"]
    for event in events[2:]:  # what a forger does: new hashes down the chain, links and digests to match
        event["prev_hash"] = prev
        event["hash"] = hashlib.sha256((prev + layout.plain_json(event)).encode()).hexdigest()
        event["digest"] = layout.event_digest(event)
        prev = event["hash"]
    files[history] = lines_of(events)
    found = findings(zip_of(files))
    checkpoint_findings = [f for f in found if f[2] == "checkpoint"]
    assert checkpoint_findings, found
    assert all(seq is not None and seq >= 3 for _file, seq, _check, _message in checkpoint_findings)
    assert "the chain was rewritten and re-hashed at or before this event" in checkpoint_findings[0][3]
    assert any(f[2] == "head" and f[1] == events[-1]["seq"] for f in found)
    assert not any(f[2] in ("content", "chain") for f in found)  # the forgery is consistent in itself


def test_removed_file_is_named_as_missing(desk, export_case) -> None:
    instance_id = resolved_incident(desk)
    files = files_of(export_case(instance_id))
    del files[layout.summary_path(instance_id)]
    assert findings(zip_of(files)) == [(layout.summary_path(instance_id), None, "file",
                                        "listed in the manifest but missing from the bundle (removed after export).")]


def test_changed_diagram_is_named_as_not_the_deployed_version(desk, export_case) -> None:
    files = files_of(export_case(resolved_incident(desk)))
    name = "diagrams/incident-v1.bpmn"
    files[name] = files[name].replace(b'name="Classify the incident"', b'name="Approve the incident"')
    found = findings(zip_of(files))
    assert (name, None, "file", "its SHA-256 does not match the manifest: the file was changed after export.") in found
    assert (name, None, "diagram", "it is not the deployed diagram of incident version 1: its SHA-256 differs from "
            "that version's content hash.") in found


def test_changed_manifest_breaks_its_signature(desk, export_case) -> None:
    files = files_of(export_case(resolved_incident(desk)))
    files[layout.MANIFEST] = files[layout.MANIFEST].replace(b'"exported_by": "audrey"', b'"exported_by": "adam"')
    ((file, _seq, check, _message),) = findings(zip_of(files))
    assert (file, check) == (layout.MANIFEST, "signature")


def test_added_file_is_named(desk, export_case) -> None:
    files = files_of(export_case(resolved_incident(desk)))
    files["cases/extra.txt"] = b"planted"
    assert findings(zip_of(files)) == [("cases/extra.txt", None, "file",
                                        "not listed in the manifest: it was added after export.")]
