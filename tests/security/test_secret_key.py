"""The session key: never a public constant, read from FLOWDESK_SECRET_KEY or instance/secret_key, required to serve."""
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.cli import ScriptInfo
from flask.sessions import SecureCookieSessionInterface

from app import create_app
from app.cli import main
from app.extensions import db
from app.organisation.users import require_user

OLD_PUBLIC_KEY = "dev-only-change-me"  # the fallback FlowDesk shipped with, readable in its source


def forged_session(secret_key: str, user_id: int) -> str:
    """Sign a session cookie naming a user, as anyone who knows the key can."""
    forger = Flask("forger")
    forger.secret_key = secret_key
    serializer = SecureCookieSessionInterface().get_signing_serializer(forger)
    assert serializer is not None
    return serializer.dumps({"_user_id": str(user_id), "_fresh": True})


@pytest.fixture
def production_app(sqlite_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Return a factory of apps configured as in production (no TESTING, no DEBUG), with their own instance file."""
    apps: list[Flask] = []

    def make(**config: object) -> Flask:
        settings = {"SQLALCHEMY_DATABASE_URI": sqlite_url, "SECRET_KEY": None,
                    "SECRET_KEY_FILE": str(tmp_path / "secret_key"), **config}
        app = create_app(settings)
        apps.append(app)
        return app
    yield make
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def run_cli(app: Flask, *args: str):  # type: ignore[no-untyped-def]
    """Run a flowdesk command against an app and return the click result."""
    return CliRunner().invoke(main, list(args), obj=ScriptInfo(create_app=lambda: app), catch_exceptions=False)


def test_stranger_cannot_open_admin_with_a_session_signed_by_the_old_public_key(client, demo) -> None:
    client.set_cookie("session", forged_session(OLD_PUBLIC_KEY, require_user("adam").id))
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_stranger_cannot_open_admin_on_a_production_app_with_the_old_public_key(production_app) -> None:
    assert run_cli(production_app(), "init-secret-key").exit_code == 0
    app = production_app()  # reads the key just written
    with app.app_context():
        run_cli(app, "users", "add", "adam", "--roles", "admin")
        adam = require_user("adam").id
    client = app.test_client()
    client.set_cookie("session", forged_session(OLD_PUBLIC_KEY, adam))
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_serve_refuses_to_start_without_a_secret_key(production_app) -> None:
    result = run_cli(production_app(), "serve")
    assert result.exit_code == 1
    assert "FLOWDESK_SECRET_KEY" in result.stderr
    assert "flowdesk init-secret-key" in result.stderr
    assert "serving" not in result.stdout


def test_serve_refuses_a_secret_key_shorter_than_32_bytes(production_app) -> None:
    result = run_cli(production_app(SECRET_KEY="a3f9c2e17b"), "serve")
    assert result.exit_code == 1
    assert "too short" in result.stderr
    assert "FLOWDESK_SECRET_KEY" in result.stderr


def test_serve_refuses_a_long_secret_key_that_is_not_random(production_app) -> None:
    result = run_cli(production_app(SECRET_KEY="change-me" * 5), "serve")
    assert result.exit_code == 1
    assert "not random" in result.stderr


def test_init_secret_key_writes_a_private_file_once_and_the_app_reads_it(production_app, tmp_path: Path) -> None:
    first = run_cli(production_app(), "init-secret-key")
    assert first.exit_code == 0, first.stderr
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text().strip()
    assert len(bytes.fromhex(key)) == 32
    again = run_cli(production_app(), "init-secret-key")
    assert again.exit_code == 0
    assert "already" in again.stdout
    assert key_file.read_text().strip() == key
    assert production_app().secret_key == key


def test_environment_key_wins_over_the_instance_file(production_app, tmp_path: Path) -> None:
    run_cli(production_app(), "init-secret-key")
    from_environment = os.urandom(32).hex()
    assert production_app(SECRET_KEY=from_environment).secret_key == from_environment


def test_serve_refuses_an_instance_key_file_others_can_read(production_app, tmp_path: Path) -> None:
    run_cli(production_app(), "init-secret-key")
    (tmp_path / "secret_key").chmod(0o644)
    result = run_cli(production_app(), "serve")
    assert result.exit_code == 1
    assert "chmod 600" in result.stderr


def test_test_configuration_gets_a_random_key_of_its_own(app) -> None:
    assert app.secret_key != OLD_PUBLIC_KEY
    assert len(app.secret_key) >= 32


def test_flowdesk_serve_process_names_the_setting_and_the_command_when_it_has_no_key(tmp_path: Path) -> None:
    env = {**os.environ, "FLOWDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
           "FLOWDESK_INSTANCE_DIR": str(tmp_path)}
    env.pop("FLOWDESK_SECRET_KEY", None)
    env.pop("FLASK_DEBUG", None)
    flowdesk = str(Path(sys.executable).with_name("flowdesk"))
    result = subprocess.run([flowdesk, "serve", "--port", "0"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith("error: FlowDesk will not serve: no secret key is set")
    assert "FLOWDESK_SECRET_KEY" in result.stderr
    assert "flowdesk init-secret-key" in result.stderr
