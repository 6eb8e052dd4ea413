"""Which variables a condition can read at a point of a drawing: what the steps before it set."""
from app.workflow.studio.scope import parameter_names, script_names, steps_before
from engine.reading.diagram import BPMN, read_xml

DRAWING = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:scriptTask id="compute" scriptFormat="python"><bpmn:script>total = 1
count += 2</bpmn:script></bpmn:scriptTask>
    <bpmn:serviceTask id="setter" camunda:type="external" camunda:topic="set"><bpmn:extensionElements>
      <camunda:inputOutput><camunda:inputParameter name="level">high</camunda:inputParameter></camunda:inputOutput>
    </bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:userTask id="later"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="compute"/>
    <bpmn:sequenceFlow id="f2" sourceRef="compute" targetRef="setter"/>
    <bpmn:sequenceFlow id="f3" sourceRef="setter" targetRef="later"/>
  </bpmn:process>
</bpmn:definitions>"""


def node(root, element_id: str):  # type: ignore[no-untyped-def]
    """Return the element of that id."""
    return next(found for found in root.iter(BPMN + "*") if found.get("id") == element_id)


def test_a_flow_s_source_counts_as_before_it_and_later_steps_do_not() -> None:
    root = read_xml(DRAWING, "d.bpmn")
    assert [step.get("id") for step in steps_before(root, node(root, "f2"))] == ["start", "compute"]


def test_a_script_task_sets_the_names_it_assigns() -> None:
    root = read_xml(DRAWING, "d.bpmn")
    assert script_names(node(root, "compute")) == {"total", "count"}


def test_the_set_topic_sets_its_input_parameters() -> None:
    root = read_xml(DRAWING, "d.bpmn")
    assert parameter_names(node(root, "setter")) == {"level"}
