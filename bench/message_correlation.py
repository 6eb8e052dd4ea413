"""Measure correlating a message by name alone (no business key) while thousands of instances run.

Starts N instances (2,000 by default) of a process that will catch the message later (they wait at a user
task first): before message subscriptions, correlation read the state of every one of them. Then, per
measured call, starts one instance of a process that waits for the message at once and correlates the
message by its name: the subscription lookup finds that one instance. Times the correlation and the start
in the same run on SQLite and PostgreSQL, and prints both and their ratio. Prints figures; never fails on speed.

    .venv/bin/python bench/message_correlation.py [--instances 2000] [--calls 100] [--skip-postgres]
"""
import argparse
import os
import statistics
import time
from datetime import UTC, datetime

from scratch import measure_on_both, migrated_app, percentile

from app.organisation.policies import Actor
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.lifecycle import start_instance
from app.workflow.outside.messages import Message, correlate_message

DEFAULT_POSTGRES_URL = os.environ.get("FLOWDESK_TEST_POSTGRES_URL",
                                      "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DIAGRAM = b"""<?xml version="1.0" encoding="UTF-8"?>
<definitions id="d" xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="bench">
  <message id="M" name="paymentReceived"/>
  <process id="order" isExecutable="true">
    <startEvent id="s"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="review"/>
    <userTask id="review" name="Review the order"/>
    <sequenceFlow id="f2" sourceRef="review" targetRef="paid"/>
    <intermediateCatchEvent id="paid"><messageEventDefinition messageRef="M"/></intermediateCatchEvent>
    <sequenceFlow id="f3" sourceRef="paid" targetRef="e"/>
    <endEvent id="e"/>
  </process>
  <process id="express" isExecutable="true">
    <startEvent id="xs"/>
    <sequenceFlow id="x1" sourceRef="xs" targetRef="xpaid"/>
    <intermediateCatchEvent id="xpaid"><messageEventDefinition messageRef="M"/></intermediateCatchEvent>
    <sequenceFlow id="x2" sourceRef="xpaid" targetRef="xe"/>
    <endEvent id="xe"/>
  </process>
</definitions>"""
OWNER = Actor(1, "olga", "Olga", "en", "UTC", frozenset(), frozenset({"process_owner"}), frozenset())


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--instances", type=int, default=2000)
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    return parser.parse_args()


def timed(call: object) -> float:
    """Return how long a call took, in milliseconds."""
    started = time.perf_counter()
    call()  # type: ignore[operator]
    return (time.perf_counter() - started) * 1000


def bench(label: str, url: str, args: argparse.Namespace) -> dict[str, tuple[float, float]]:
    """Fill one database with running instances and time starts and correlations by name."""
    app = migrated_app(url)
    with app.app_context():
        runtime = app.extensions["flowdesk"]
        deploy_diagram(runtime, DIAGRAM, "bench_messages.bpmn", "olga")
        started = time.perf_counter()
        for _ in range(args.instances):
            start_instance(runtime, "order", {})
        print(f"{label}: {args.instances:,} instances running (started in {time.perf_counter() - started:.0f} s)")
        starts, correlations = [], []
        for _ in range(args.calls):
            starts.append(timed(lambda: start_instance(runtime, "express", {})))
            correlations.append(timed(lambda: correlate_message(runtime, OWNER, Message("paymentReceived"))))
        figures = {"start_instance": (statistics.median(starts), percentile(starts, 0.95)),
                   "correlate by name": (statistics.median(correlations), percentile(correlations, 0.95))}
        print(f"  correlation / start (medians): {figures['correlate by name'][0] / figures['start_instance'][0]:.2f}")
        return figures


def main() -> None:
    """Run the benchmark and print the figures."""
    args = parse_args()
    print(f"FlowDesk message correlation by name: {args.instances:,} running instances; {args.calls} calls each")
    print(f"date {datetime.now(UTC).isoformat(timespec='seconds')}  nproc {os.cpu_count()}")
    results = measure_on_both(lambda label, url: bench(label, url, args), args.skip_postgres, args.postgres_url)
    print()
    for database, calls in results.items():
        for name, (median, p95) in calls.items():
            print(f"{database:<11} {name:<20} median {median:6.2f} ms   p95 {p95:6.2f} ms")
        ratio = calls["correlate by name"][0] / calls["start_instance"][0]
        print(f"{database:<11} correlation / start (medians) {ratio:.2f}")


if __name__ == "__main__":
    main()
