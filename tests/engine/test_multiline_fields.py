"""flowdesk:multiline: a string field drawn for prose is a text area; the property is refused where it means nothing."""
import pytest

from app.workflow.deployment import deploy_diagram
from app.workflow.instances.lifecycle import start_instance
from app.workflow.tasks.tasklist import list_tasks
from engine.errors import DiagramRefused
from tests.engine.test_camunda_dialect import chain, definitions


def diagram(field: str) -> bytes:
    """Return a process whose one user task draws this form field."""
    return definitions(chain(("work", '<bpmn:userTask id="work" name="Work" camunda:candidateGroups="service-desk">'
                                      '<bpmn:extensionElements><camunda:formData>' + field +
                                      '</camunda:formData></bpmn:extensionElements></bpmn:userTask>')))


def multiline(field_id: str, type_: str = "string", value: str = "true", extra: str = "") -> str:
    """Return a form field carrying the flowdesk:multiline property."""
    return (f'<camunda:formField id="{field_id}" label="Note" type="{type_}"><camunda:properties>'
            f'<camunda:property id="flowdesk:multiline" value="{value}"/>{extra}</camunda:properties>'
            '</camunda:formField>')


def test_string_field_drawn_multiline_reaches_the_task_as_one(runtime, people) -> None:
    deploy_diagram(runtime, diagram(multiline("note") + '<camunda:formField id="title" type="string"/>'),
                   "multiline.bpmn", "owner")
    (task,) = list_tasks(instance_id=start_instance(runtime, "p", {}))
    assert {field["id"]: field["multiline"] for field in task.form_fields} == {"note": True, "title": False}


@pytest.mark.parametrize(("field", "reason"), [
    (multiline("count", "long"), "form field 'count' property 'flowdesk:multiline' needs a string field"),
    (multiline("note", value="yes"), "and the value true or false"),
    (multiline("ci", extra='<camunda:property id="choices" value="configuration_items"/>'),
     "form field 'ci' property 'flowdesk:multiline' needs a string field without choices"),
])
def test_multiline_property_where_it_means_nothing_is_refused_at_deploy(runtime, people, field, reason) -> None:
    with pytest.raises(DiagramRefused, match=reason) as refused:
        deploy_diagram(runtime, diagram(field), "multiline.bpmn", "owner")
    assert refused.value.element_id == "work"
