"""The attack suite's fixture: the world of tests/security/world.py, built once per module."""
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import create_app
from app.extensions import db
from engine.clock import FixedClock
from tests.security.world import MONDAY_10, World, build


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[World]:
    """Build the world once per module; restore it between cells that may have written."""
    folder = tmp_path_factory.mktemp("attack")
    live, snapshot = folder / "flowdesk.sqlite3", folder / "snapshot.sqlite3"
    shutil.copy(sqlite_template, live)
    clock = FixedClock()
    clock.set(MONDAY_10)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{live}", "TESTING": True, "RUN_CACHE_SIZE": 0,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "WTF_CSRF_ENABLED": False,
                      "ATTACHMENT_DIR": str(folder / "attachments"),
                      # The matrix signs in and calls routes far faster than people do; throttling has its own tests.
                      "RATELIMIT_ENABLED": False}, clock=clock)
    world = World(app, live, snapshot)
    build(app, world)
    with app.app_context():
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.session.remove()
        db.engine.dispose()
    shutil.copy(live, snapshot)
    yield world
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
