"""Finding 12 of issue 9: the history chain survives a database administrator who lacks the history key.

The attacker drops the append-only triggers, rewrites rows and re-hashes the chain with plain SHA-256
(all a reader of the code can do without the key), or deletes the newest events; `flowdesk
verify-history` must report it.
"""
import hashlib
import json
import os
import stat
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app.extensions import db
from app.scheduler import add_jobs, checkpoint_job
from app.workflow.instances.history import GENESIS_HASH, canonical_json
from app.workflow.instances.history_keys import HistoryKeyError, load_history_key
from app.workflow.instances.lifecycle import start_instance
from app.workflow.models import HistoryEvent


def drop_append_only_triggers() -> None:
    """What an administrator does first: let UPDATE and DELETE through."""
    if db.engine.dialect.name == "sqlite":
        for name in ("history_event_no_update", "history_event_no_delete"):
            db.session.execute(sa.text(f"DROP TRIGGER IF EXISTS {name}"))
    else:
        db.session.execute(sa.text("DROP TRIGGER IF EXISTS history_event_append_only ON history_event"))


def plain_hash(prev_hash: str, row) -> str:  # type: ignore[no-untyped-def]
    """The chain's hash as it was before keying: SHA-256 over the previous hash and the event."""
    moment = row.at.astimezone(UTC).isoformat()
    body = canonical_json([row.stream, row.seq, row.kind, row.element_id, row.task_id, row.actor, moment, row.data])
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def rows_of(stream: str) -> list[SimpleNamespace]:
    """Read a stream's rows, typed (the moments as aware datetimes)."""
    table = HistoryEvent.__table__
    rows = db.session.execute(sa.select(table).where(table.c.stream == stream).order_by(table.c.seq)).all()
    return [SimpleNamespace(**row._mapping) for row in rows]


def rewrite_and_rehash(stream: str, seq: int, data: dict) -> None:  # type: ignore[type-arg]
    """Change one event's data and re-hash it and every later event of the stream with plain SHA-256."""
    drop_append_only_triggers()
    prev = GENESIS_HASH
    for row in rows_of(stream):
        if row.seq >= seq:
            if row.seq == seq:
                row.data = json.dumps(data)
            digest = plain_hash(prev, row)
            db.session.execute(sa.text("UPDATE history_event SET data = :d, prev_hash = :p, hash = :h WHERE id = :i"),
                               {"d": row.data, "p": prev, "h": digest, "i": row.id})
            prev = digest
        else:
            prev = row.hash
    if stream.startswith("instance:"):
        db.session.execute(sa.text("UPDATE process_instance SET history_hash = :h WHERE id = :i"),
                           {"h": prev, "i": int(stream.split(":")[1])})
    db.session.commit()


def delete_after(stream: str, seq: int) -> None:
    """Delete a stream's events after seq and set the instance's head back, as if they never were."""
    drop_append_only_triggers()
    db.session.execute(sa.text("DELETE FROM history_event WHERE stream = :s AND seq > :n"), {"s": stream, "n": seq})
    head = rows_of(stream)[-1]
    db.session.execute(sa.text("UPDATE process_instance SET history_seq = :n, history_hash = :h WHERE id = :i"),
                       {"n": head.seq, "h": head.hash, "i": int(stream.split(":")[1])})
    db.session.commit()


@pytest.fixture(autouse=True)
def append_only_restored(app):  # type: ignore[no-untyped-def]
    """Put the triggers the tests drop back after each test: the PostgreSQL database is shared by a worker's tests."""
    yield
    db.session.rollback()
    if db.engine.dialect.name == "sqlite":
        return
    for trigger, table, function in (("history_event_append_only", "history_event", "history_event_refuse_change"),
                                     ("history_checkpoint_append_only", "history_checkpoint",
                                      "history_checkpoint_refuse_change")):
        if not db.session.execute(sa.text("SELECT 1 FROM pg_trigger WHERE tgname = :n"), {"n": trigger}).first():
            db.session.execute(sa.text(f"CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {table} "
                                       f"FOR EACH ROW EXECUTE FUNCTION {function}()"))
    db.session.commit()


@pytest.fixture
def instance_stream_name(runtime, deploy, demo) -> str:  # type: ignore[no-untyped-def]
    """An incident with a few events in its history."""
    deploy("incident.bpmn")
    instance_id = start_instance(runtime, "incident", {"title": "VPN down"}, actor="rita")
    return f"instance:{instance_id}"


def test_verify_history_passes_an_untouched_trail_with_checkpoints(cli, instance_stream_name) -> None:
    assert cli("checkpoint-history").exit_code == 0
    result = cli("verify-history")
    assert result.exit_code == 0, result.output
    assert "every chain holds" in result.output


def test_rewrite_rehashed_with_plain_sha256_is_reported(cli, instance_stream_name) -> None:
    rewrite_and_rehash(instance_stream_name, 1, {"variables": {"title": "Nothing happened"}})
    result = cli("verify-history", "--json")
    assert result.exit_code == 1
    broken = json.loads(result.output)["broken"]
    assert [(b["stream"], b["seq"]) for b in broken] == [(instance_stream_name, 1)]


def test_rewrite_of_the_deployments_stream_rehashed_with_plain_sha256_is_reported(cli, instance_stream_name) -> None:
    rewrite_and_rehash("deployments", 1, {"version": 1, "file_name": "innocent.bpmn"})
    assert cli("verify-history").exit_code == 1


def test_deleting_the_newest_events_after_a_checkpoint_is_reported(cli, instance_stream_name) -> None:
    last = rows_of(instance_stream_name)[-1].seq
    assert last >= 2
    assert "Signed the heads of 2 streams." in cli("checkpoint-history").output
    delete_after(instance_stream_name, 1)
    result = cli("verify-history", "--json")
    assert result.exit_code == 1
    (broken,) = json.loads(result.output)["broken"]
    assert (broken["stream"], broken["seq"]) == (instance_stream_name, 2)
    assert f"events 2 to {last} are missing" in broken["reason"]


def test_deleting_a_whole_stream_after_a_checkpoint_is_reported(cli, instance_stream_name) -> None:
    cli("checkpoint-history")
    drop_append_only_triggers()
    db.session.execute(sa.text("DELETE FROM history_event WHERE stream = :s"), {"s": instance_stream_name})
    db.session.commit()
    result = cli("verify-history", "--json")
    assert [b["stream"] for b in json.loads(result.output)["broken"]] == [instance_stream_name]


def test_a_checkpoint_forged_without_the_key_is_reported(cli, instance_stream_name) -> None:
    cli("checkpoint-history")
    if db.engine.dialect.name == "sqlite":
        db.session.execute(sa.text("DROP TRIGGER IF EXISTS history_checkpoint_no_update"))
    else:
        db.session.execute(sa.text("DROP TRIGGER IF EXISTS history_checkpoint_append_only ON history_checkpoint"))
    db.session.execute(sa.text("UPDATE history_checkpoint SET heads = '{}', "
                               "signature = :s"), {"s": hashlib.sha256(b"{}").hexdigest()})
    db.session.commit()
    result = cli("verify-history", "--json")
    assert result.exit_code == 1
    assert [b["stream"] for b in json.loads(result.output)["broken"]] == ["checkpoints"]


def test_scheduler_signs_the_heads_every_few_minutes(app, instance_stream_name) -> None:
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(timezone="UTC")
    add_jobs(scheduler, app)
    job = scheduler.get_job("history-checkpoint")
    assert job is not None and job.trigger.interval.total_seconds() == app.config["HISTORY_CHECKPOINT_MINUTES"] * 60
    checkpoint_job(app)
    heads = db.session.execute(sa.text("SELECT heads FROM history_checkpoint")).scalars().all()
    assert len(heads) == 1 and instance_stream_name in json.loads(heads[0])


def test_history_key_file_is_created_once_private_and_reused(tmp_path) -> None:
    key_file = tmp_path / "instance" / "history_key"
    first = load_history_key(None, key_file)
    assert len(first) == 64
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert load_history_key(None, key_file) == first
    assert load_history_key("k" * 40, key_file) == b"k" * 40


def test_a_short_history_key_is_refused(tmp_path) -> None:
    with pytest.raises(HistoryKeyError, match="shorter than 32"):
        load_history_key("short", tmp_path / "history_key")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_migration_keeps_old_chains_verifiable_and_keys_the_new_events(app, cli, runtime, deploy, demo) -> None:
    downgrade(revision="0013")
    db.session.remove()
    at = datetime(2026, 1, 1, tzinfo=UTC)
    prev = GENESIS_HASH
    for seq in (1, 2):
        event = SimpleNamespace(stream="legacy", seq=seq, kind="note", element_id=None, task_id=None, actor="olga",
                                at=at, data="{}")
        digest = plain_hash(prev, event)
        db.session.execute(sa.text(
            "INSERT INTO history_event (stream, seq, instance_id, kind, element_id, task_id, actor, at, data, "
            "prev_hash, hash) VALUES ('legacy', :seq, NULL, 'note', NULL, NULL, 'olga', :at, '{}', :p, :h)"),
            {"seq": seq, "at": at.replace(tzinfo=None).isoformat(sep=" "), "p": prev, "h": digest})
        prev = digest
    db.session.commit()
    upgrade()
    db.session.remove()
    assert cli("verify-history").exit_code == 0
    deploy("incident.bpmn")
    start_instance(runtime, "incident", {"title": "After the migration"}, actor="rita")  # keyed events
    assert cli("verify-history").exit_code == 0
    rewrite_and_rehash("legacy", 1, {"rewritten": True})
    result = cli("verify-history", "--json")
    assert [(b["stream"], b["seq"]) for b in json.loads(result.output)["broken"]] == [("legacy", 2)]
