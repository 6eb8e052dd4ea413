"""Installed templates of the fault suite: each database is installed once per test session with real
`flowdesk` commands (init-db, deploy, users add, tokens create), and every test runs on a copy of it.

Installing took four `flowdesk` processes per test (seconds each, a minute on a loaded machine); the copy
is a file copy on SQLite and CREATE DATABASE ... TEMPLATE on PostgreSQL, so every test still starts from
the same freshly installed state, with its own database and its own instance directory.
"""
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.faults.installation import DIAGRAM, INCIDENT_DIAGRAM, POSTGRES_URL, Gateway, Installation

SQLITE_FILE = "faults.sqlite3"


@dataclass(frozen=True)
class Installed:
    """A test's own copy of an installed database: its URL and sam's API token, which the copy holds."""

    database_url: str
    token: str


@dataclass(frozen=True)
class Template:
    """An installed database and the instance directory its history key was made in."""

    database_url: str
    workdir: Path
    token: str


def install(database_url: str, workdir: Path) -> Template:
    """Create the schema, deploy the fault and incident diagrams, add sam (with a phone) and an API token."""
    installation = Installation(database_url, workdir, Gateway())
    try:
        installation.cli("init-db")
        installation.cli("deploy", str(DIAGRAM), str(INCIDENT_DIAGRAM))
        installation.cli("users", "add", "sam", "--groups", "service-desk", "--roles", "agent,requester",
                         "--phone", "+8613800000000")
        token = installation.cli("tokens", "create", "sam").strip().splitlines()[-1]
    finally:
        installation.gateway.server.shutdown()
        installation.gateway.server.server_close()
    return Template(database_url, workdir, token)


@dataclass
class Templates:
    """The session's installed templates, made on first use: one SQLite file, one PostgreSQL database."""

    root: Path
    made: dict[str, Template] = field(default_factory=dict)

    def sqlite_copy(self, workdir: Path) -> Installed:
        """Copy the installed SQLite file and its instance directory (the history key) into workdir."""
        if "sqlite" not in self.made:
            folder = self.root / "sqlite"
            folder.mkdir()
            self.made["sqlite"] = install(f"sqlite:///{folder / SQLITE_FILE}", folder)
        template = self.made["sqlite"]
        shutil.copytree(template.workdir, workdir, dirs_exist_ok=True)
        return Installed(f"sqlite:///{workdir / SQLITE_FILE}", template.token)

    def postgres_copy(self, workdir: Path) -> Iterator[Installed]:
        """Create a PostgreSQL database from the installed template for one test, and drop it afterwards."""
        if "postgres" not in self.made:
            folder = self.root / "postgres"
            folder.mkdir()
            self.made["postgres"] = install(create_postgres(f"flowdesk_faults_template_{uuid.uuid4().hex[:10]}"),
                                            folder)
        template = self.made["postgres"]
        shutil.copytree(template.workdir, workdir, dirs_exist_ok=True)
        name = f"flowdesk_faults_{uuid.uuid4().hex[:10]}"
        url = create_postgres(name, template=sa.engine.make_url(template.database_url).database)
        yield Installed(url, template.token)
        drop_postgres(name)

    def drop(self) -> None:
        """Drop the PostgreSQL template, if one was made."""
        if "postgres" in self.made:
            drop_postgres(sa.engine.make_url(self.made["postgres"].database_url).database or "")


def create_postgres(name: str, template: str | None = None) -> str:
    """Create a PostgreSQL database (empty, or a copy of template) and return its URL; skip where there is none."""
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    copy_of = f' TEMPLATE "{template}"' if template else ""
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"{copy_of}'))
    except sa.exc.OperationalError as error:
        if os.environ.get("FLOWDESK_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required but not reachable: {error}")
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_URL}")
    finally:
        admin.dispose()
    return sa.engine.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def drop_postgres(name: str) -> None:
    """Drop a PostgreSQL database, ending whatever connections it still has."""
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
