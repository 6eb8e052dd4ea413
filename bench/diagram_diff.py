"""Time the diff of two versions of processes/incident.bpmn (app.workflow.studio.diagram_diff), beside baselines.

The modeller's "what changed" and the version diff page each compare two diagrams on the server. Printed, in the
same run: lxml's parse of both files alone (the floor of any diff), the engine's check of one file (what a
deployment costs anyway), and the diff of incident.bpmn with itself and with a copy carrying a renamed task, a
changed timer and a moved shape. Medians and 95th percentiles of --runs runs after --warmup runs, the ratio of
each to the parse, and the machine's load (uptime). Run from the repository root:

    .venv/bin/python bench/diagram_diff.py [--runs 50] [--warmup 5]
"""
import argparse
import subprocess
from pathlib import Path

from diagram_check import timed
from lxml import etree
from scratch import percentile

from app.workflow.studio.diagram_diff import compare_diagrams
from engine.reading.diagram import parse_diagram

ROOT = Path(__file__).parents[1]
DIAGRAM = ROOT / "processes" / "incident.bpmn"


def changed_copy(content: bytes) -> bytes:
    """Return incident.bpmn with a renamed task, a changed timer and a moved shape."""
    changed = content.replace(b'name="Classify the incident"', b'name="Triage the incident"', 1)
    changed = changed.replace(b">${response_due}<", b">${resolution_due}<", 1)
    changed = changed.replace(b'<dc:Bounds x="60" y="222"', b'<dc:Bounds x="70" y="232"', 1)
    return changed


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    options = parser.parse_args()
    content = DIAGRAM.read_bytes()
    changed = changed_copy(content)
    diff = compare_diagrams(content, changed)
    print(f"{DIAGRAM.relative_to(ROOT)}: {len(content)} bytes; {options.runs} runs after {options.warmup} warm-up; "
          f"the copy differs in {len(diff.changed)} changed and {len(diff.moved)} moved elements "
          f"(3 changes made; a count that is not 2 and 1 means the file no longer has what the copy changes)")
    print("load before:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    baseline = timed(lambda: (etree.fromstring(content), etree.fromstring(changed)), options.runs, options.warmup)
    lines = [
        ("lxml parse of both files (baseline)", baseline),
        ("engine check of one file (parse_diagram)", timed(lambda: parse_diagram(content, "incident.bpmn", None),
                                                           options.runs, options.warmup)),
        ("diff of the file with itself", timed(lambda: compare_diagrams(content, content), options.runs,
                                               options.warmup)),
        ("diff of the file with the changed copy", timed(lambda: compare_diagrams(content, changed), options.runs,
                                                         options.warmup)),
    ]
    floor = percentile(baseline, 0.5)
    for name, samples in lines:
        median = percentile(samples, 0.5)
        print(f"{name:<44} median {median:8.2f} ms   p95 {percentile(samples, 0.95):8.2f} ms   "
              f"x{median / floor:6.1f} the parse")
    print("load after:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
