"""A connection lost while a COMMIT is under way: the unit asks whether it committed before it runs again.

A unit that appended history asks whether its last event is stored; any other that wrote asks whether its
transaction (by the id it read just before the COMMIT) committed.

FlowDesk talks to PostgreSQL through a loopback proxy that reads the protocol's messages as they pass and cuts
the connection at one of two moments: after the server has answered a COMMIT (the transaction is committed, the
answer never arrives) or before the COMMIT reaches the server (nothing is committed). Either way the person's
completion happens exactly once and they get its answer, not an error, nor "already completed" by themselves.
PostgreSQL only: SQLite runs inside FlowDesk's process, so its COMMIT cannot be cut off from its answer.
"""
import contextlib
import socket
import struct
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from app.extensions import db
from app.factory import create_app
from app.organisation.models import Department
from app.organisation.policies import system_actor
from app.organisation.users import add_user
from app.platform import transactions
from app.platform.transactions import use_case
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.lifecycle import start_instance
from app.workflow.models import HistoryEvent, ProcessInstance, UserTask
from app.workflow.tasks.actions import claim_task, complete_task
from tests.conftest import DIAGRAMS, empty_all

pytestmark = pytest.mark.postgres
AFTER_ANSWER, BEFORE_SENDING = "after the server answered the COMMIT", "before the COMMIT reached the server"
WHILE_COMMITTING = "once the COMMIT reached the server, which is still committing"
UNNOTICED = "before the COMMIT reached the server, which is not told (its transaction waits, holding its locks)"


class CommitCutter:
    """A loopback proxy to PostgreSQL that, once armed, ends the next connection to run a COMMIT at one moment."""

    def __init__(self, server: tuple[str, int]) -> None:
        self.server = server
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.armed: str | None = None
        self.cuts = 0
        self.held: list[socket.socket] = []  # server sides kept open after an unnoticed cut
        self.lock = threading.Lock()
        threading.Thread(target=self.accept, daemon=True).start()

    def arm(self, moment: str) -> None:
        """Cut the next connection that runs a COMMIT, at moment."""
        self.armed = moment

    def take(self, moment: str) -> bool:
        """Disarm and say so if armed for moment (one cut per arming, whichever connection gets there first)."""
        with self.lock:
            if self.armed != moment:
                return False
            self.armed = None
            self.cuts += 1
            return True

    def accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.server)
            pair = (client, upstream)
            threading.Thread(target=self.pump, args=(client, upstream, pair, True), daemon=True).start()
            threading.Thread(target=self.pump, args=(upstream, client, pair, False), daemon=True).start()

    def pump(self, source: socket.socket, sink: socket.socket, pair: tuple[socket.socket, ...],
             from_client: bool) -> None:
        """Forward whole protocol messages from source to sink, cutting both sockets at the armed moment."""
        buffer, started = b"", not from_client  # the client's first message (startup) has no type byte
        try:
            while chunk := source.recv(65536):
                buffer += chunk
                messages, buffer, started = split_messages(buffer, started)
                for number, (kind, body, raw) in enumerate(messages):
                    if from_client and kind in (b"P", b"Q") and is_commit(kind, body) and self.take(BEFORE_SENDING):
                        raise ConnectionAbortedError
                    if from_client and kind in (b"P", b"Q") and is_commit(kind, body) and self.take(UNNOTICED):
                        self.held.append(sink)  # as after a network partition: the server keeps waiting
                        with contextlib.suppress(OSError):
                            source.shutdown(socket.SHUT_RDWR)
                        source.close()
                        return
                    if from_client and kind in (b"P", b"Q") and is_commit(kind, body) and self.take(WHILE_COMMITTING):
                        # the COMMIT and what follows it (its Bind, Execute and Sync) reach the server
                        sink.sendall(b"".join(later for _, _, later in messages[number:]) + buffer)
                        raise ConnectionAbortedError
                    if not from_client and kind == b"C" and body.startswith(b"COMMIT\0") and self.take(AFTER_ANSWER):
                        raise ConnectionAbortedError
                    sink.sendall(raw)
        except OSError:
            pass
        for end in pair:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()

    def close(self) -> None:
        self.listener.close()
        for held in self.held:
            held.close()


def split_messages(buffer: bytes, started: bool) -> tuple[list[tuple[bytes, bytes, bytes]], bytes, bool]:
    """Return the whole messages at the head of buffer (type, body, raw bytes), what is left, and started."""
    messages = []
    while True:
        head = 5 if started else 4
        if len(buffer) < head:
            return messages, buffer, started
        length = struct.unpack("!I", buffer[head - 4:head])[0]
        end = head - 4 + length
        if len(buffer) < end:
            return messages, buffer, started
        kind = buffer[:1] if started else b""
        messages.append((kind, buffer[head:end], buffer[:end]))
        buffer, started = buffer[end:], True


def is_commit(kind: bytes, body: bytes) -> bool:
    """Say whether a Parse or simple Query message runs COMMIT."""
    text = body.split(b"\0", 2)[1] if kind == b"P" else body.split(b"\0", 1)[0]
    return text.strip().upper() == b"COMMIT"


@pytest.fixture
def cut_app(postgres_database: str, clock: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Flask, Any]]:
    """An app whose connections to the test database pass through a CommitCutter (plain TCP: the proxy reads)."""
    empty_all(postgres_database)
    monkeypatch.setattr(transactions, "pause", lambda _seconds: None)
    url = sa.engine.make_url(postgres_database)
    cutter = CommitCutter((url.host or "127.0.0.1", url.port or 5432))
    through = url.set(host="127.0.0.1", port=cutter.port,
                      query={**url.query, "sslmode": "disable", "gssencmode": "disable"})
    app = create_app({"SQLALCHEMY_DATABASE_URI": through.render_as_string(hide_password=False), "TESTING": True,
                      "RUN_CACHE_SIZE": 0, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}, clock=clock)
    with app.app_context():
        yield app, cutter
        db.session.remove()
        db.engine.dispose()
    cutter.close()


def started_task(app: Flask, cutter: CommitCutter, moment: str) -> tuple[int, str]:
    """Deploy a one-task diagram (its task offered to the service desk), start it with its COMMIT cut off at
    moment, and return the instance id and its open task's id."""
    runtime = app.extensions["flowdesk"]
    add_user(runtime, system_actor(), "sam", ["service-desk"])
    deploy_diagram(runtime, (DIAGRAMS / "inbox_task.bpmn").read_bytes(), "inbox_task.bpmn", "owner")
    cutter.arm(moment)
    instance_id = start_instance(runtime, "inbox_task", {"group": "service-desk", "person": "", "due": None,
                                                         "priority": None}, actor="sam")
    task_id = db.session.execute(sa.select(UserTask.id).where(UserTask.instance_id == instance_id)).scalar_one()
    db.session.commit()
    return instance_id, task_id


def events_of(instance_id: int, kind: str) -> int:
    """Count an instance's history events of one kind (a fresh read)."""
    count = db.session.execute(sa.select(sa.func.count()).select_from(HistoryEvent).where(
        HistoryEvent.instance_id == instance_id, HistoryEvent.kind == kind)).scalar_one()
    db.session.commit()
    return count


@pytest.mark.parametrize("moment", [AFTER_ANSWER, BEFORE_SENDING])
def test_a_start_claim_and_completion_whose_commits_were_cut_off_each_happen_once_and_are_answered(cut_app, moment) -> None:
    app, cutter = cut_app
    runtime = app.extensions["flowdesk"]
    instance_id, task_id = started_task(app, cutter, moment)
    assert cutter.cuts == 1
    cutter.arm(moment)
    claim_task(runtime, task_id, "sam")
    assert cutter.cuts == 2
    cutter.arm(moment)
    status = complete_task(runtime, task_id, "sam", {})
    assert cutter.cuts == 3
    assert status == "completed"
    instances = db.session.execute(sa.select(sa.func.count()).select_from(ProcessInstance)).scalar_one()
    assert instances == 1  # a start run again would have started a second one
    assert events_of(instance_id, "task_claimed") == 1
    assert events_of(instance_id, "task_completed") == 1


@use_case
def add_department(name: str) -> None:
    """A unit that writes one row and no history."""
    db.session.add(Department(name=name))


@pytest.mark.parametrize("moment", [AFTER_ANSWER, BEFORE_SENDING])
def test_a_unit_without_history_whose_commit_was_cut_off_writes_once(cut_app, moment) -> None:
    _, cutter = cut_app
    cutter.arm(moment)
    add_department("Service desk")
    assert cutter.cuts == 1
    names = db.session.execute(sa.select(Department.name)).scalars().all()
    db.session.commit()
    assert names == ["Service desk"]  # run again after a COMMIT that had happened: two rows


SLOW_COMMIT = """
CREATE FUNCTION flowdesk_test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN PERFORM pg_sleep(0.4); RETURN NULL; END $$;
CREATE CONSTRAINT TRIGGER flowdesk_test_slow_commit AFTER INSERT ON {table} DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION flowdesk_test_slow_commit();
"""


@pytest.fixture
def slow_commits(postgres_database: str) -> Iterator[Any]:
    """Make COMMITs of transactions that inserted into a table take 0.4 s a row (a deferred trigger sleeps), as a
    synchronous standby's answer or a slow disk would; dropped after the test."""
    engine = sa.create_engine(postgres_database)
    tables: list[str] = []

    def slow(table: str) -> None:
        with engine.begin() as connection:
            connection.exec_driver_sql(SLOW_COMMIT.format(table=table) if not tables else
                                       SLOW_COMMIT.split(";", 1)[1].format(table=table))
        tables.append(table)
    yield slow
    with engine.begin() as connection:
        for table in tables:
            connection.exec_driver_sql(f"DROP TRIGGER flowdesk_test_slow_commit ON {table}")
        if tables:
            connection.exec_driver_sql("DROP FUNCTION flowdesk_test_slow_commit()")
    engine.dispose()


def test_a_completion_cut_off_while_the_server_still_commits_it_happens_once_and_is_answered(cut_app,
                                                                                           slow_commits) -> None:
    app, cutter = cut_app
    runtime = app.extensions["flowdesk"]
    instance_id, task_id = started_task(app, cutter, AFTER_ANSWER)
    claim_task(runtime, task_id, "sam")
    slow_commits("history_event")
    cutter.arm(WHILE_COMMITTING)
    status = complete_task(runtime, task_id, "sam", {})  # asked at once, the proof would not yet find the event
    assert cutter.cuts == 2
    assert status == "completed"
    assert events_of(instance_id, "task_completed") == 1


def test_a_unit_without_history_cut_off_while_the_server_still_commits_it_writes_once(cut_app, slow_commits) -> None:
    _, cutter = cut_app
    slow_commits("department")
    cutter.arm(WHILE_COMMITTING)
    add_department("Service desk")  # asked at once, the transaction would still be in progress
    assert cutter.cuts == 1
    names = db.session.execute(sa.select(Department.name)).scalars().all()
    db.session.commit()
    assert names == ["Service desk"]


@pytest.fixture
def lock_waits_end(postgres_database: str) -> Iterator[None]:
    """New connections to the test database wait at most 5 s for a lock (a unit that waits forever instead of
    failing would hang the suite), for the test only."""
    engine = sa.create_engine(postgres_database, isolation_level="AUTOCOMMIT")
    name = sa.engine.make_url(postgres_database).database
    with engine.connect() as connection:
        connection.exec_driver_sql(f'ALTER DATABASE "{name}" SET lock_timeout = \'5s\'')
    yield
    with engine.connect() as connection:
        connection.exec_driver_sql(f'ALTER DATABASE "{name}" RESET lock_timeout')
    engine.dispose()


def test_a_completion_whose_commit_never_reached_an_unknowing_server_is_done_once(cut_app, lock_waits_end) -> None:
    app, cutter = cut_app
    runtime = app.extensions["flowdesk"]
    instance_id, task_id = started_task(app, cutter, AFTER_ANSWER)
    claim_task(runtime, task_id, "sam")
    db.engine.dispose()  # connections made from here on wait 5 s for a lock at most
    cutter.arm(UNNOTICED)
    status = complete_task(runtime, task_id, "sam", {})  # run again at once, it would wait on the lost one's lock
    assert cutter.cuts == 2
    assert status == "completed"
    assert events_of(instance_id, "task_completed") == 1
