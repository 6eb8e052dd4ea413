"""A live FlowDesk on loopback for Camunda's official external task clients, on SQLite and PostgreSQL.

The clients run unchanged: the Python one in this process (PyPI camunda-external-task-client-python3),
the JavaScript one under Node (npm camunda-external-task-client-js, installed by `npm ci --prefix tests/clients`).
"""
import os
import secrets
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from app.organisation.policies import system_actor
from app.organisation.tokens import create_token
from app.organisation.users import UserDetails, add_user
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.lifecycle import start_instance
from app.workflow.models import HistoryEvent, ProcessInstance, UserTask

DIAGRAMS = Path(__file__).parents[1] / "diagrams"
CORPUS = Path(__file__).parents[3] / "shared" / "camunda-corpus"
NODE_CLIENT = Path(__file__).parent / "node_modules" / "camunda-external-task-client-js"
REQUIRE_NODE_CLIENT = os.environ.get("FLOWDESK_REQUIRE_NODE_CLIENT") == "1"
WORKER = "bot"
WORKER_PASSWORD = "copper-lantern-drifts-81"


def corpus_file(name: str) -> Path:
    """Return a file of the shared Camunda corpus (beside the repository, or at /work/shared)."""
    for folder in (CORPUS, Path("/work/shared/camunda-corpus")):
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(f"{name} is not in ../shared/camunda-corpus beside the repository")


@dataclass
class LiveFlowDesk:
    """A FlowDesk served on loopback, with an outside worker account and the diagrams the clients work on."""

    app: Flask
    url: str
    token: str

    @property
    def engine_rest(self) -> str:
        return f"{self.url}/engine-rest"

    def start(self, process_id: str, variables: dict[str, Any], business_key: str | None = None) -> int:
        """Start an instance as FlowDesk's own code does; return its number."""
        with self.app.app_context():
            instance = start_instance(self.app.extensions["flowdesk"], process_id, variables, business_key, "olga")
            db.session.remove()
            return instance

    def status(self, instance_id: int) -> str:
        """Return an instance's status now."""
        with self.app.app_context():
            status = db.session.get(ProcessInstance, instance_id).status
            db.session.remove()
            return status

    def open_tasks(self, instance_id: int) -> list[str]:
        """Return the elements of an instance's open user tasks."""
        with self.app.app_context():
            found = list(db.session.execute(select(UserTask.element_id).where(
                UserTask.instance_id == instance_id)).scalars())
            db.session.remove()
            return found

    def history(self, instance_id: int, kind: str) -> list[dict[str, Any]]:
        """Return the data of an instance's history events of one kind."""
        import json
        with self.app.app_context():
            found = [json.loads(data) for data in db.session.execute(select(HistoryEvent.data).where(
                HistoryEvent.instance_id == instance_id, HistoryEvent.kind == kind).order_by(HistoryEvent.seq)
            ).scalars()]
            db.session.remove()
            return found

    def incidents(self, instance_id: int) -> list[dict[str, Any]]:
        """Return an instance's incidents as 'flowdesk show' and /api/v1 give them."""
        from app.workflow.outside.incidents import incidents_of
        with self.app.app_context():
            found = [incident.to_dict() for incident in incidents_of(instance_id)]
            db.session.remove()
            return found

    def variables(self, instance_id: int) -> dict[str, Any]:
        """Return an instance's variables as its history's last state has them."""
        from app.workflow.step import lock_instance, read_run
        with self.app.app_context():
            values = read_run(self.app.extensions["flowdesk"], lock_instance(instance_id)).variables()
            db.session.rollback()
            db.session.remove()
            return values


@pytest.fixture
def live(database_url: str) -> Iterator[LiveFlowDesk]:
    """Serve FlowDesk (real clock) with the worker 'bot' and the external-task diagrams deployed."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                      "SECRET_KEY": secrets.token_hex(32), "ENGINE_REST_MAX_ASYNC_RESPONSE_MS": 2000})
    with app.app_context():
        runtime = app.extensions["flowdesk"]
        add_user(runtime, system_actor(), WORKER, ["robots"], details=UserDetails(
            password=WORKER_PASSWORD, roles=["worker"]), password_hash_method=app.config["PASSWORD_HASH_METHOD"])
        token = create_token(runtime, system_actor(), WORKER, "clients", "write")
        deploy_diagram(runtime, (DIAGRAMS / "outside_worker.bpmn").read_bytes(), "outside_worker.bpmn", "olga")
        for name in ("cbp-simple-external-task.bpmn", "cgs-payment-step4-user-task.bpmn"):
            # The get-started payment process names its approval form, payment.form, which is not in the corpus:
            # a stand-in with the item and the decision (approved) is deployed beside it.
            deploy_diagram(runtime, corpus_file(name).read_bytes(), name, "olga",
                           forms={"payment.form": (DIAGRAMS / "payment.form").read_bytes()})
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveFlowDesk(app, f"http://127.0.0.1:{server.server_port}", token)
    server.shutdown()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def node_reason() -> str | None:
    """Return why the JavaScript client cannot run here, or None."""
    if shutil.which("node") is None:
        return "Node is not installed"
    if not NODE_CLIENT.exists():
        return "the JavaScript client is not installed: run 'npm ci --prefix tests/clients'"
    return None


@pytest.fixture
def node_client() -> Path:
    """Return the folder of the JavaScript client's scripts; fail (in CI) or skip when it cannot run."""
    reason = node_reason()
    if reason is not None:
        if REQUIRE_NODE_CLIENT:
            pytest.fail(f"FLOWDESK_REQUIRE_NODE_CLIENT=1 but {reason}")
        pytest.skip(reason)
    return Path(__file__).parent
