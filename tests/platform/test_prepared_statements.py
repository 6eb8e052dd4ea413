"""The statements every task action and step runs go to the driver prepared, not through SQLAlchemy's compiler.

A statement falls off that path when something in it must be compiled per execution (an expanding IN list,
a prefetch); it still runs correctly, only slower: a literal `kind IN ('group', 'queue')` in the offer
condition once cost about a fifth of SQLite's lifecycle throughput without failing any test.
"""
import pytest
from sqlalchemy.dialects import postgresql, sqlite

from app.workflow.batch import prepare
from app.workflow.step import LOCK_INSTANCE
from app.workflow.tasks.actions import CLAIM, RELEASE, TASK_EXISTS, TASK_FOR_ACTOR

DIALECTS = {"sqlite": sqlite.dialect(), "postgresql": postgresql.psycopg.dialect()}
HOT_READS = {"TASK_FOR_ACTOR": (TASK_FOR_ACTOR, {"task_id", "user"}),
             "LOCK_INSTANCE": (LOCK_INSTANCE, {"instance_id"}),
             "TASK_EXISTS": (TASK_EXISTS, {"task_id"})}
HOT_WRITES = {"CLAIM": (CLAIM, {"task_id", "user"}), "RELEASE": (RELEASE, {"task_id", "user"})}


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("name", HOT_READS)
def test_hot_reads_are_prepared_once_with_their_rows(dialect: str, name: str) -> None:
    statement, keys = HOT_READS[name]
    prepared = prepare(statement, DIALECTS[dialect], frozenset(keys))
    assert prepared is not None, f"{name} must be compiled per execution on {dialect}"
    assert prepared.row_type is not None, f"{name}'s rows cannot be made without SQLAlchemy on {dialect}"


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("name", HOT_WRITES)
def test_hot_writes_are_prepared_once(dialect: str, name: str) -> None:
    statement, keys = HOT_WRITES[name]
    assert prepare(statement, DIALECTS[dialect], frozenset(keys)) is not None
