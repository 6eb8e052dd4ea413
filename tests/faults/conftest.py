"""Fixtures of the fault suite: a freshly installed database (SQLite, then PostgreSQL) and installations on it."""
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.installation import Gateway, Installation
from tests.faults.templates import Installed, Templates


@pytest.fixture(scope="session")
def fault_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    """The installed databases every fault test copies, made once per session (per test worker)."""
    templates = Templates(tmp_path_factory.mktemp("fault-templates"))
    yield templates
    templates.drop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fault_database(request: pytest.FixtureRequest, tmp_path: Path, fault_templates: Templates) -> Iterator[Installed]:
    """A freshly installed database of the test's own: a SQLite file, then PostgreSQL."""
    if request.param == "sqlite":
        yield fault_templates.sqlite_copy(tmp_path)
        return
    yield from fault_templates.postgres_copy(tmp_path)


@pytest.fixture
def postgres_only(tmp_path: Path, fault_templates: Templates) -> Iterator[Installed]:
    """A freshly installed PostgreSQL database, for faults that only PostgreSQL has."""
    yield from fault_templates.postgres_copy(tmp_path)


@pytest.fixture
def installation_on(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Build an installation on an installed database; its processes are stopped after the test."""
    made: list[Installation] = []

    def build(installed: Installed) -> Installation:
        made.append(Installation(installed.database_url, tmp_path, Gateway(), token=installed.token))
        return made[-1]
    yield build
    for installation in made:
        installation.stop()
        installation.gateway.server.shutdown()
