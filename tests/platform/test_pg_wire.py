"""Statements sent straight through libpq (app.platform.pg_wire) behave as psycopg's own: prepared once per
connection, typed by the statement, loaded by psycopg's loaders, failing with psycopg's errors."""
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa

from app.platform.pg_wire import BEGIN, COMMIT, exchange, load_first_row, rowcount, wire_statement
from app.platform.transactions import TransientFault

pytestmark = pytest.mark.postgres

INSERT = wire_statement("INSERT INTO wire_test (n, label, at) VALUES (%(n)s, %(label)s, %(at)s)")
READ = wire_statement("SELECT n, label, at FROM wire_test WHERE n = %(n)s")


def libpq_url(database_url: str) -> str:
    """Return a SQLAlchemy database URL as psycopg itself takes it."""
    return sa.engine.make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def raw(postgres_database: str) -> Iterator[psycopg.Connection[Any]]:
    """A psycopg connection as the app's pool makes them (autocommit), with a temporary table."""
    connection = psycopg.connect(libpq_url(postgres_database), autocommit=True)
    connection.execute("CREATE TEMPORARY TABLE wire_test (n bigint PRIMARY KEY, label text, at timestamptz)")
    yield connection
    connection.close()


def prepared_count(raw: psycopg.Connection[Any], text: bytes) -> int:
    """Count this session's prepared statements holding the text."""
    row = raw.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement = %s", [text.decode()]).fetchone()
    return int(row[0]) if row else 0


def test_named_placeholders_become_numbered_once_per_name() -> None:
    statement = wire_statement("SELECT %(a)s, %(b)s, %(a)s, 'x%%' WHERE y LIKE '%%z'")
    assert statement.text == b"SELECT $1, $2, $1, 'x%' WHERE y LIKE '%z'"
    assert statement.names == ("a", "b")


def test_a_lone_percent_sign_is_refused_with_what_to_write() -> None:
    with pytest.raises(ValueError, match="write '%%'"):
        wire_statement("SELECT 5 % 3")


def test_a_transaction_sent_in_two_round_trips_commits_and_reads_back_typed_values(raw: psycopg.Connection[Any]) -> None:
    at = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
    big = 2**40
    results = exchange(raw, [(BEGIN, [{}]), (INSERT, [{"n": 1, "label": "small", "at": at},
                                                      {"n": big, "label": None, "at": None}])])
    assert rowcount(results[1]) == 2
    exchange(raw, [(COMMIT, [{}])])
    assert raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE

    first = load_first_row(raw, exchange(raw, [(READ, [{"n": 1}])])[0][0])
    large = load_first_row(raw, exchange(raw, [(READ, [{"n": big}])])[0][0])
    missing = load_first_row(raw, exchange(raw, [(READ, [{"n": 99}])])[0][0])
    assert first == (1, "small", at)
    assert large == (big, None, None)
    assert missing is None


def test_a_statement_is_prepared_once_per_connection(raw: psycopg.Connection[Any]) -> None:
    for n in range(3):
        exchange(raw, [(INSERT, [{"n": n, "label": "x", "at": None}])])
    assert prepared_count(raw, INSERT.text) == 1


def test_a_server_error_raises_psycopgs_error_and_leaves_the_transaction_to_roll_back(
        raw: psycopg.Connection[Any]) -> None:
    exchange(raw, [(INSERT, [{"n": 7, "label": "first", "at": None}])])
    with pytest.raises(psycopg.errors.UniqueViolation):
        exchange(raw, [(BEGIN, [{}]), (INSERT, [{"n": 8, "label": "kept?", "at": None},
                                                {"n": 7, "label": "again", "at": None}]), (COMMIT, [{}])])
    assert raw.info.transaction_status == psycopg.pq.TransactionStatus.INERROR
    raw.rollback()
    assert raw.execute("SELECT count(*) FROM wire_test").fetchone() == (1,)


def test_a_statement_prepared_in_a_failed_batch_is_not_prepared_again(raw: psycopg.Connection[Any]) -> None:
    fresh = wire_statement("SELECT label FROM wire_test WHERE n = %(n)s AND label IS NOT NULL")
    with pytest.raises(psycopg.errors.DivisionByZero):
        exchange(raw, [(fresh, [{"n": 1}]), (wire_statement("SELECT 1 / 0"), [{}])])
    exchange(raw, [(fresh, [{"n": 1}])])  # 42P05 (already exists) if its first Parse were forgotten
    assert prepared_count(raw, fresh.text) == 1


def test_a_parameter_larger_than_the_socket_buffers_goes_through(raw: psycopg.Connection[Any]) -> None:
    label = "ticket text " * 500_000  # 6 MB: several flushes, reading while writing
    exchange(raw, [(INSERT, [{"n": 1, "label": label, "at": None}])])
    assert load_first_row(raw, exchange(raw, [(READ, [{"n": 1}])])[0][0])[1] == label  # type: ignore[index]


def test_a_connection_the_server_ends_raises_operational_error_and_is_closed(
        raw: psycopg.Connection[Any], postgres_database: str) -> None:
    pid = raw.info.backend_pid
    with psycopg.connect(libpq_url(postgres_database), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    with pytest.raises(psycopg.OperationalError):
        exchange(raw, [(BEGIN, [{}]), (READ, [{"n": 1}])])
    assert raw.closed


def test_statements_deallocated_behind_its_back_raise_a_transient_fault_then_are_prepared_anew(
        raw: psycopg.Connection[Any]) -> None:
    exchange(raw, [(INSERT, [{"n": 1, "label": "x", "at": None}])])
    raw.execute("DEALLOCATE ALL")  # what psycopg does after a ROLLBACK, a DROP or an ALTER
    with pytest.raises(TransientFault, match="deallocated"):
        exchange(raw, [(READ, [{"n": 1}]), (INSERT, [{"n": 2, "label": "y", "at": None}])])
    assert load_first_row(raw, exchange(raw, [(READ, [{"n": 1}])])[0][0])[1] == "x"  # type: ignore[index]
    exchange(raw, [(INSERT, [{"n": 2, "label": "y", "at": None}])])
    assert raw.execute("SELECT count(*) FROM wire_test").fetchone() == (2,)
