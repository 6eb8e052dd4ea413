"""The diff of two diagrams, on hand-made pairs: each kind of change lands where it belongs, and nothing else does."""
from pathlib import Path

import pytest

from app.workflow.studio.diagram_diff import compare_diagrams
from engine.errors import DiagramRefused

INCIDENT = (Path(__file__).parents[2] / "processes" / "incident.bpmn").read_bytes()

SMALL = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
    xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="http://flowdesk.test">
  <bpmn:process id="small" name="Small" isExecutable="true">
    <bpmn:startEvent id="start" name="Asked"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="review" name="Review it" camunda:candidateGroups="service-desk">
      <bpmn:extensionElements>
        <camunda:formData>
          <camunda:formField id="verdict" label="Verdict" type="string"/>
          <camunda:formField id="hours" label="Hours" type="long" defaultValue="1"/>
        </camunda:formData>
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="late" name="Late" attachedToRef="review" cancelActivity="false">
      <bpmn:timerEventDefinition id="TimerEventDefinition_1"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT4H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:exclusiveGateway id="ok" name="OK?" default="f_no"/>
    <bpmn:endEvent id="done" name="Done"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="ok"/>
    <bpmn:sequenceFlow id="f_yes" name="Yes" sourceRef="ok" targetRef="done">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${verdict == "yes"}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_no" sourceRef="ok" targetRef="review"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="d"><bpmndi:BPMNPlane id="p" bpmnElement="small">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="100" y="100" width="36" height="36"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="review_di" bpmnElement="review"><dc:Bounds x="200" y="78" width="100" height="80"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="ok_di" bpmnElement="ok" isMarkerVisible="true"><dc:Bounds x="350" y="93" width="50" height="50"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="done_di" bpmnElement="done"><dc:Bounds x="450" y="100" width="36" height="36"/></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="136" y="118"/><di:waypoint x="200" y="118"/></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>
"""


def changed(old: str, new: str, count: int = 1) -> bytes:
    """Return the small diagram with one piece of text replaced, checking that it was there."""
    assert SMALL.count(old) >= count, old
    return SMALL.replace(old, new, count).encode()


def properties_of(diff, element_id: str) -> dict[str, tuple[str | None, str | None]]:  # type: ignore[no-untyped-def]
    """Return the changed properties of one changed element, by name, as (before, after)."""
    element = next(change for change in diff.changed if change.element_id == element_id)
    return {change.name: (change.before, change.after) for change in element.properties}


def test_diff_finds_nothing_between_a_diagram_and_itself() -> None:
    assert compare_diagrams(SMALL.encode(), SMALL.encode()).is_empty
    assert compare_diagrams(INCIDENT, INCIDENT).is_empty


def test_diff_finds_nothing_when_only_the_order_prefixes_and_spacing_of_the_file_change() -> None:
    reordered = SMALL.replace('<bpmn:endEvent id="done" name="Done"/>\n', "").replace(
        '<bpmn:process id="small" name="Small" isExecutable="true">',
        '<bpmn:process isExecutable="true" name="Small" id="small">\n<bpmn:endEvent name="Done" id="done"/>')
    reordered = reordered.replace(
        '<camunda:formField id="verdict" label="Verdict" type="string"/>\n          '
        '<camunda:formField id="hours" label="Hours" type="long" defaultValue="1"/>',
        '<camunda:formField id="hours" type="long" label="Hours" defaultValue="1.0"/>'
        '<camunda:formField label="Verdict" id="verdict" type="string"/>').replace("defaultValue=\"1.0\"",
                                                                                   "defaultValue=\"1\"")
    renamed_prefix = reordered.replace("bpmn:", "model:").replace("xmlns:bpmn=", "xmlns:model=")
    renamed_prefix = renamed_prefix.replace('x="100" y="100"', 'x="100.0" y="100"')
    assert renamed_prefix != SMALL
    assert compare_diagrams(SMALL.encode(), renamed_prefix.encode()).is_empty


def test_diff_reports_an_added_element_as_added_and_not_as_changed() -> None:
    diff = compare_diagrams(SMALL.encode(), changed('<bpmn:endEvent id="done" name="Done"/>',
                                                    '<bpmn:endEvent id="done" name="Done"/><bpmn:task id="extra" '
                                                    'name="Extra step"/>'))
    assert [(change.element_id, change.element_type, change.name) for change in diff.added] == [
        ("extra", "task", "Extra step")]
    assert not diff.removed and not diff.changed and not diff.moved


def test_diff_reports_a_removed_element_as_removed() -> None:
    diff = compare_diagrams(SMALL.encode(), changed('<bpmn:endEvent id="done" name="Done"/>', ""))
    assert [change.element_id for change in diff.removed] == ["done"]
    assert diff.markers["removed"] == ["done"] and not diff.added


def test_diff_names_a_changed_label_with_its_old_and_new_value_in_that_order() -> None:
    diff = compare_diagrams(SMALL.encode(), changed('name="Review it"', 'name="Review the request"'))
    assert properties_of(diff, "review") == {"name": ("Review it", "Review the request")}
    assert diff.changed[0].name == "Review the request"


def test_diff_names_a_changed_camunda_attribute() -> None:
    diff = compare_diagrams(SMALL.encode(), changed('camunda:candidateGroups="service-desk"',
                                                    'camunda:candidateGroups="network" camunda:assignee="sam"'))
    assert properties_of(diff, "review") == {"camunda:candidateGroups": ("service-desk", "network"),
                                             "camunda:assignee": (None, "sam")}


def test_diff_names_the_form_field_and_the_attribute_that_changed() -> None:
    diff = compare_diagrams(SMALL.encode(), changed('label="Hours" type="long" defaultValue="1"',
                                                    'label="Hours spent" type="long" defaultValue="1"'))
    assert properties_of(diff, "review") == {"camunda:formField[hours]@label": ("Hours", "Hours spent")}


def test_diff_names_a_form_field_added_to_a_task() -> None:
    diff = compare_diagrams(SMALL.encode(), changed('</camunda:formData>',
                                                    '<camunda:formField id="reason" label="Reason" type="string"/>'
                                                    '</camunda:formData>'))
    assert properties_of(diff, "review") == {"camunda:formField[reason]@label": (None, "Reason"),
                                             "camunda:formField[reason]@type": (None, "string")}


def test_diff_names_a_changed_timer_on_its_event_and_not_on_its_definition() -> None:
    diff = compare_diagrams(SMALL.encode(), changed(">PT4H<", ">PT8H<"))
    assert properties_of(diff, "late") == {"timerEventDefinition/timeDuration": ("PT4H", "PT8H")}
    assert [change.element_id for change in diff.changed] == ["late"]


def test_diff_names_a_changed_condition_on_its_flow() -> None:
    diff = compare_diagrams(SMALL.encode(), changed('${verdict == "yes"}', '${verdict != "no"}'))
    assert properties_of(diff, "f_yes") == {"conditionExpression": ('${verdict == "yes"}', '${verdict != "no"}')}


def test_diff_names_a_reconnected_flow_by_its_target() -> None:
    diff = compare_diagrams(SMALL.encode(), changed('id="f_no" sourceRef="ok" targetRef="review"',
                                                    'id="f_no" sourceRef="ok" targetRef="done"'))
    assert properties_of(diff, "f_no") == {"targetRef": ("review", "done")}


def test_diff_names_an_element_whose_type_changed() -> None:
    diff = compare_diagrams(SMALL.encode(), changed('<bpmn:endEvent id="done" name="Done"/>',
                                                    '<bpmn:task id="done" name="Done"/>'))
    assert properties_of(diff, "done") == {"type": ("endEvent", "task")}


def test_diff_keeps_a_moved_shape_apart_as_layout_only() -> None:
    diff = compare_diagrams(SMALL.encode(), changed('<dc:Bounds x="450" y="100"', '<dc:Bounds x="480" y="140"'))
    assert [change.element_id for change in diff.moved] == ["done"]
    assert not diff.changed and not diff.added and not diff.removed


def test_diff_keeps_a_bent_flow_apart_as_layout_only() -> None:
    diff = compare_diagrams(SMALL.encode(), changed('<di:waypoint x="200" y="118"/>',
                                                    '<di:waypoint x="170" y="118"/><di:waypoint x="200" y="118"/>'))
    assert diff.markers == {"added": [], "removed": [], "changed": [], "moved": ["f1"]}


def test_diff_does_not_call_a_changed_and_moved_element_merely_moved() -> None:
    diff = compare_diagrams(SMALL.encode(), changed('name="Done"/>', 'name="Finished"/>').replace(
        b'<dc:Bounds x="450" y="100"', b'<dc:Bounds x="480" y="140"'))
    assert diff.markers == {"added": [], "removed": [], "changed": ["done"], "moved": []}


def test_diff_names_a_changed_translation_of_a_label_in_incident() -> None:
    after = INCIDENT.replace('value="已登记事件"'.encode(), 'value="已记录事件"'.encode(), 1)
    assert after != INCIDENT
    diff = compare_diagrams(INCIDENT, after)
    assert properties_of(diff, "logged") == {"camunda:property[zh_CN:name]@value": ("已登记事件", "已记录事件")}


def test_diff_refuses_a_file_that_is_not_xml_saying_so() -> None:
    with pytest.raises(DiagramRefused, match="not well-formed XML"):
        compare_diagrams(SMALL.encode(), b"<definitions")


NESTED = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
    id="defs" targetNamespace="http://flowdesk.test">
  <message id="answer" name="answer"/>
  <process id="nested" isExecutable="true">
    <laneSet id="lanes"><lane id="desk" name="Desk"><flowNodeRef>outer</flowNodeRef><flowNodeRef>wait</flowNodeRef></lane></laneSet>
    <subProcess id="outer" name="Outer">
      <documentation>Does the inner work.</documentation>
      <userTask id="inner" name="Inner" camunda:assignee="sam"/>
    </subProcess>
    <intermediateCatchEvent id="wait" name="Wait"><messageEventDefinition id="m1" messageRef="answer"/></intermediateCatchEvent>
  </process>
</definitions>
"""


def test_diff_names_a_change_inside_a_sub_process_on_the_inner_element_only() -> None:
    diff = compare_diagrams(NESTED.encode(), NESTED.replace('camunda:assignee="sam"', 'camunda:assignee="lee"').encode())
    assert diff.markers["changed"] == ["inner"]
    assert properties_of(diff, "inner") == {"camunda:assignee": ("sam", "lee")}


def test_diff_names_changed_documentation_and_message_reference() -> None:
    after = NESTED.replace("Does the inner work.", "Does all the inner work.").replace(
        'messageRef="answer"', 'messageRef="reply"').replace('<message id="answer" name="answer"/>',
                                                             '<message id="reply" name="reply"/>')
    diff = compare_diagrams(NESTED.encode(), after.encode())
    assert properties_of(diff, "outer") == {"documentation": ("Does the inner work.", "Does all the inner work.")}
    assert properties_of(diff, "wait") == {"messageEventDefinition@messageRef": ("answer", "reply")}
    assert diff.markers["added"] == ["reply"] and diff.markers["removed"] == ["answer"]


def test_diff_finds_nothing_when_a_lane_lists_its_elements_in_another_order() -> None:
    after = NESTED.replace("<flowNodeRef>outer</flowNodeRef><flowNodeRef>wait</flowNodeRef>",
                           "<flowNodeRef>wait</flowNodeRef><flowNodeRef>outer</flowNodeRef>")
    assert compare_diagrams(NESTED.encode(), after.encode()).is_empty


def test_diff_names_an_element_moved_from_one_lane_to_another_on_the_lanes() -> None:
    after = NESTED.replace("<flowNodeRef>wait</flowNodeRef></lane>",
                           '</lane><lane id="field" name="Field"><flowNodeRef>wait</flowNodeRef></lane>')
    diff = compare_diagrams(NESTED.encode(), after.encode())
    assert properties_of(diff, "desk") == {"flowNodeRef": ("outer, wait", "outer")}
    assert diff.markers["added"] == ["field"]
