"""Deployment: versions, running instances across versions, and every reason a diagram is refused."""
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.lifecycle import list_instances, start_instance
from app.workflow.models import HistoryEvent, ProcessDefinition
from app.workflow.runtime import Runtime
from app.workflow.tasks.actions import complete_task
from app.workflow.tasks.tasklist import list_tasks
from engine.errors import DiagramRefused
from engine.reading import diagram

NAMESPACES = (
    'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="https://flowdesk.example/tests"'
)
PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n'


# --- building diagrams ---------------------------------------------------------------------------

def definitions(*parts: str, doctype: str = "") -> bytes:
    """Wrap processes (and a collaboration) in a BPMN <definitions> document."""
    text = PROLOG + doctype + f"<bpmn:definitions {NAMESPACES}>\n" + "\n".join(parts) + "\n</bpmn:definitions>\n"
    return text.encode()


def process(process_id: str, body: str, name: str | None = None, executable: bool = True) -> str:
    """Return a <process> element around its flow elements."""
    return (f'<bpmn:process id="{process_id}" name="{name or process_id}" isExecutable="{str(executable).lower()}">\n'
            f"{body}\n</bpmn:process>")


def around(element: str, element_id: str = "x", prefix: str = "") -> str:
    """Return start -> element -> end, the element having the given id; prefix keeps ids unique per file."""
    start, end = f"{prefix}start", f"{prefix}end"
    return (f'<bpmn:startEvent id="{start}"/>\n'
            f'<bpmn:sequenceFlow id="{prefix}f1" sourceRef="{start}" targetRef="{element_id}"/>\n{element}\n'
            f'<bpmn:sequenceFlow id="{prefix}f2" sourceRef="{element_id}" targetRef="{end}"/>\n'
            f'<bpmn:endEvent id="{end}"/>')


def user_task(name: str, task_id: str = "x") -> str:
    """Return a user task offered to the service desk."""
    return f'<bpmn:userTask id="{task_id}" name="{escape(name)}" camunda:candidateGroups="service-desk"/>'


def simple(task_name: str = "Triage the ticket") -> bytes:
    """Return the triage process with a single user task."""
    return definitions(process("triage", around(user_task(task_name)), "Triage"))


def two_steps(task_name: str, second_name: str) -> bytes:
    """Return the triage process with two user tasks in a row."""
    body = (f'<bpmn:startEvent id="start"/>\n<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="x"/>\n'
            f'{user_task(task_name)}\n<bpmn:sequenceFlow id="f2" sourceRef="x" targetRef="y"/>\n'
            f'{user_task(second_name, "y")}\n<bpmn:sequenceFlow id="f3" sourceRef="y" targetRef="end"/>\n'
            f'<bpmn:endEvent id="end"/>')
    return definitions(process("triage", body, "Triage"))


def form_task(field: str) -> str:
    """Return a user task whose form holds one field definition."""
    return (f'<bpmn:userTask id="x" name="Fill"><bpmn:extensionElements><camunda:formData>{field}'
            f"</camunda:formData></bpmn:extensionElements></bpmn:userTask>")


def gateway(flows: str, default: str = "f_no") -> str:
    """Return start -> exclusive gateway 'gw' -> the given flows, all ending in 'end'."""
    return (f'<bpmn:startEvent id="start"/>\n<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw"/>\n'
            f'<bpmn:exclusiveGateway id="gw" default="{default}"/>\n{flows}\n<bpmn:endEvent id="end"/>')


def flow(flow_id: str, condition: str | None = None) -> str:
    """Return a sequence flow from 'gw' to 'end', with a condition when given."""
    if condition is None:
        return f'<bpmn:sequenceFlow id="{flow_id}" sourceRef="gw" targetRef="end"/>'
    return (f'<bpmn:sequenceFlow id="{flow_id}" sourceRef="gw" targetRef="end"><bpmn:conditionExpression '
            f'xsi:type="bpmn:tFormalExpression">{escape(condition)}</bpmn:conditionExpression></bpmn:sequenceFlow>')


def collaboration(*participants: tuple[str, str]) -> str:
    """Return a collaboration with one participant (pool) per (participant id, process id)."""
    pools = "".join(f'<bpmn:participant id="{pid}" processRef="{ref}"/>' for pid, ref in participants)
    return f'<bpmn:collaboration id="collab">{pools}</bpmn:collaboration>'


def stored_rows() -> tuple[int, int]:
    """Return how many process_definition and history_event rows exist."""
    versions = db.session.execute(select(func.count(ProcessDefinition.id))).scalar_one()
    events = db.session.execute(select(func.count(HistoryEvent.id))).scalar_one()
    db.session.rollback()
    return versions, events


def open_task_names(instance_id: int) -> list[str]:
    """Return the names of an instance's open tasks."""
    return [task.name for task in list_tasks(instance_id=instance_id)]


def version_of(instance_id: int) -> int:
    """Return the process version an instance runs on, as the instance list shows it."""
    return next(i.version for i in list_instances() if i.id == instance_id)


def complete_only_task(runtime: Runtime, instance_id: int) -> str:
    """Complete the instance's single open task as sam of the service desk; return the new status."""
    (task,) = list_tasks(instance_id=instance_id)
    return complete_task(runtime, task.id, "sam", {})


# --- versions --------------------------------------------------------------------------------------

def test_owner_deploys_a_diagram_and_gets_process_id_name_and_version(runtime) -> None:
    deployed = deploy_diagram(runtime, simple(), "triage.bpmn", "owner")
    assert [d.to_dict() for d in deployed] == [
        {"process_id": "triage", "name": "Triage", "version": 1, "created": True}]
    assert stored_rows() == (1, 1)


def test_cli_deploy_prints_process_id_name_and_version(cli, tmp_path: Path) -> None:
    path = tmp_path / "triage.bpmn"
    path.write_bytes(simple())
    result = cli("deploy", str(path))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["triage\tTriage\tversion 1"]


def test_owner_deploying_identical_content_again_stores_nothing_new(runtime) -> None:
    deploy_diagram(runtime, simple(), "triage.bpmn", "owner")
    again = deploy_diagram(runtime, simple(), "triage.bpmn", "someone-else")
    assert [(d.process_id, d.version, d.created) for d in again] == [("triage", 1, False)]
    assert stored_rows() == (1, 1)


def test_owner_deploying_changed_content_creates_the_next_version(runtime) -> None:
    deploy_diagram(runtime, simple(), "triage.bpmn", "owner")
    deploy_diagram(runtime, simple(task_name="Sort the ticket"), "triage.bpmn", "owner")
    third = deploy_diagram(runtime, simple(task_name="Sort the ticket quickly"), "triage.bpmn", "owner")
    assert [(d.process_id, d.version, d.created) for d in third] == [("triage", 3, True)]
    assert stored_rows() == (3, 3)


def test_running_instance_stays_on_its_version_after_a_new_one_is_deployed(runtime, people) -> None:
    deploy_diagram(runtime, simple(), "triage.bpmn", "owner")
    old = start_instance(runtime, "triage", {})
    deploy_diagram(runtime, two_steps("Sort the ticket", "Review the sorting"), "triage.bpmn", "owner")
    assert version_of(old) == 1
    assert open_task_names(old) == ["Triage the ticket"]
    assert complete_only_task(runtime, old) == "completed"  # v1 ends after its one task


def test_new_instances_take_the_latest_version(runtime, people) -> None:
    deploy_diagram(runtime, simple(), "triage.bpmn", "owner")
    deploy_diagram(runtime, two_steps("Sort the ticket", "Review the sorting"), "triage.bpmn", "owner")
    new = start_instance(runtime, "triage", {})
    assert version_of(new) == 2
    assert open_task_names(new) == ["Sort the ticket"]
    assert complete_only_task(runtime, new) == "running"
    assert open_task_names(new) == ["Review the sorting"]


def test_fresh_worker_resumes_an_old_instance_on_its_own_version(runtime, people, database_url, clock,
                                                                 topics) -> None:
    deploy_diagram(runtime, simple(), "triage.bpmn", "owner")
    old = start_instance(runtime, "triage", {})
    deploy_diagram(runtime, two_steps("Sort the ticket", "Review the sorting"), "triage.bpmn", "owner")
    db.session.remove()
    worker = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True}, clock=clock, topics=topics)
    with worker.app_context():
        assert complete_only_task(worker.extensions["flowdesk"], old) == "completed"
        db.session.remove()
        db.engine.dispose()


def test_owner_deploys_every_executable_process_of_a_collaboration(runtime) -> None:
    content = definitions(
        collaboration(("desk", "intake"), ("team", "fulfil"), ("customer", "outside")),
        process("intake", around(user_task("Register the request", "register"), "register", "i_"), "Intake"),
        process("fulfil", around(user_task("Fulfil the request", "work"), "work", "w_"), "Fulfilment"),
        process("outside", '<bpmn:startEvent id="c_start"/>', "Customer", executable=False),
    )
    deployed = deploy_diagram(runtime, content, "request.bpmn", "owner")
    assert sorted((d.process_id, d.name, d.version) for d in deployed) == [
        ("fulfil", "Fulfilment", 1), ("intake", "Intake", 1)]
    assert stored_rows() == (2, 2)
    assert open_task_names(start_instance(runtime, "fulfil", {})) == ["Fulfil the request"]


def test_owner_deploys_a_service_task_once_its_topic_is_registered(runtime, topics) -> None:
    topics.register("notify", lambda call: None)
    task = '<bpmn:serviceTask id="x" camunda:type="external" camunda:topic="notify"/>'
    content = definitions(process("p", around(task)))
    assert [d.version for d in deploy_diagram(runtime, content, "notify.bpmn", "owner")] == [1]


# --- refusals ----------------------------------------------------------------------------------------

LINK_EVENTS = (
    '<bpmn:startEvent id="start"/>\n<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="jump"/>\n'
    '<bpmn:intermediateThrowEvent id="jump"><bpmn:linkEventDefinition id="to_end" name="L"/>'
    '</bpmn:intermediateThrowEvent>\n'
    '<bpmn:intermediateCatchEvent id="land"><bpmn:linkEventDefinition id="from_start" name="L"/>'
    '</bpmn:intermediateCatchEvent>\n'
    '<bpmn:sequenceFlow id="f2" sourceRef="land" targetRef="end"/>\n<bpmn:endEvent id="end"/>'
)
COMPENSATION = (
    '<bpmn:userTask id="x" name="Book"/>'
    '<bpmn:boundaryEvent id="undo" attachedToRef="x"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>'
)
REFUSED = [
    pytest.param(b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process',
                 None, "not well-formed XML", id="malformed-xml"),
    pytest.param(b'<?xml version="1.0"?><html><body>not a diagram</body></html>',
                 None, "not a BPMN 2.0 <definitions>", id="not-bpmn"),
    pytest.param(definitions(process("p", '<bpmn:startEvent id="start"/>\n<bpmn:bogusTask id="bogus"/>')),
                 "bogus", "Element 'bpmn:bogusTask': This element is not expected", id="xsd-invalid"),
    pytest.param(definitions(process("p", LINK_EVENTS)), "jump", "link events are not supported", id="link-event"),
    pytest.param(definitions(process("p", around(COMPENSATION))), "undo", "compensation is not supported",
                 id="compensation"),
    pytest.param(definitions(process("p", around('<bpmn:complexGateway id="x"/>'))), "x",
                 "complex gateways are not supported", id="complex-gateway"),
    pytest.param(definitions(process("p", gateway(flow("f_yes", "${approved}") + flow("f_maybe") + flow("f_no")))),
                 "f_maybe", "the sequence flow leaves an exclusive gateway without a condition",
                 id="gateway-flow-without-condition"),
    pytest.param(definitions(process("p", gateway(flow("f_yes", "${amount >}") + flow("f_no")))),
                 "f_yes", "is not valid syntax", id="condition-does-not-parse"),
    pytest.param(definitions(process("p", gateway(flow("f_yes", "${exec('x = 1') == null}") + flow("f_no")))),
                 "f_yes", "calls a function that is not allowed: exec", id="condition-outside-the-dialect"),
    pytest.param(definitions(process("p", around('<bpmn:serviceTask id="x" camunda:type="external" '
                                                  'camunda:topic="launch_rockets" camunda:taskPriority="high"/>'))),
                 "x", "camunda:taskPriority 'high' is neither a whole number nor a ${...} expression",
                 id="task-priority-not-a-number"),
    pytest.param(definitions(process("p", around('<bpmn:serviceTask id="x" camunda:class="org.example.Send"/>'))),
                 "x", 'service tasks must be external tasks (camunda:type="external"', id="service-task-not-external"),
    pytest.param(definitions(process("p", around(form_task('<camunda:formField id="kind" type="enum"/>')))),
                 "x", "enum form field 'kind' has no values", id="enum-without-values"),
    pytest.param(definitions(process("p", around(form_task('<camunda:formField id="colour" type="color"/>')))),
                 "x", "form field 'colour' has type 'color'; use one of string, long, boolean, date, enum",
                 id="unknown-field-type"),
    pytest.param(definitions(process("p", '<bpmn:startEvent id="start"/>', executable=False)),
                 "p", 'no process is executable', id="no-executable-process"),
    pytest.param(definitions(collaboration(("a", "good"), ("b", "bad")),
                             process("good", around(user_task("Fine", "fine"), "fine", "g_")),
                             process("bad", around('<bpmn:complexGateway id="x"/>', "x", "b_"))),
                 "x", "complex gateways are not supported", id="one-bad-process-of-a-collaboration"),
]


@pytest.mark.parametrize(("content", "element_id", "reason"), REFUSED)
def test_owner_deploy_is_refused_naming_file_element_and_reason_and_nothing_is_stored(
        runtime, content: bytes, element_id: str | None, reason: str) -> None:
    with pytest.raises(DiagramRefused) as refused:
        deploy_diagram(runtime, content, "upload.bpmn", "owner")
    assert (refused.value.file_name, refused.value.element_id) == ("upload.bpmn", element_id)
    assert reason in refused.value.reason
    assert str(refused.value).startswith("upload.bpmn: ")
    assert stored_rows() == (0, 0)


def test_refused_deploy_leaves_earlier_versions_untouched(runtime) -> None:
    deploy_diagram(runtime, simple(), "triage.bpmn", "owner")
    broken = definitions(process("triage", around('<bpmn:complexGateway id="x"/>')))
    with pytest.raises(DiagramRefused):
        deploy_diagram(runtime, broken, "triage.bpmn", "owner")
    assert stored_rows() == (1, 1)
    assert version_of(start_instance(runtime, "triage", {})) == 1


def passwd_lines() -> list[str]:
    """Return the non-trivial lines of /etc/passwd, which an XXE would leak."""
    text = Path("/etc/passwd").read_text(errors="replace")
    return [line for line in text.splitlines() if len(line) > 8]


@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-16"])
def test_owner_deploy_of_an_xxe_attempt_is_refused_and_never_reads_the_file(runtime, encoding: str) -> None:
    doctype = '<!DOCTYPE bpmn:definitions [<!ENTITY leak SYSTEM "file:///etc/passwd">]>\n'
    body = '<bpmn:documentation>&leak;</bpmn:documentation>\n' + around(user_task("Read"))
    text = definitions(process("p", body), doctype=doctype).decode()
    content = text.replace('encoding="UTF-8"', f'encoding="{encoding}"').encode(encoding)
    with pytest.raises(DiagramRefused) as refused:
        deploy_diagram(runtime, content, "xxe.bpmn", "owner")
    assert "DOCTYPE" in refused.value.reason
    shown = str(refused.value)
    assert not [line for line in passwd_lines() if line in shown]
    assert stored_rows() == (0, 0)


def test_owner_deploy_of_an_entity_bomb_is_refused(runtime) -> None:
    entities = '<!ENTITY lol0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    doctype = f"<!DOCTYPE bpmn:definitions [{entities}]>\n"
    body = '<bpmn:documentation>&lol9;</bpmn:documentation>\n' + around(user_task("Laugh"))
    with pytest.raises(DiagramRefused) as refused:
        deploy_diagram(runtime, definitions(process("p", body), doctype=doctype), "lol.bpmn", "owner")
    assert "DOCTYPE" in refused.value.reason
    assert stored_rows() == (0, 0)


def test_owner_deploy_of_a_file_over_the_size_limit_is_refused(runtime) -> None:
    padding = "x" * diagram.MAX_DIAGRAM_BYTES
    body = f"<bpmn:documentation>{padding}</bpmn:documentation>\n" + around(user_task("T"))
    content = definitions(process("p", body))
    with pytest.raises(DiagramRefused) as refused:
        deploy_diagram(runtime, content, "huge.bpmn", "owner")
    assert refused.value.reason == f"the file is {len(content)} bytes; the limit is {diagram.MAX_DIAGRAM_BYTES} bytes"
    assert stored_rows() == (0, 0)


def test_owner_deploy_over_the_configured_size_limit_is_refused(database_url, clock) -> None:
    from app import create_app

    small = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "MAX_DIAGRAM_BYTES": 512},
                       clock=clock)
    with small.app_context(), pytest.raises(DiagramRefused, match="the limit is 512 bytes"):
        deploy_diagram(small.extensions["flowdesk"], simple(), "triage.bpmn", "owner")
    with small.app_context():
        assert stored_rows() == (0, 0)


def test_context_variables_may_not_overwrite_start_form_fields(runtime) -> None:
    from app.platform.errors import InvalidValues
    from app.workflow.instances.lifecycle import start_instance

    incident = (Path(__file__).parents[1] / "diagrams" / "incident.bpmn").read_bytes()
    deploy_diagram(runtime, incident, "incident.bpmn", "owner")
    with pytest.raises(InvalidValues, match="title"):
        start_instance(runtime, "incident", {"title": "Disk full"}, context={"title": "sneaky"})
