"""A malformed approval rule refuses the diagram at deployment, naming the element and what to write."""
from pathlib import Path

import pytest

from engine.errors import DiagramRefused
from engine.runtime import Engine
from engine.topics import default_topics

DIAGRAM = (Path(__file__).parent.parent / "diagrams" / "cab_by_rule.bpmn").read_text()


def parse(xml: str) -> None:
    Engine(default_topics()).parse(xml.encode(), "cab.bpmn")


def test_the_cab_diagram_deploys() -> None:
    parse(DIAGRAM)


@pytest.mark.parametrize(("written", "hint"), [
    ("n-of-m:0", "n-of-m:N (N at least 1)"),
    ("percent:150", "percent:P (P from 1 to 100)"),
    ("majority", "write any, all"),
])
def test_a_malformed_rule_refuses_the_diagram(written, hint) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DiagramRefused) as refused:
        parse(DIAGRAM.replace('value="n-of-m:2"', f'value="{written}"'))
    assert refused.value.element_id == "cab"
    assert refused.value.property == "flowdesk:decision"
    assert written in refused.value.reason and hint in refused.value.reason


def test_a_rule_on_a_task_without_members_refuses_the_diagram() -> None:
    single = DIAGRAM.replace('<bpmn:multiInstanceLoopCharacteristics camunda:collection="${cab_members}" '
                             'camunda:elementVariable="cab_member"/>', "")
    with pytest.raises(DiagramRefused) as refused:
        parse(single)
    assert refused.value.element_id == "cab"
    assert "multi-instance" in refused.value.reason


def test_a_sequential_approval_refuses_the_diagram() -> None:
    with pytest.raises(DiagramRefused) as refused:
        parse(DIAGRAM.replace('camunda:elementVariable="cab_member"/>',
                              'camunda:elementVariable="cab_member" isSequential="true"/>'))
    assert refused.value.element_id == "cab"
    assert "parallel" in refused.value.reason


def test_a_changed_rule_is_a_changed_element_when_instances_move_between_versions() -> None:
    from engine.migration import spec_changed

    engine = Engine(default_topics())
    drawn = engine.parse(DIAGRAM.encode(), "cab.bpmn")[0].spec.task_specs["cab"]
    same = engine.parse(DIAGRAM.encode(), "cab.bpmn")[0].spec.task_specs["cab"]
    stricter = engine.parse(DIAGRAM.replace('value="n-of-m:2"', 'value="all"').encode(),
                            "cab.bpmn")[0].spec.task_specs["cab"]
    assert not spec_changed(drawn, same)
    assert spec_changed(drawn, stricter)
