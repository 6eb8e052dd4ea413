"""Camunda 7 diagrams are read and run as Camunda runs them: what Camunda accepts and SpiffWorkflow would not
read as drawn (flows without ids, plain and manual tasks, the activiti namespace, ids SpiffWorkflow uses for
itself, collection loops, documentation-only data, free-form properties), and what FlowDesk must refuse
rather than drop (scripts in input/output parameters)."""
from pathlib import Path

import pytest

from app.workflow.deployment import deploy_diagram
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import list_instances, show_instance, start_instance
from app.workflow.tasks.actions import complete_task
from app.workflow.tasks.tasklist import list_tasks
from engine.errors import DiagramRefused

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "camunda-corpus"
ACTIVITI = "http://activiti.org/bpmn"


def definitions(body: str, extra_namespaces: str = "") -> bytes:
    """Return a diagram holding one executable process 'p' with the given flow elements."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        f'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" {extra_namespaces} id="defs" '
        'targetNamespace="https://flowdesk.example/tests">\n'
        f'<bpmn:process id="p" name="Dialect" isExecutable="true">\n{body}\n</bpmn:process>\n</bpmn:definitions>\n'
    ).encode()


def chain(*elements: str, start: str = "start", end: str = "end") -> str:
    """Return start -> each element (given as (id, xml)) -> end, joined by sequence flows with ids."""
    ids = [start] + [element_id for element_id, _xml in elements] + [end]
    parts = [f'<bpmn:startEvent id="{start}"/>', *(xml for _id, xml in elements), f'<bpmn:endEvent id="{end}"/>']
    parts += [f'<bpmn:sequenceFlow id="flow{i}" sourceRef="{a}" targetRef="{b}"/>'
              for i, (a, b) in enumerate(zip(ids, ids[1:], strict=False))]
    return "\n".join(parts)


def desk_task(task_id: str = "work", extra: str = "") -> tuple[str, str]:
    """Return a user task offered to the service desk."""
    return task_id, f'<bpmn:userTask id="{task_id}" name="Work" camunda:candidateGroups="service-desk" {extra}/>'


def status_of(instance_id: int) -> str:
    """Return an instance's status as the instance list shows it."""
    return next(i.status for i in list_instances() if i.id == instance_id)


def kinds_and_elements(instance_id: int) -> list[tuple[str, str | None]]:
    """Return (kind, element id) of an instance's history events in order."""
    return [(event.kind, event.element_id) for event in list_history(instance_stream(instance_id))]


def complete_open_tasks(runtime, instance_id: int, values: dict | None = None) -> None:
    """Complete every open task of the instance as sam of the service desk."""
    for task in list_tasks(instance_id=instance_id):
        complete_task(runtime, task.id, "sam", values or {})


# --- 1. sequence flows without an id ------------------------------------------------------------------

def test_flow_without_an_id_is_run_as_drawn_and_its_user_task_opens(runtime, people) -> None:
    body = chain(desk_task()).replace('id="flow0" ', "")
    deploy_diagram(runtime, definitions(body), "no-id.bpmn", "owner")
    instance = start_instance(runtime, "p", {})
    assert [task.element_id for task in list_tasks(instance_id=instance)] == ["work"]
    complete_open_tasks(runtime, instance)
    assert status_of(instance) == "completed"


def test_formdata_builtin_types_from_the_corpus_waits_for_its_user_task(runtime, people) -> None:
    path = CORPUS / "cbp-formdata-builtin-types.bpmn"
    if not path.exists():
        pytest.skip(f"the Camunda corpus is not at {CORPUS}")
    (deployed,) = deploy_diagram(runtime, path.read_bytes(), path.name, "owner")
    instance = start_instance(runtime, deployed.process_id, {})
    assert [task.element_id for task in list_tasks(instance_id=instance)] == ["usertask"]
    assert status_of(instance) == "running"


def test_gateway_path_through_flows_without_ids_is_recorded_with_generated_stable_flow_ids(runtime, people) -> None:
    body = (
        '<bpmn:startEvent id="start"/><bpmn:sequenceFlow sourceRef="start" targetRef="gw"/>'
        '<bpmn:exclusiveGateway id="gw" default="other"/>'
        '<bpmn:sequenceFlow sourceRef="gw" targetRef="work"><bpmn:conditionExpression>${go}'
        '</bpmn:conditionExpression></bpmn:sequenceFlow><bpmn:sequenceFlow id="other" sourceRef="gw" targetRef="end"/>'
        '<bpmn:userTask id="work" camunda:candidateGroups="service-desk"/>'
        '<bpmn:sequenceFlow sourceRef="work" targetRef="end"/><bpmn:endEvent id="end"/>'
    )
    deploy_diagram(runtime, definitions(body), "gateway.bpmn", "owner")
    instance = start_instance(runtime, "p", {}, context={"go": True})
    (passed,) = [e for e in list_history(instance_stream(instance)) if e.kind == "gateway_passed"]
    assert passed.data["flows"] == ["flow_gw_to_work"]


# --- 2. plain and manual tasks ------------------------------------------------------------------------

@pytest.mark.parametrize("tag", ["task", "manualTask"])
def test_plain_and_manual_tasks_are_passed_through_and_recorded(runtime, people, tag: str) -> None:
    passed = ("prepare", f'<bpmn:{tag} id="prepare" name="Prepare the room"/>')
    deploy_diagram(runtime, definitions(chain(passed, desk_task())), "pass.bpmn", "owner")
    instance = start_instance(runtime, "p", {})
    assert [task.element_id for task in list_tasks(instance_id=instance)] == ["work"]
    assert ("task_passed", "prepare") in kinds_and_elements(instance)
    complete_open_tasks(runtime, instance)
    assert status_of(instance) == "completed"


def test_a_process_of_only_plain_tasks_completes(runtime) -> None:
    body = chain(("a", '<bpmn:task id="a"/>'), ("b", '<bpmn:manualTask id="b"/>'))
    deploy_diagram(runtime, definitions(body), "plain.bpmn", "owner")
    instance = start_instance(runtime, "p", {})
    assert status_of(instance) == "completed"
    assert [e for e in kinds_and_elements(instance) if e[0] == "task_passed"] == [("task_passed", "a"),
                                                                                ("task_passed", "b")]


# --- 3. the activiti namespace -------------------------------------------------------------------------

def test_activiti_assignee_and_candidates_are_read_like_camunda_ones(runtime, people) -> None:
    task = ("work", '<bpmn:userTask id="work" name="Work" activiti:assignee="sam" activiti:candidateUsers="lee" '
                    'activiti:candidateGroups="managers"/>')
    deploy_diagram(runtime, definitions(chain(task), f'xmlns:activiti="{ACTIVITI}"'), "activiti.bpmn", "owner")
    instance = start_instance(runtime, "p", {})
    (opened,) = list_tasks(instance_id=instance)
    assert (opened.assignee, opened.candidate_users, opened.candidate_groups) == ("sam", ("lee",), ("managers",))


def test_activiti_namespace_under_the_camunda_prefix_is_read(runtime, people) -> None:
    content = definitions(chain(desk_task(extra='camunda:assignee="lee"'))).replace(
        b"http://camunda.org/schema/1.0/bpmn", ACTIVITI.encode())
    deploy_diagram(runtime, content, "prefixed.bpmn", "owner")
    (opened,) = list_tasks(instance_id=start_instance(runtime, "p", {}))
    assert opened.assignee == "lee" and opened.candidate_groups == ("service-desk",)


def test_activiti_form_fields_are_read(runtime, people) -> None:
    task = ("work", '<bpmn:userTask id="work" name="Work" activiti:candidateGroups="service-desk">'
                    '<bpmn:extensionElements><activiti:formData><activiti:formField id="note" type="string">'
                    '<activiti:validation><activiti:constraint name="required"/></activiti:validation>'
                    '</activiti:formField></activiti:formData></bpmn:extensionElements></bpmn:userTask>')
    deploy_diagram(runtime, definitions(chain(task), f'xmlns:activiti="{ACTIVITI}"'), "form.bpmn", "owner")
    (opened,) = list_tasks(instance_id=start_instance(runtime, "p", {}))
    assert [(field["id"], field["required"]) for field in opened.form_fields] == [("note", True)]


def test_activiti_task_listener_is_refused_like_a_camunda_one(runtime) -> None:
    task = ("work", '<bpmn:userTask id="work"><bpmn:extensionElements><activiti:taskListener event="create" '
                    'class="x.Y"/></bpmn:extensionElements></bpmn:userTask>')
    with pytest.raises(DiagramRefused) as refused:
        deploy_diagram(runtime, definitions(chain(task), f'xmlns:activiti="{ACTIVITI}"'), "l.bpmn", "owner")
    assert refused.value.element_id == "work" and "task listeners" in refused.value.reason


# --- 7. ids SpiffWorkflow uses for itself ---------------------------------------------------------------

def test_start_end_and_root_ids_run_as_drawn_and_history_shows_the_drawn_ids(runtime, people) -> None:
    body = chain(("Root", '<bpmn:task id="Root"/>'), desk_task(), start="Start", end="End")
    deploy_diagram(runtime, definitions(body), "reserved.bpmn", "owner")
    instance = start_instance(runtime, "p", {})
    complete_open_tasks(runtime, instance)
    assert status_of(instance) == "completed"
    events = kinds_and_elements(instance)
    assert ("task_passed", "Root") in events and ("end_reached", "End") in events


def test_reserved_ids_in_a_lane_run_as_drawn(runtime, people) -> None:
    lanes = ('<bpmn:laneSet id="lanes"><bpmn:lane id="desk"><bpmn:flowNodeRef>Start</bpmn:flowNodeRef>'
             '<bpmn:flowNodeRef>work</bpmn:flowNodeRef><bpmn:flowNodeRef>End</bpmn:flowNodeRef></bpmn:lane>'
             '</bpmn:laneSet>')
    deploy_diagram(runtime, definitions(lanes + chain(desk_task(), start="Start", end="End")), "lane.bpmn", "owner")
    instance = start_instance(runtime, "p", {})
    complete_open_tasks(runtime, instance)
    assert status_of(instance) == "completed"


def test_reserved_id_refusal_names_the_drawn_id(runtime) -> None:
    task = ("Root", '<bpmn:userTask id="Root" camunda:assignee="${nope(1)}"/>')
    with pytest.raises(DiagramRefused) as refused:
        deploy_diagram(runtime, definitions(chain(task)), "r.bpmn", "owner")
    assert refused.value.element_id == "Root"


# --- 8. multi-instance over a collection ------------------------------------------------------------------

def collection_loop(collection: str, sequential: bool = False) -> tuple[str, str]:
    """Return a user task looped over a collection, each instance assigned to its element."""
    return "review", (
        '<bpmn:userTask id="review" name="Review" camunda:assignee="${reviewer}">'
        f'<bpmn:multiInstanceLoopCharacteristics isSequential="{str(sequential).lower()}" '
        f'camunda:collection="{collection}" camunda:elementVariable="reviewer"/></bpmn:userTask>')


@pytest.mark.parametrize("collection", ["${reviewers}", "reviewers"])
def test_parallel_loop_over_a_collection_offers_one_task_per_item(runtime, people, collection: str) -> None:
    deploy_diagram(runtime, definitions(chain(collection_loop(collection))), "mi.bpmn", "owner")
    instance = start_instance(runtime, "p", {}, context={"reviewers": ["sam", "lee"]})
    tasks = list_tasks(instance_id=instance)
    assert sorted(task.assignee for task in tasks) == ["lee", "sam"]
    for task in tasks:
        complete_task(runtime, task.id, task.assignee, {})
    assert status_of(instance) == "completed"


def test_sequential_loop_over_a_collection_offers_the_items_in_order(runtime, people) -> None:
    deploy_diagram(runtime, definitions(chain(collection_loop("${reviewers}", sequential=True))), "s.bpmn", "owner")
    instance = start_instance(runtime, "p", {}, context={"reviewers": ["lee", "sam"]})
    seen = []
    while tasks := list_tasks(instance_id=instance):
        (task,) = tasks
        seen.append(task.assignee)
        complete_task(runtime, task.id, task.assignee, {})
    assert seen == ["lee", "sam"] and status_of(instance) == "completed"


def test_loop_collection_that_is_not_one_variable_is_refused(runtime) -> None:
    with pytest.raises(DiagramRefused) as refused:
        deploy_diagram(runtime, definitions(chain(collection_loop("${a.b}"))), "bad.bpmn", "owner")
    assert refused.value.element_id == "review" and "must name one variable" in refused.value.reason


# --- 9. documentation-only data and free-form properties ---------------------------------------------------

def test_data_store_and_data_object_references_are_ignored_as_documentation(runtime, people) -> None:
    body = chain(desk_task()) + (
        '<bpmn:dataStoreReference id="store" name="Archive"/>'
        '<bpmn:dataObjectReference id="invoice_ref" dataObjectRef="invoice"/><bpmn:dataObject id="invoice"/>')
    deploy_diagram(runtime, definitions(body), "data.bpmn", "owner")
    assert [task.element_id for task in list_tasks(instance_id=start_instance(runtime, "p", {}))] == ["work"]


def test_data_associations_to_data_stores_and_objects_change_nothing_as_in_camunda(runtime, people) -> None:
    task = ("work", '<bpmn:userTask id="work" camunda:candidateGroups="service-desk">'
                    '<bpmn:extensionElements><camunda:formData><camunda:formField id="invoice" type="string"/>'
                    '</camunda:formData></bpmn:extensionElements>'
                    '<bpmn:dataInputAssociation id="in"><bpmn:sourceRef>store_ref</bpmn:sourceRef>'
                    '</bpmn:dataInputAssociation>'
                    '<bpmn:dataOutputAssociation id="out"><bpmn:targetRef>invoice_ref</bpmn:targetRef>'
                    '</bpmn:dataOutputAssociation></bpmn:userTask>')
    body = chain(task, desk_task("check")) + (
        '<bpmn:dataStoreReference id="store_ref" dataStoreRef="archive"/>'
        '<bpmn:dataObjectReference id="invoice_ref" dataObjectRef="invoice_object"/>'
        '<bpmn:dataObject id="invoice_object"/>')
    content = definitions(body).replace(b"<bpmn:process ", b'<bpmn:dataStore id="archive" name="Archive"/>'
                                                          b"<bpmn:process ")
    deploy_diagram(runtime, content, "data.bpmn", "owner")
    instance = start_instance(runtime, "p", {})
    (task,) = list_tasks(instance_id=instance)
    complete_task(runtime, task.id, "sam", {"invoice": "INV-1"})
    (check,) = list_tasks(instance_id=instance)
    assert check.element_id == "check"
    assert show_instance(runtime, instance).variables["invoice"] == "INV-1"


def test_free_form_properties_on_a_form_field_are_kept_not_refused(runtime, people) -> None:
    task = ("work", '<bpmn:userTask id="work" camunda:candidateGroups="service-desk"><bpmn:extensionElements>'
                    '<camunda:formData><camunda:formField id="note" type="string"><camunda:properties>'
                    '<camunda:property id="description" value="What was done"/></camunda:properties>'
                    '</camunda:formField></camunda:formData></bpmn:extensionElements></bpmn:userTask>')
    deploy_diagram(runtime, definitions(chain(task)), "props.bpmn", "owner")
    (opened,) = list_tasks(instance_id=start_instance(runtime, "p", {}))
    assert [field["id"] for field in opened.form_fields] == ["note"]


def test_an_unknown_choices_source_is_still_refused(runtime) -> None:
    task = ("work", '<bpmn:userTask id="work"><bpmn:extensionElements><camunda:formData>'
                    '<camunda:formField id="team" type="enum"><camunda:properties>'
                    '<camunda:property id="choices" value="planets"/></camunda:properties></camunda:formField>'
                    '</camunda:formData></bpmn:extensionElements></bpmn:userTask>')
    with pytest.raises(DiagramRefused) as refused:
        deploy_diagram(runtime, definitions(chain(task)), "choices.bpmn", "owner")
    assert "planets" in refused.value.reason


# --- 5. computed input/output parameters ---------------------------------------------------------------------

@pytest.mark.parametrize("value, words", [
    ('<camunda:script scriptFormat="javascript">execution.setVariable("x", 5);</camunda:script>',
     "script (javascript)"),
    ("<camunda:list><camunda:value>a</camunda:value></camunda:list>", "a list"),
])
def test_computed_parameter_is_refused_naming_the_element_not_dropped(runtime, topics, value: str,
                                                                       words: str) -> None:
    task = ("call", '<bpmn:serviceTask id="call" camunda:type="external" camunda:topic="log">'
                    '<bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="score">'
                    f'{value}</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>'
                    '</bpmn:serviceTask>')
    with pytest.raises(DiagramRefused) as refused:
        deploy_diagram(runtime, definitions(chain(task)), "script.bpmn", "owner")
    assert refused.value.element_id == "call"
    assert "inputParameter 'score'" in refused.value.reason and words in refused.value.reason


def test_script_in_an_output_parameter_of_a_user_task_is_refused(runtime) -> None:
    task = ("work", '<bpmn:userTask id="work"><bpmn:extensionElements><camunda:inputOutput>'
                    '<camunda:outputParameter name="out"><camunda:script scriptFormat="groovy">1</camunda:script>'
                    '</camunda:outputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:userTask>')
    with pytest.raises(DiagramRefused) as refused:
        deploy_diagram(runtime, definitions(chain(task)), "out.bpmn", "owner")
    assert refused.value.element_id == "work" and "outputParameter 'out'" in refused.value.reason
