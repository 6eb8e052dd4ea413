"""flowdesk init-db, serve and scheduler: the database and the long-running processes."""

from pathlib import Path

import click
from flask import current_app

from app.cli.base import fail, main, reports_errors
from app.secret_key import serving_key_problem, write_key_file


@main.command("init-db")
@reports_errors
def init_db() -> None:
    """Create or upgrade the database schema (safe to run twice)."""
    from flask_migrate import upgrade

    upgrade()
    click.echo("The database schema is up to date.")


@main.command("init-secret-key")
@reports_errors
def init_secret_key() -> None:
    """Create the instance's session key file (32 random bytes, readable by its owner only) unless it exists."""
    path = Path(current_app.config["SECRET_KEY_FILE"])
    if write_key_file(path):
        click.echo(f"A new secret key is in {path} (only you may read it); keep it out of backups others can read.")
    else:
        click.echo(f"{path} already exists; it is kept (delete it first to sign everyone out with a new key).")


@main.command("scheduler")
@reports_errors
def scheduler() -> None:
    """Run timers and the outbox every FLOWDESK_TIMER_POLL_SECONDS until stopped."""

    from app.scheduler import run_blocking

    run_blocking(current_app._get_current_object())


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--threads", default=8, show_default=True, help="Request threads.")
@click.option("--scheduler/--no-scheduler", "with_scheduler", default=True, show_default=True,
              help="Run the timer and outbox jobs in this process (turn off when 'flowdesk scheduler' runs them).")
@reports_errors
def serve(host: str, port: int, threads: int, with_scheduler: bool) -> None:
    """Serve the web app (waitress) with its scheduler in the same process, for one-machine installs."""
    from waitress import serve as serve_wsgi

    from app.platform.start_up import freeze_start_up_objects
    from app.scheduler import start_background

    app = current_app._get_current_object()
    problem = serving_key_problem(app)
    if problem:
        fail(f"FlowDesk will not serve: {problem}")
    if with_scheduler:
        start_background(app)
        click.echo(f"FlowDesk is serving http://{host}:{port}/ (the scheduler runs in this process; "
                   f"Ctrl+C stops both).")
    else:
        click.echo(f"FlowDesk is serving http://{host}:{port}/ (no scheduler here: run 'flowdesk scheduler').")
    freeze_start_up_objects()
    serve_wsgi(app, host=host, port=port, threads=threads)
