"""What every benchmark needs: throw-away migrated databases, bulk inserts, percentiles and the latency report."""
import contextlib
import io
import json
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db

Latencies = dict[str, dict[str, tuple[float, float]]]  # database -> call -> (median ms, p95 ms)


@contextlib.contextmanager
def scratch_sqlite() -> Iterator[str]:
    """Yield the URL of a fresh SQLite file that is deleted afterwards."""
    with tempfile.TemporaryDirectory(prefix="flowdesk-bench-") as folder:
        yield f"sqlite:///{Path(folder) / 'bench.sqlite3'}"


@contextlib.contextmanager
def scratch_postgres(server_url: str) -> Iterator[str]:
    """Create a throw-away PostgreSQL database, yield its URL, and drop it afterwards."""
    name = f"flowdesk_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.engine.make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def migrated_app(url: str, **config: Any) -> Flask:
    """Create a production-shaped app (system clock) on an empty database and migrate it."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, **config})
    with app.app_context(), contextlib.redirect_stderr(io.StringIO()):  # alembic logs every migration
        upgrade()
    return app


def insert_batches(table: Any, rows: Iterable[dict[str, Any]], batch_size: int = 5000) -> None:
    """Insert rows in batches, one transaction each (inside an app context)."""
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= batch_size:
            db.session.execute(sa.insert(table), batch)
            db.session.commit()
            batch = []
    if batch:
        db.session.execute(sa.insert(table), batch)
        db.session.commit()


def percentile(samples: list[float], share: float) -> float:
    """Return the share-th percentile (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def print_latencies(results: Latencies, target_p95_ms: float) -> None:
    """Print median and p95 per database and call against a p95 target, then the same as JSON."""
    print()
    for database, figures in results.items():
        for name, (median, p95) in figures.items():
            verdict = "met" if p95 < target_p95_ms else "MISSED"
            print(f"{database:<11} {name:<40} median {median:6.1f} ms   p95 {p95:6.1f} ms   "
                  f"(target p95 < {target_p95_ms:g} ms: {verdict})")
    print(json.dumps({database: {name: {"median_ms": round(m, 2), "p95_ms": round(p, 2)}
                                 for name, (m, p) in figures.items()} for database, figures in results.items()}))


def measure_on_both(bench: Callable[[str, str], dict[str, tuple[float, float]]], skip_postgres: bool,
                    postgres_url: str) -> Latencies:
    """Run bench(label, url) on a scratch SQLite file and (unless skipped) a scratch PostgreSQL database."""
    results: Latencies = {}
    with scratch_sqlite() as url:
        results["SQLite"] = bench("SQLite", url)
    if not skip_postgres:
        with scratch_postgres(postgres_url) as url:
            results["PostgreSQL"] = bench("PostgreSQL", url)
    return results


@contextlib.contextmanager
def served(app: Flask) -> Iterator[str]:
    """Serve the app on loopback in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
