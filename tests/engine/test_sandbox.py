"""Specifications for sandboxed scripts and for FlowDeskScriptEngine inside SpiffWorkflow."""
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import escape

import pytest
import time_machine
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.camunda.parser.CamundaParser import CamundaParser
from SpiffWorkflow.camunda.serializer.config import CAMUNDA_CONFIG
from SpiffWorkflow.util.task import TaskState

from engine.errors import ExpressionError, ScriptError
from engine.evaluation.sandbox import ScriptLimits, check_script, run_script
from engine.script_engine import FlowDeskScriptEngine

LIMITS = ScriptLimits(cpu_seconds=1, memory_mb=128, wall_seconds=3)
STARTED_AT = datetime(2030, 1, 1, tzinfo=UTC)
HOSTILE_SCRIPTS = {
    "import call": ("__import__('os').system('id')", 'line 1: "__import__" is an invalid variable name'),
    "import statement": ("x = 1\nimport os", "line 2: import statements are not allowed"),
    "from import": ("from os import path", "line 1: import statements are not allowed"),
    "subclasses walk": ("x = ().__class__.__base__.__subclasses__()", '"__subclasses__" is an invalid attribute name'),
    "module attribute": ("x = random._os.popen('id')", '"_os" is an invalid attribute name'),
}


# --- scripts in the sandbox ---------------------------------------------------------------------

def test_run_script_returns_the_variables_the_script_sets() -> None:
    assert run_script("total = a + b", {"a": 1, "b": 2}, LIMITS) == {"a": 1, "b": 2, "total": 3}


def test_run_script_supports_loops_comprehensions_augmented_assignment_and_print() -> None:
    source = "total = 0\nfor i, v in enumerate([n * 2 for n in range(3)]):\n    total += i * v\nprint(total)"
    assert run_script(source, {}, LIMITS)["total"] == 10


def test_run_script_lets_a_script_change_a_dict_in_task_data() -> None:
    result = run_script("ticket['priority'] = 'P1'", {"ticket": {"id": 7}}, LIMITS)
    assert result["ticket"] == {"id": 7, "priority": "P1"}


def test_run_script_leaves_out_variables_the_script_deletes() -> None:
    assert run_script("del draft", {"draft": "x", "keep": 1}, LIMITS) == {"keep": 1}


def test_run_script_drops_functions_silently() -> None:
    assert run_script("def double(x):\n    return x * 2\ny = double(4)", {}, LIMITS) == {"y": 8}


def test_run_script_refuses_a_value_task_data_cannot_hold() -> None:
    with pytest.raises(ScriptError, match="Script set 'tags' to a set, which cannot be stored as task data"):
        run_script("tags = {'a', 'b'}", {}, LIMITS)


def test_run_script_refuses_task_data_that_is_not_json() -> None:
    with pytest.raises(ScriptError, match="Task data cannot be passed to a script"):
        run_script("x = 1", {"opened_at": STARTED_AT}, LIMITS)


def test_run_script_returns_a_result_larger_than_the_pipe_buffer() -> None:
    assert len(run_script("report = 'x' * 3000000", {}, LIMITS)["report"]) == 3_000_000


def test_run_script_reports_the_failing_line_and_error() -> None:
    with pytest.raises(ScriptError, match="^Script failed on line 3: NameError: name 'x' is not defined$"):
        run_script("a = 1\nb = 2\nc = x + 1", {}, LIMITS)


def test_check_script_refuses_invalid_syntax_naming_the_line() -> None:
    with pytest.raises(ScriptError, match="^line 2: SyntaxError"):
        check_script("a = 1\nb = (")


def test_check_script_accepts_an_ordinary_script() -> None:
    check_script("sla_hours = {'P1': 4, 'P2': 8}.get(priority, 24)")


@pytest.mark.parametrize("source, reason", HOSTILE_SCRIPTS.values(), ids=HOSTILE_SCRIPTS.keys())
def test_check_script_refuses_hostile_code(source: str, reason: str) -> None:
    with pytest.raises(ScriptError, match=reason):
        check_script(source)


@pytest.mark.parametrize("source, reason", HOSTILE_SCRIPTS.values(), ids=HOSTILE_SCRIPTS.keys())
def test_run_script_refuses_hostile_code_that_skipped_the_deploy_check(source: str, reason: str) -> None:
    with pytest.raises(ScriptError, match=f"^Script was refused: .*{reason}"):
        run_script(source, {"random": "not a module"}, LIMITS)


def test_run_script_has_no_open_function() -> None:
    with pytest.raises(ScriptError, match="^Script failed on line 1: NameError: name 'open' is not defined$"):
        run_script("secret = open('/etc/passwd').read()", {}, LIMITS)


def test_run_script_stops_an_endless_loop_at_the_cpu_limit() -> None:
    limits = ScriptLimits(cpu_seconds=1, memory_mb=128, wall_seconds=10)
    with pytest.raises(ScriptError, match="^Script used more than 1 s of CPU and was stopped.$"):
        run_script("while True:\n    pass", {}, limits)


def test_run_script_stops_an_endless_loop_at_the_wall_clock_limit() -> None:
    limits = ScriptLimits(cpu_seconds=10, memory_mb=128, wall_seconds=0.5)
    with pytest.raises(ScriptError, match="^Script exceeded its 0.5 s time limit and was stopped.$"):
        run_script("while True:\n    pass", {}, limits)


def test_run_script_stops_a_text_memory_bomb() -> None:
    with pytest.raises(ScriptError, match=r"^Script ran out of memory \(limit 128 MB\).$"):
        run_script("x = 'a' * (10**10)", {}, LIMITS)


def test_run_script_stops_a_growing_list() -> None:
    with pytest.raises(ScriptError, match=r"^Script ran out of memory \(limit 128 MB\).$"):
        run_script("x = []\nwhile True:\n    x.append('a' * 100000)", {}, LIMITS)


def test_run_script_works_again_after_a_script_was_stopped() -> None:
    with pytest.raises(ScriptError):
        run_script("x = 'a' * (10**10)", {}, LIMITS)
    assert run_script("y = 2 * 21", {}, LIMITS) == {"y": 42}


# --- FlowDeskScriptEngine inside SpiffWorkflow --------------------------------------------------

def approval_diagram(condition: str = "${amount > 100 && approved == true}", timer: str = "PT1H",
                     score_script: str = "score = amount * 2") -> str:
    """Return a diagram: score script, gateway, then a timer and 'fast' route or the default 'manual' route."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="http://flowdesk.test">
  <bpmn:process id="approval" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:scriptTask id="score" scriptFormat="python"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:script>{escape(score_script)}</bpmn:script></bpmn:scriptTask>
    <bpmn:exclusiveGateway id="decide" default="f_manual"><bpmn:incoming>f2</bpmn:incoming>
      <bpmn:outgoing>f_fast</bpmn:outgoing><bpmn:outgoing>f_manual</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:intermediateCatchEvent id="wait_hour"><bpmn:incoming>f_fast</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">{escape(timer)}</bpmn:timeDuration>
      </bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:scriptTask id="route_fast"><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing>
      <bpmn:script>route = 'fast'</bpmn:script></bpmn:scriptTask>
    <bpmn:scriptTask id="route_manual"><bpmn:incoming>f_manual</bpmn:incoming><bpmn:outgoing>f5</bpmn:outgoing>
      <bpmn:script>route = 'manual'</bpmn:script></bpmn:scriptTask>
    <bpmn:endEvent id="end_fast"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="end_manual"><bpmn:incoming>f5</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="score"/>
    <bpmn:sequenceFlow id="f2" sourceRef="score" targetRef="decide"/>
    <bpmn:sequenceFlow id="f_fast" sourceRef="decide" targetRef="wait_hour">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{escape(condition)}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_manual" sourceRef="decide" targetRef="route_manual"/>
    <bpmn:sequenceFlow id="f3" sourceRef="wait_hour" targetRef="route_fast"/>
    <bpmn:sequenceFlow id="f4" sourceRef="route_fast" targetRef="end_fast"/>
    <bpmn:sequenceFlow id="f5" sourceRef="route_manual" targetRef="end_manual"/>
  </bpmn:process>
</bpmn:definitions>"""


SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(CAMUNDA_CONFIG))
ENGINE = FlowDeskScriptEngine(LIMITS)


@pytest.fixture
def traveller() -> Iterator[time_machine.Traveller]:
    """Freeze the clock at STARTED_AT; tests move it with traveller.shift()."""
    with time_machine.travel(STARTED_AT, tick=False) as coordinates:
        yield coordinates


def start_workflow(data: dict, **diagram: str) -> BpmnWorkflow:
    """Parse the approval diagram, start an instance with data and run it until it waits."""
    parser = CamundaParser(validator=BpmnValidator())
    parser.add_bpmn_str(approval_diagram(**diagram).encode())
    workflow = BpmnWorkflow(parser.get_spec("approval"), script_engine=ENGINE)
    workflow.task_tree.data.update(data)
    return step(workflow)


def step(workflow: BpmnWorkflow) -> BpmnWorkflow:
    """Fire due timers, run engine steps, then save and reload as production does."""
    workflow.refresh_timers()
    workflow.do_engine_steps()
    reloaded = SERIALIZER.deserialize_json(SERIALIZER.serialize_json(workflow))
    reloaded.script_engine = ENGINE
    return reloaded


def test_workflow_takes_the_default_path_when_the_dialect_condition_fails(traveller: time_machine.Traveller) -> None:
    workflow = start_workflow({"amount": 150, "approved": False})
    assert workflow.completed and workflow.data["route"] == "manual"


def test_workflow_waits_on_the_timer_when_the_dialect_condition_holds(traveller: time_machine.Traveller) -> None:
    workflow = start_workflow({"amount": 150, "approved": True})
    assert workflow.get_next_task(spec_name="wait_hour").state == TaskState.WAITING


def test_workflow_computes_the_due_time_of_a_bare_timer_literal(traveller: time_machine.Traveller) -> None:
    workflow = start_workflow({"amount": 150, "approved": True})
    timer = workflow.get_next_task(spec_name="wait_hour")
    assert timer.internal_data["event_value"] == "2030-01-01T01:00:00+00:00"


def test_workflow_fires_the_timer_once_the_clock_passes_its_due_time(traveller: time_machine.Traveller) -> None:
    workflow = start_workflow({"amount": 150, "approved": True})
    traveller.shift(timedelta(hours=1, seconds=1))
    workflow = step(workflow)
    assert workflow.completed and workflow.data == {"amount": 150, "approved": True, "score": 300, "route": "fast"}


def test_workflow_reports_a_refused_condition_readably(traveller: time_machine.Traveller) -> None:
    with pytest.raises(WorkflowTaskException, match="calls a function that is not allowed: __import__"):
        start_workflow({"amount": 150, "approved": True}, condition="__import__('os').getpid() > 0")


def test_workflow_reports_a_timer_memory_bomb_readably(traveller: time_machine.Traveller) -> None:
    with pytest.raises(WorkflowTaskException, match="would produce a value that is too large"):
        start_workflow({"amount": 150, "approved": True}, timer="'a' * 10**10")


def test_workflow_reports_a_timer_that_does_not_produce_iso_readably(traveller: time_machine.Traveller) -> None:
    with pytest.raises(WorkflowTaskException, match="must produce an ISO 8601 date, duration or cycle, got 'tomorrow'"):
        start_workflow({"amount": 150, "approved": True, "due": "tomorrow"}, timer="due")


def test_engine_environment_refuses_hostile_code_on_spiffworkflows_direct_path() -> None:
    with pytest.raises(ExpressionError, match="calls a function that is not allowed: __import__"):
        ENGINE.environment.evaluate("__import__('os').getpid()", {})


def test_workflow_reports_a_script_memory_bomb_readably(traveller: time_machine.Traveller) -> None:
    with pytest.raises(WorkflowTaskException, match=r"Script ran out of memory \(limit 128 MB\)"):
        start_workflow({"amount": 150}, score_script="score = 'a' * (10**10)")


def test_workflow_marks_the_failed_script_task_as_error(traveller: time_machine.Traveller) -> None:
    parser = CamundaParser(validator=BpmnValidator())
    parser.add_bpmn_str(approval_diagram(score_script="score = missing + 1").encode())
    workflow = BpmnWorkflow(parser.get_spec("approval"), script_engine=ENGINE)
    with pytest.raises(WorkflowTaskException) as caught:
        workflow.do_engine_steps()
    assert caught.value.line_number == 1
    assert workflow.get_next_task(spec_name="score").state == TaskState.ERROR


def test_engine_keeps_private_task_data_the_script_cannot_see(traveller: time_machine.Traveller) -> None:
    workflow = start_workflow({"amount": 50, "_audit_id": "a-1"})
    assert workflow.get_next_task(spec_name="score").data["_audit_id"] == "a-1"


def test_engine_removes_task_data_the_script_deleted(traveller: time_machine.Traveller) -> None:
    workflow = start_workflow({"amount": 50, "draft": "x"}, score_script="score = 1\ndel draft")
    assert "draft" not in workflow.get_next_task(spec_name="score").data
