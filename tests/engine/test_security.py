"""Hostile code in a diagram never runs: refused at deployment, or stopped at run time while the worker lives on.

Each payload is placed in a gateway condition, a timer expression, an assignee expression and a
script task. Where the deployment check can see the danger, the diagram is refused; where it
cannot (an unknown name, a memory bomb, an endless loop), the step fails cleanly and the instance
needs attention. Either way a normal instance of another process then runs to its end.
"""
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from flask import Flask
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.platform.errors import StepFailed
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import list_instances_by_id, start_instance
from app.workflow.models import ProcessDefinition
from app.workflow.runtime import Runtime
from engine.clock import FixedClock
from engine.errors import DiagramRefused
from engine.topics import TopicRegistry

NAMESPACES = (
    'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="https://flowdesk.example/tests"'
)
REFUSED, FAILS = "refused at deployment", "fails at run time"

# payload name -> (expression inside ${...}, outcome, what the message says)
EXPRESSIONS = {
    "import": ("__import__('os').system('id')", REFUSED, "calls a function that is not allowed: __import__"),
    "open-file": ("open('/etc/passwd')", REFUSED, "calls a function that is not allowed: open"),
    "subclasses-walk": ("().__class__.__base__.__subclasses__()", REFUSED, "cannot call methods"),
    "module-attribute": ("random._os", REFUSED, "keys starting with '_' are not allowed"),
    "endless-loop": ("[x for x in iter(int, 1)]", REFUSED, "calls a function that is not allowed: iter"),
    "memory-bomb": ("'a' * 10**10", FAILS, "would produce a value that is too large"),
}
# payload name -> (script source, outcome, what the message says)
SCRIPTS = {
    "import": ("x = __import__('os').system('id')", REFUSED, '"__import__" is an invalid variable name'),
    "open-file": ("x = open('/etc/passwd').read()", FAILS, "NameError: name 'open' is not defined"),
    "subclasses-walk": ("x = ().__class__.__base__.__subclasses__()", REFUSED,
                        '"__subclasses__" is an invalid attribute name'),
    "module-attribute": ("x = random._os", REFUSED, '"_os" is an invalid attribute name'),
    "endless-loop": ("while True:\n    pass", FAILS, "s time limit and was stopped|s of CPU and was stopped"),
    "memory-bomb": ("x = 'a' * (10**10)", FAILS, r"Script ran out of memory \(limit 128 MB\)"),
}


# --- an app with small sandbox limits, on SQLite only ----------------------------------------------

@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """Run these tests on SQLite only: the sandbox does not depend on the database."""
    return sqlite_url


@pytest.fixture
def app(database_url: str, clock: FixedClock, topics: TopicRegistry) -> Iterator[Flask]:
    """A FlowDesk app whose scripts get one second and 128 MB."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "SCRIPT_WALL_SECONDS": 1,
                      "SCRIPT_CPU_SECONDS": 1, "SCRIPT_MEMORY_MB": 128}, clock=clock, topics=topics)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


# --- diagrams ----------------------------------------------------------------------------------------

def definitions(process_id: str, body: str) -> bytes:
    """Return a one-process diagram."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions {NAMESPACES}>\n'
            f'<bpmn:process id="{process_id}" name="{process_id}" isExecutable="true">\n{body}\n'
            f"</bpmn:process>\n</bpmn:definitions>\n").encode()


def around(element: str, element_id: str) -> str:
    """Return start -> element -> end."""
    return (f'<bpmn:startEvent id="start"/>\n<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="{element_id}"/>\n'
            f'{element}\n<bpmn:sequenceFlow id="f2" sourceRef="{element_id}" targetRef="end"/>\n'
            f'<bpmn:endEvent id="end"/>')


def in_gateway_condition(payload: str) -> bytes:
    """Put the payload in the condition of an exclusive gateway's flow."""
    return definitions("hostile", (
        '<bpmn:startEvent id="start"/>\n<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw"/>\n'
        '<bpmn:exclusiveGateway id="gw" default="f_no"/>\n'
        '<bpmn:sequenceFlow id="f_yes" sourceRef="gw" targetRef="end"><bpmn:conditionExpression '
        f'xsi:type="bpmn:tFormalExpression">{escape("${" + payload + "}")}</bpmn:conditionExpression>'
        '</bpmn:sequenceFlow>\n<bpmn:sequenceFlow id="f_no" sourceRef="gw" targetRef="end"/>\n'
        '<bpmn:endEvent id="end"/>'))


def in_timer(payload: str) -> bytes:
    """Put the payload in the duration of an intermediate timer."""
    return definitions("hostile", around(
        '<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration '
        f'xsi:type="bpmn:tFormalExpression">{escape("${" + payload + "}")}</bpmn:timeDuration>'
        "</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>", "wait"))


def in_assignee(payload: str) -> bytes:
    """Put the payload in a user task's camunda:assignee."""
    return definitions("hostile", around(
        f'<bpmn:userTask id="work" name="Work" camunda:assignee={quoteattr("${" + payload + "}")}/>', "work"))


def in_script(source: str) -> bytes:
    """Put the payload in a Python script task."""
    return definitions("hostile", around(
        f'<bpmn:scriptTask id="run" name="Run" scriptFormat="python"><bpmn:script>{escape(source)}</bpmn:script>'
        "</bpmn:scriptTask>", "run"))


def healthy() -> bytes:
    """Return a process that runs a script and a gateway to its end without waiting."""
    return definitions("healthy", (
        '<bpmn:startEvent id="start"/>\n<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="add"/>\n'
        '<bpmn:scriptTask id="add" scriptFormat="python"><bpmn:script>total = a + 1</bpmn:script></bpmn:scriptTask>\n'
        '<bpmn:sequenceFlow id="f2" sourceRef="add" targetRef="gw"/>\n'
        '<bpmn:exclusiveGateway id="gw" default="f_other"/>\n'
        '<bpmn:sequenceFlow id="f_two" sourceRef="gw" targetRef="end"><bpmn:conditionExpression '
        'xsi:type="bpmn:tFormalExpression">${total == 2}</bpmn:conditionExpression></bpmn:sequenceFlow>\n'
        '<bpmn:sequenceFlow id="f_other" sourceRef="gw" targetRef="wrong"/>\n'
        '<bpmn:userTask id="wrong" name="Should not happen"/>\n'
        '<bpmn:sequenceFlow id="f3" sourceRef="wrong" targetRef="end"/>\n<bpmn:endEvent id="end"/>'))


PLACES = {  # place -> (diagram builder, element the deploy check names, payload table)
    "gateway-condition": (in_gateway_condition, "f_yes", EXPRESSIONS),
    "timer-expression": (in_timer, "wait", EXPRESSIONS),
    "assignee-expression": (in_assignee, "work", EXPRESSIONS),
    "script-task": (in_script, "run", SCRIPTS),
}
Builder = Callable[[str], bytes]


def cases(outcome: str) -> list:  # type: ignore[type-arg]
    """Return (builder, element id, payload, message) params for every place and payload with this outcome."""
    return [
        pytest.param(build, element_id, payload, message, id=f"{place}-{name}")
        for place, (build, element_id, table) in PLACES.items()
        for name, (payload, expected, message) in table.items()
        if expected == outcome
    ]


# --- checks --------------------------------------------------------------------------------------------

def passwd_lines() -> list[str]:
    """Return the non-trivial lines of /etc/passwd, which a leak would show."""
    return [line for line in Path("/etc/passwd").read_text(errors="replace").splitlines() if len(line) > 8]


def count_versions() -> int:
    """Return how many process versions are stored."""
    count = db.session.execute(select(func.count(ProcessDefinition.id))).scalar_one()
    db.session.rollback()
    return count


def assert_worker_lives_on(runtime: Runtime) -> None:
    """A normal instance of another process starts and runs to its end afterwards."""
    deploy_diagram(runtime, healthy(), "healthy.bpmn", "owner")
    instance_id = start_instance(runtime, "healthy", {"a": 1})
    assert list_instances_by_id(instance_id).status == "completed"


@pytest.mark.parametrize(("build", "element_id", "payload", "message"), cases(REFUSED))
def test_owner_deploy_of_hostile_code_is_refused_and_the_worker_lives_on(
        runtime: Runtime, build: Builder, element_id: str, payload: str, message: str) -> None:
    with pytest.raises(DiagramRefused, match=message) as refused:
        deploy_diagram(runtime, build(payload), "hostile.bpmn", "owner")
    assert (refused.value.file_name, refused.value.element_id) == ("hostile.bpmn", element_id)
    assert count_versions() == 0
    assert_worker_lives_on(runtime)


@pytest.mark.parametrize(("build", "element_id", "payload", "message"), cases(FAILS))
def test_hostile_code_the_deploy_check_cannot_see_fails_its_step_and_the_worker_lives_on(
        runtime: Runtime, build: Builder, element_id: str, payload: str, message: str) -> None:
    deploy_diagram(runtime, build(payload), "hostile.bpmn", "owner")
    with pytest.raises(StepFailed, match=message) as failed:
        start_instance(runtime, "hostile", {})
    instance_id = failed.value.instance_id
    assert list_instances_by_id(instance_id).status == "needs_attention"
    failures = [e.data["error"] for e in list_history(instance_stream(instance_id)) if e.kind == "step_failed"]
    assert len(failures) == 1
    assert re.search(message, failures[0])
    assert not [line for line in passwd_lines() if line in str(failed.value) or line in failures[0]]
    assert_worker_lives_on(runtime)
