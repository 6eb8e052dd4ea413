"""The test process's shared compiled-SQL cache (tests/compiled_sql.py): engines alike share, others do not."""
from pathlib import Path

import sqlalchemy as sa

from tests.compiled_sql import SharedCompiledSql

PEOPLE = sa.Table("people", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.Text))
BY_NAME = sa.select(PEOPLE.c.id).where(PEOPLE.c.name == sa.bindparam("name"))


def compiled_by(engine: sa.Engine, name: str) -> tuple[object, object]:
    """Run the select on engine; return the compiled statement it ran and its answer."""
    with engine.begin() as connection:
        PEOPLE.create(connection, checkfirst=True)
        connection.execute(PEOPLE.insert(), {"name": name})
        result = connection.execute(BY_NAME, {"name": name})
        return result.context.compiled, result.scalar_one()


def test_an_engine_alike_runs_what_another_compiled_and_one_set_up_otherwise_compiles_its_own(tmp_path: Path) -> None:
    shared = SharedCompiledSql()
    engines = [sa.create_engine(f"sqlite:///{tmp_path / name}.sqlite3", **options)
               for name, options in (("a", {}), ("b", {}), ("c", {"paramstyle": "named"}))]
    for engine in engines:
        engine._compiled_cache = shared  # type: ignore[assignment]
    (first, one), (second, other), (third, third_id) = [compiled_by(engine, name) for engine, name
                                                        in zip(engines, ("ann", "bob", "cy"), strict=True)]
    assert second is first  # the same statement on a like engine: compiled once
    assert third is not first and third.string != first.string  # named parameters: compiled for that engine
    assert (one, other, third_id) == (1, 1, 1)  # each ran with its own parameters on its own database
    for engine in engines:
        engine.dispose()
