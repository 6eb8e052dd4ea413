"""`flowdesk serve` (what `make run` ends with) answers HTTP with the scheduler beside it."""
import gc
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

FLOWDESK = str(Path(sys.executable).with_name("flowdesk"))
PROCESSES = Path(__file__).parents[2] / "processes"


def free_port() -> int:
    """Ask the kernel for an unused loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_answers_with_the_sign_in_page(tmp_path) -> None:
    env = {**os.environ, "FLOWDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
           "FLOWDESK_INSTANCE_DIR": str(tmp_path)}
    env.pop("FLOWDESK_SECRET_KEY", None)
    subprocess.run([FLOWDESK, "init-secret-key"], env=env, check=True, capture_output=True, timeout=120)
    subprocess.run([FLOWDESK, "init-db"], env=env, check=True, capture_output=True, timeout=120)
    subprocess.run([FLOWDESK, "deploy", *map(str, sorted(PROCESSES.glob("*.bpmn")))], env=env, check=True,
                   capture_output=True, timeout=120)
    port = free_port()
    server = subprocess.Popen([FLOWDESK, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    page = ""
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/portal", timeout=5) as response:
                    page = response.read().decode()
            except OSError:
                time.sleep(0.2)  # the separate server process is still starting
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Sign in to FlowDesk" in page, output  # /portal redirected a signed-out visitor to /login
    assert "scheduler runs in this process" in output


def test_serve_freezes_its_start_up_objects_before_it_answers(app, monkeypatch) -> None:
    from click.testing import CliRunner
    from flask.cli import ScriptInfo

    from app.cli.base import main

    frozen_when_serving: list[int] = []
    monkeypatch.setattr("waitress.serve", lambda *args, **kwargs: frozen_when_serving.append(gc.get_freeze_count()))
    try:
        done = CliRunner().invoke(main, ["serve", "--no-scheduler"], obj=ScriptInfo(create_app=lambda: app))
    finally:
        gc.unfreeze()  # the test process goes on
    assert done.exit_code == 0, done.output
    assert frozen_when_serving and frozen_when_serving[0] > 0
