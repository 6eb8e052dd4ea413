"""A chain rewritten in the database before export: the bundle carries the server's verdict, and the check names it."""
import io

from app.audit import bundle_format as layout
from app.audit.evidence_check import verify_bundle
from app.workflow.instances.history import instance_stream
from tests.audit.conftest import resolved_incident
from tests.security.test_history_tamper import append_only_restored, rewrite_and_rehash  # noqa: F401  (triggers back)


def test_bundle_of_a_chain_rewritten_in_the_database_fails_with_the_servers_verdict(desk, export_case) -> None:
    instance_id = resolved_incident(desk)
    rewrite_and_rehash(instance_stream(instance_id), 2, {"topic": "incident.nothing"})
    report = verify_bundle(io.BytesIO(export_case(instance_id)))
    [(file, seq, check, message)] = [(f.file, f.seq, f.check, f.message) for f in report.failures]
    assert (file, seq, check) == (layout.history_path(instance_id), 2, "server")
    assert message.startswith("the server's check with the history key found this chain broken at export: ")
    assert "its content does not match its hash" in message
