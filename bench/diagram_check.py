"""Time the server's check of processes/incident.bpmn (POST /api/v1/diagrams/validate), beside baselines.

Issue 13 asks for the check of incident.bpmn under 200 ms. Printed, in the same run and on the same machine:
lxml's parse of the file alone (the floor of any check), the XSD validation alone, the engine's check
(parse_diagram: every rule and the parse into specs), the whole use case (plus the forms built), and the
whole HTTP request through the test client (token, locale, JSON). Medians and 95th percentiles of --runs
runs after --warmup runs, and the machine's load (uptime), which the figures depend on. Run from the
repository root:

    .venv/bin/python bench/diagram_check.py [--runs 50] [--warmup 5]
"""
import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from scratch import migrated_app, percentile

from app.demo import create_demo_people
from app.organisation.policies import system_actor
from app.organisation.tokens import create_token
from app.workflow.studio.checks import check_diagram
from engine.reading.diagram import parse_diagram
from engine.reading.parser import bpmn_validator

ROOT = Path(__file__).parents[1]
DIAGRAM = ROOT / "processes" / "incident.bpmn"
TARGET_MS = 200.0


def timed(action: Callable[[], object], runs: int, warmup: int) -> list[float]:
    """Return the milliseconds of each of `runs` calls of action, after `warmup` calls not counted."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def report(name: str, samples: list[float]) -> None:
    """Print one line: the median and the 95th percentile."""
    print(f"{name:<44} median {percentile(samples, 0.5):8.2f} ms   p95 {percentile(samples, 0.95):8.2f} ms")


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    options = parser.parse_args()
    content = DIAGRAM.read_bytes()
    print(f"{DIAGRAM.relative_to(ROOT)}: {len(content)} bytes; {options.runs} runs after {options.warmup} warm-up")
    print("load before:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    safe = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
    report("baseline: lxml parse alone", timed(lambda: etree.fromstring(content, safe), options.runs, 1))
    validator = bpmn_validator()
    report("baseline: XSD validation alone", timed(
        lambda: validator.validator.validate(etree.fromstring(content, safe)), options.runs, 1))
    with tempfile.TemporaryDirectory() as folder:
        app = migrated_app(f"sqlite:///{folder}/bench.sqlite3")
        with app.app_context():
            runtime = app.extensions["flowdesk"]
            report("engine check (parse_diagram)", timed(
                lambda: parse_diagram(content, "incident.bpmn", runtime.engine.topics.names()),
                options.runs, options.warmup))
            check = timed(lambda: check_diagram(runtime, system_actor(), content), options.runs, options.warmup)
            report("use case check_diagram (the server check)", check)
            create_demo_people()
            token = create_token(runtime, system_actor(), "olga", "bench")
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/xml"}
        answer = client.post("/api/v1/diagrams/validate", data=content, headers=headers)
        if answer.status_code != 200 or not answer.get_json()["valid"]:
            sys.exit(f"the check did not pass incident.bpmn: {answer.status_code} {answer.get_data(as_text=True)}")
        http = timed(lambda: client.post("/api/v1/diagrams/validate", data=content, headers=headers),
                     options.runs, options.warmup)
        report("POST /api/v1/diagrams/validate (test client)", http)
    print("load after: ", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    verdict = "under" if percentile(check, 0.5) < TARGET_MS else "OVER"
    print(f"server check median {percentile(check, 0.5):.1f} ms: {verdict} the {TARGET_MS:.0f} ms target")


if __name__ == "__main__":
    main()
