"""Fixtures of the fault suite: a fresh database (SQLite, then PostgreSQL) and installations on it."""
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.installation import Installation, installed, scratch_postgres


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fault_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database for an installation: a SQLite file, then PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'faults.sqlite3'}"
        return
    yield from scratch_postgres()


@pytest.fixture
def postgres_only() -> Iterator[str]:
    """A fresh PostgreSQL database, for faults that only PostgreSQL has."""
    yield from scratch_postgres()


@pytest.fixture
def installation_on(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Build an installation on a database URL; its processes are stopped after the test."""
    made: list[Installation] = []

    def build(database_url: str) -> Installation:
        made.append(installed(database_url, tmp_path))
        return made[-1]
    yield build
    for installation in made:
        installation.stop()
        installation.gateway.server.shutdown()
