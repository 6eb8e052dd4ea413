"""Units of work: each use case is one transaction, opened at its edge and retried on transient faults.

A use case is a function decorated with @use_case. Calling it begins a transaction (on SQLite
with BEGIN IMMEDIATE, so two writers never deadlock upgrading a read lock), runs the function,
and commits. Everything the function calls writes into that one transaction and never commits or
rolls back itself; a use case called from another joins the outer one. If anything fails, the
whole unit rolls back: no half-written state.

Transient database faults (a lock or busy timeout, a deadlock, a serialization failure, a dropped
connection) roll the unit back and run it again from the start, a bounded number of times, after
a short backoff with jitter. Only then do they reach the caller.

Reads need no decorator: a page, a list or an export reads in an ordinary (deferred) transaction,
which on SQLite in WAL mode reads a snapshot and never blocks a writer or waits for one.

A connection lost while the COMMIT is under way leaves the unit's outcome unknown: the server may have
committed and only its answer been lost. Running the unit again would do its work twice, or refuse it as
already done (a task "already completed" by the person who just completed it, a second CI or user). So a
unit may name a proof (prove_commit_by): a short read that tells whether its writes are there; every history
append names one (app.workflow.instances.history.chain_events). A unit on PostgreSQL that named none and
wrote something asks the server for its transaction id just before the COMMIT, and the proof is that
transaction's status (pg_xact_status). After such a loss the proof is asked first; only a unit whose writes
are not there runs again. On PostgreSQL the proof is asked only once the lost session's transaction is over: a
COMMIT still under way there (a synchronous standby's answer awaited, a slow disk) is waited for, and a
transaction whose COMMIT never arrived (the server has not yet noticed the client is gone) is ended, so that
the proof cannot say "not there" of writes about to be committed.

An error may carry a recovery (see Recoverable): a small unit that records what went wrong (an
instance marked needs_attention with the failure in its history) after the failed unit rolled
back. The outermost unit runs it, in a transaction of its own, and re-raises the error.
"""
import contextvars
import functools
import logging
import random
import sqlite3
import time
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar, overload

from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.engine import Engine as SqlEngine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.extensions import db
from app.platform.faults import crash_point

P = ParamSpec("P")
R = TypeVar("R")
logger = logging.getLogger("flowdesk.transactions")

DEFAULT_ATTEMPTS = 6
BACKOFF_BASE_SECONDS = 0.02
BACKOFF_CAP_SECONDS = 1.0
# PostgreSQL SQLSTATEs worth running the unit again for: serialization failure, deadlock, lock not
# available, and the server ending the connection (admin shutdown, crash shutdown, cannot connect now).
TRANSIENT_SQLSTATES = {"40001", "40P01", "55P03", "57P01", "57P02", "57P03"}
TRANSIENT_SQLITE_TEXT = ("database is locked", "database table is locked", "database schema has changed")
UNIT_KEY = "flowdesk_unit"
AFTER_COMMIT_KEY = "flowdesk_after_commit"
AFTER_COMMIT_KEYS = "flowdesk_after_commit_keys"
COMMIT_PROOF_KEY = "flowdesk_commit_proof"
PROOF_ATTEMPTS = 3
_writing: contextvars.ContextVar[bool] = contextvars.ContextVar("flowdesk_writing", default=False)
pause: Callable[[float], None] = time.sleep  # tests of the backoff replace it


class Recoverable(Exception):
    """An error that carries a recovery unit to run after the failed unit rolled back."""

    recovery: Callable[[], None] | None = None


class TransientFault(Exception):
    """A fault of timing, not of data: running the unit again from the start gets past it."""


@overload
def use_case(function: Callable[P, R]) -> Callable[P, R]: ...


@overload
def use_case(*, attempts: int = DEFAULT_ATTEMPTS) -> Callable[[Callable[P, R]], Callable[P, R]]: ...


def use_case(function: Callable[P, R] | None = None, *, attempts: int = DEFAULT_ATTEMPTS) -> Any:
    """Make a function one unit of work: one transaction at its edge, retried on transient faults."""
    def decorate(inner: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(inner)
        def unit(*args: P.args, **kwargs: P.kwargs) -> R:
            if db.session.info.get(UNIT_KEY):
                return inner(*args, **kwargs)  # called from another use case: join its transaction
            return run_unit(lambda: inner(*args, **kwargs), attempts)
        return unit
    return decorate(function) if function is not None else decorate


def run_unit(work: Callable[[], R], attempts: int = DEFAULT_ATTEMPTS) -> R:
    """Run work in one write transaction and commit it; roll back and retry transient faults.

    What the work asked to do after its commit (after_commit) runs once the unit has ended, outside
    any transaction; a unit that rolled back asked for nothing.
    """
    result = attempt_unit(work, attempts)
    for callback in db.session.info.pop(AFTER_COMMIT_KEY, []):
        callback()
    return result


def attempt_unit(work: Callable[[], R], attempts: int) -> R:
    """Run work as one transaction, up to `attempts` times while it meets transient faults."""
    session = db.session()  # the Session itself: each access through the scoped proxy costs a context lookup
    for attempt in range(1, attempts + 1):
        end_read()
        session.info[UNIT_KEY] = True
        session.info[AFTER_COMMIT_KEY] = []
        session.info[AFTER_COMMIT_KEYS] = set()
        session.info[COMMIT_PROOF_KEY] = None
        token = _writing.set(True)
        committing = False
        try:
            result = work()
            crash_point("unit.before_commit")
            committing = True
            session.info[COMMIT_PROOF_KEY] = once_settled(
                session, session.info[COMMIT_PROOF_KEY] or transaction_proof(session))
            session.commit()
            crash_point("unit.after_commit")
            return result
        except BaseException as error:
            callbacks = session.info.pop(AFTER_COMMIT_KEY, None)
            drop_lost_connection(error)
            session.rollback()
            if committing and committed_after_all(session.info.get(COMMIT_PROOF_KEY), error):
                session.info[AFTER_COMMIT_KEY] = callbacks
                return result
            if attempt < attempts and is_transient(error):
                logger.info("transient database fault, running the unit again (%s of %s): %s",
                            attempt + 1, attempts, first_line(error))
                pause(backoff_seconds(attempt))
                continue
            recover(error)
            raise
        finally:
            _writing.reset(token)
            session.info.pop(UNIT_KEY, None)
            session.info.pop(AFTER_COMMIT_KEYS, None)
            session.info.pop(COMMIT_PROOF_KEY, None)
    raise AssertionError("unreachable: the last attempt returns or raises")


def after_commit(callback: Callable[[], None], key: object | None = None) -> None:
    """Ask to run callback once the current unit committed, outside any transaction (once per key).

    Work that must not run under a lock (a diagram's script) goes here. The callback may run units of
    its own; its errors reach the caller of the use case, whose own work is committed by then.
    """
    if not in_unit():
        raise RuntimeError("after_commit needs a unit of work; call it inside a function marked @use_case.")
    pending = db.session.info.setdefault(AFTER_COMMIT_KEY, [])
    keys = db.session.info.setdefault(AFTER_COMMIT_KEYS, set())
    if key is not None:
        if key in keys:
            return
        keys.add(key)
    pending.append(callback)


def prove_commit_by(proof: Callable[[], bool]) -> None:
    """Name a read that says whether the current unit's writes were committed, for a COMMIT whose answer is lost.

    The first proof a unit names is the one asked: a transaction's writes are all there or none are.
    """
    info = db.session.info
    if info.get(UNIT_KEY) and info.get(COMMIT_PROOF_KEY) is None:
        info[COMMIT_PROOF_KEY] = proof


TRANSACTION_ID = text("SELECT pg_current_xact_id_if_assigned()::text")
TRANSACTION_COMMITTED = text("SELECT pg_xact_status(CAST(:xid AS xid8)) = 'committed'")


def transaction_proof(session: Session) -> Callable[[], bool] | None:
    """Return a proof of commit for the session's transaction from its id on PostgreSQL (None: nothing written
    yet, or SQLite, whose COMMIT runs in this process and cannot lose its answer)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    session.flush()  # ORM changes still in the session are written first: they may be all the unit writes
    xid = session.execute(TRANSACTION_ID).scalar()
    return None if xid is None else functools.partial(transaction_committed, xid)


# The lost session's transaction, seen from a new connection: whether it wrote (has a transaction id), and if so
# whether it waits for its client (idle in its transaction, or mid-batch for the rest of it): its COMMIT has not
# arrived and never will; otherwise it runs its COMMIT. Matched on the application name too, so that a
# process id the server gave to someone else's connection meanwhile is never waited for or ended.
LOST_SESSION = text("SELECT state LIKE 'idle%' OR wait_event = 'ClientRead' FROM pg_stat_activity "
                    "WHERE pid = :pid AND backend_xid IS NOT NULL "
                    "AND application_name = current_setting('application_name')")
END_LOST_SESSION = text("SELECT pg_terminate_backend(:pid)")
SETTLE_SECONDS = 10.0  # the longest a proof waits for a COMMIT still under way in the lost session
SETTLE_PAUSE_SECONDS = 0.05


def once_settled(session: Session, proof: Callable[[], bool] | None) -> Callable[[], bool] | None:
    """Return the proof to be asked once the session's transaction on PostgreSQL is over (see the module's text).

    The session's server process is known on this side (libpq keeps it); nothing is asked of the server unless
    the COMMIT's answer is lost.
    """
    if proof is None:
        return None
    bind = session.get_bind()  # the connection the session holds (app.extensions.HeldConnectionSession)
    if bind.dialect.name != "postgresql":
        return proof
    connection = bind if isinstance(bind, Connection) else session.connection()
    pid = getattr(getattr(connection.connection.dbapi_connection, "info", None), "backend_pid", None)
    if not pid:
        return proof
    return functools.partial(settled_proof, proof, pid)


def settled_proof(proof: Callable[[], bool], pid: int) -> bool:
    """Wait until the lost session (server process pid) has no transaction left, ending one that waits for a
    COMMIT that will never come; then ask the proof."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < deadline:
        waits_for_client = db.session.execute(LOST_SESSION, {"pid": pid}).scalar()
        db.session.commit()
        if waits_for_client is None:
            break
        if waits_for_client:  # its COMMIT never reached the server: end it; what it did is then decided
            logger.warning("ending the lost session %s, whose COMMIT never arrived, before asking whether it "
                           "committed", pid)
            db.session.execute(END_LOST_SESSION, {"pid": pid})
            db.session.commit()
        time.sleep(SETTLE_PAUSE_SECONDS)
    else:
        logger.warning("the lost session %s still holds its transaction after %s s; asking whether it committed "
                       "anyway", pid, SETTLE_SECONDS)
    return proof()


def transaction_committed(xid: str) -> bool:
    """Say whether the transaction of this id committed (in progress, aborted or unknown: no)."""
    return bool(db.session.execute(TRANSACTION_COMMITTED, {"xid": xid}).scalar())


def committed_after_all(proof: Callable[[], bool] | None, error: BaseException) -> bool:
    """After a transient fault in the COMMIT, ask the unit's proof, in a read of its own, whether it committed.

    A proof that cannot be read either (the database still away) says no: the unit runs again, as without one.
    """
    if proof is None or not is_transient(error):
        return False
    for attempt in range(1, PROOF_ATTEMPTS + 1):
        try:
            committed = proof()
            db.session.commit()  # ends the read (a ROLLBACK would make PostgreSQL forget prepared statements)
        except Exception as fault:  # noqa: BLE001 - any failure: the proof could not tell
            drop_lost_connection(fault)
            db.session.rollback()
            if not is_transient(fault):
                logger.warning("could not tell whether a unit committed: %s", first_line(fault))
                return False
            pause(backoff_seconds(attempt))
            continue
        if committed:
            logger.warning("the answer to a unit's COMMIT was lost, but the unit had committed: %s",
                           first_line(error))
        return committed
    return False


def drop_lost_connection(error: BaseException) -> None:
    """Invalidate the session's connection when the server closed it, so the next attempt connects afresh.

    SQLAlchemy notices a lost connection on the statements it runs itself; one lost in a batch sent through
    libpq (app.platform.pg_wire) it does not, and would hand the dead connection to the retry.
    """
    if not is_transient(error):
        return
    try:
        connection = db.session.connection()
        raw = connection.connection.dbapi_connection
        if getattr(raw, "closed", False) or getattr(raw, "broken", False):
            connection.invalidate()
    except Exception:  # noqa: BLE001 - a connection that cannot even say so is dropped by the rollback
        logger.debug("could not inspect the connection after a transient fault", exc_info=True)


def end_read() -> None:
    """End a read transaction left open before a unit begins; refuse writes made outside any unit."""
    session = db.session()
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("Changes were made outside a use case; write only inside a function marked @use_case.")
    if session.in_transaction():
        session.rollback()


def abandon_read() -> None:
    """Roll back a read that a failed statement ended (e.g. stopped by its deadline), so the session reads again.

    On PostgreSQL a transaction in which a statement failed refuses every later statement until it rolls back;
    the error page that follows still reads (the signed-in person, the inbox count).
    """
    db.session.rollback()


def recover(error: BaseException) -> None:
    """Run the recovery an error carries, in a unit of its own, once."""
    recovery = getattr(error, "recovery", None)
    if recovery is None:
        return
    error.recovery = None  # type: ignore[attr-defined]
    try:
        run_unit(recovery)
    except Exception:  # the original error is what the caller must see; the recovery's failure is logged
        logger.exception("recording a failure did not succeed")


def backoff_seconds(attempt: int) -> float:
    """Return a full-jitter exponential backoff for the attempt that just failed."""
    return random.uniform(0, min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (attempt - 1)))  # noqa: S311


def is_transient(error: BaseException) -> bool:
    """Say whether an error, or what caused it, is a database fault that a retry can get past."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if transient_itself(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def transient_itself(error: BaseException) -> bool:
    """Say whether this one error (not its causes) is a transient database fault."""
    if isinstance(error, TransientFault):
        return True
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    original = error.orig if isinstance(error, DBAPIError) else error
    if isinstance(original, sqlite3.OperationalError):
        return str(original).startswith(TRANSIENT_SQLITE_TEXT)
    sqlstate = getattr(original, "sqlstate", None)
    if sqlstate:
        return sqlstate in TRANSIENT_SQLSTATES or sqlstate.startswith("08")
    module = type(original).__module__
    return module.startswith("psycopg") and type(original).__name__ in ("OperationalError", "InterfaceError")


def first_line(error: BaseException) -> str:
    """Return the first line of an error's text."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def in_unit() -> bool:
    """Say whether the caller runs inside a unit of work."""
    return bool(db.session.info.get(UNIT_KEY))


# Outside a unit nothing writes, so a transaction there begins deferred: on SQLite in WAL mode it reads a
# snapshot, takes no lock, and neither waits for a writer nor blocks one.
IMMEDIATE_OUTSIDE_UNITS = False


def configure_sqlite_transactions(engine: SqlEngine) -> None:
    """Begin SQLite transactions as the unit needs: IMMEDIATE for a unit (it writes), deferred for reads."""
    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        writing = _writing.get() or IMMEDIATE_OUTSIDE_UNITS
        # Straight to the driver: a statement of no parameters and no result needs none of SQLAlchemy's work.
        connection.connection.dbapi_connection.execute("BEGIN IMMEDIATE" if writing else "BEGIN")

