"""Messages a diagram sends (send task, intermediate throw event, message end event) are delivered inside FlowDesk
in the sender's transaction, by name and the sender's business key; a message nobody receives fails the step."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.platform.errors import StepFailed
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import list_instances, show_instance, start_instance
from app.workflow.models import ExternalTask
from app.workflow.tasks.actions import complete_task, reassign_task
from app.workflow.tasks.tasklist import list_tasks
from engine.errors import DiagramRefused
from tests.conftest import DIAGRAMS
from tests.engine.test_event_subprocesses import open_tasks, status


def supplier_instance(process_id: str = "supplier") -> int:
    """Return the id of the one instance of a process."""
    (instance,) = list_instances(process_id=process_id)
    return instance.id


def test_a_send_task_starts_a_process_and_throw_and_end_events_resume_the_sender(runtime, deploy, demo,
                                                                                 admin_actor) -> None:
    deploy("message_throw.bpmn")
    order_id = start_instance(runtime, "supplier_order", {"item": "toner"}, "PO-1")
    supplier_id = supplier_instance()
    supplier = show_instance(runtime, supplier_id)
    assert supplier.summary.business_key == "PO-1"  # the sender's
    assert {"item": "toner", "channel": "portal"}.items() <= supplier.variables.items()
    assert open_tasks(supplier_id) == ["pack"] and status(runtime, order_id) == "running"
    (task,) = list_tasks(instance_id=supplier_id)
    complete_with(runtime, admin_actor, task.id, {})
    assert (status(runtime, supplier_id), status(runtime, order_id)) == ("completed", "completed")
    assert show_instance(runtime, order_id).variables["shipped_item"] == "toner"
    sent = [e for e in list_history(instance_stream(supplier_id)) if e.kind == "message_thrown"]
    assert [(e.element_id, e.data["message"]) for e in sent] == [("shipped", "orderShipped"),
                                                                  ("invoiced", "invoiceSent")]
    received = [e for e in list_history(instance_stream(order_id)) if e.kind == "message_correlated"]
    assert [(e.element_id, e.data["sent_by"]) for e in received] == [
        ("wait_shipped", {"instance_id": supplier_id, "element_id": "shipped"}),
        ("wait_invoice", {"instance_id": supplier_id, "element_id": "invoiced"})]


def complete_with(runtime, admin_actor, task_id: str, values: dict) -> None:  # type: ignore[no-untyped-def]
    """Hand a task to an agent and complete it."""
    reassign_task(runtime, task_id, admin_actor, "sam")
    complete_task(runtime, task_id, "sam", values)


def test_a_message_nobody_receives_fails_the_senders_step_and_writes_nothing_elsewhere(runtime, deploy) -> None:
    content = (DIAGRAMS / "message_throw.bpmn").read_text().replace(
        '<process id="supplier" isExecutable="true">', '<process id="supplier" isExecutable="false">')
    deploy_diagram(runtime, content.encode(), "sender_only.bpmn", "olga")
    with pytest.raises(StepFailed, match="the message 'orderPlaced' that 'place' sends could not be delivered"):
        start_instance(runtime, "supplier_order", {"item": "toner"}, "PO-2")
    (kept,) = list_instances(process_id="supplier_order")
    assert kept.status == "needs_attention"


@pytest.mark.parametrize(("drawn", "reason"), [
    ('<sendTask id="x" camunda:class="org.example.Send" messageRef="M_placed"/>', "camunda:class, a Java class"),
    ('<sendTask id="x"/>', "sends no named message"),
    ('<intermediateThrowEvent id="x"><messageEventDefinition messageRef="M_placed" camunda:expression="${mail.send()}"/>'
     '</intermediateThrowEvent>', "camunda:expression"),
])
def test_a_sender_flowdesk_cannot_deliver_as_drawn_is_refused_at_deploy(runtime, drawn: str, reason: str) -> None:
    content = (DIAGRAMS / "message_throw.bpmn").read_text().replace(
        '<endEvent id="o_end"/>', f'<endEvent id="o_end"/>{drawn}')
    with pytest.raises(DiagramRefused, match=reason) as refused:
        deploy_diagram(runtime, content.encode(), "bad_sender.bpmn", "olga")
    assert refused.value.element_id == "x"


SELF_MESSAGE = """<?xml version="1.0" encoding="UTF-8"?>
<definitions id="d" xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="FlowDeskTests">
  <message id="M_help" name="helpNeeded"/>
  <process id="asks_itself" isExecutable="true">
    <startEvent id="s"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="work"/>
    <userTask id="work" name="Work"/>
    <sequenceFlow id="f2" sourceRef="work" targetRef="ask"/>
    <intermediateThrowEvent id="ask"><messageEventDefinition messageRef="M_help"/></intermediateThrowEvent>
    <sequenceFlow id="f3" sourceRef="ask" targetRef="finish"/>
    <userTask id="finish" name="Finish"/>
    <sequenceFlow id="f4" sourceRef="finish" targetRef="e"/>
    <endEvent id="e"/>
    <subProcess id="on_help" triggeredByEvent="true">
      <startEvent id="help_needed" isInterrupting="false"><messageEventDefinition messageRef="M_help"/></startEvent>
      <sequenceFlow id="h1" sourceRef="help_needed" targetRef="help"/>
      <userTask id="help" name="Help"/>
      <sequenceFlow id="h2" sourceRef="help" targetRef="help_end"/>
      <endEvent id="help_end"/>
    </subProcess>
  </process>
</definitions>"""


def test_a_message_an_instance_sends_to_itself_reaches_its_own_event_subprocess(runtime, demo, admin_actor) -> None:
    deploy_diagram(runtime, SELF_MESSAGE.encode(), "asks_itself.bpmn", "olga")
    instance_id = start_instance(runtime, "asks_itself", {}, "SELF-1")
    (task,) = list_tasks(instance_id=instance_id)
    complete_with(runtime, admin_actor, task.id, {})
    assert open_tasks(instance_id) == ["finish", "help"]
    received = [e for e in list_history(instance_stream(instance_id)) if e.kind == "message_correlated"]
    assert [(e.element_id, e.data["sent_by"]["element_id"]) for e in received] == [("help_needed", "ask")]


def test_a_send_task_of_camunda_type_external_waits_for_an_outside_worker_like_a_service_task(runtime) -> None:
    content = (DIAGRAMS / "message_throw.bpmn").read_text().replace(
        '<sendTask id="place" name="Place the order" messageRef="M_placed">',
        '<sendTask id="place" name="Place the order" camunda:type="external" camunda:topic="orderMailer">')
    deploy_diagram(runtime, content.encode(), "worker_sends.bpmn", "olga")
    instance_id = start_instance(runtime, "supplier_order", {"item": "toner"}, "PO-3")
    waiting = db.session.execute(select(ExternalTask.element_id, ExternalTask.topic)
                                 .where(ExternalTask.instance_id == instance_id)).all()
    assert [tuple(row) for row in waiting] == [("place", "orderMailer")]
    assert list_instances(process_id="supplier") == []  # the worker sends, not FlowDesk


SEND_THEN_WAIT = """<?xml version="1.0" encoding="UTF-8"?>
<definitions id="d" xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="FlowDeskTests">
  <message id="M_note" name="noteTaken"/>
  <process id="notes_to_itself" isExecutable="true">
    <startEvent id="s"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="work"/>
    <userTask id="work" name="Work"/>
    <sequenceFlow id="f2" sourceRef="work" targetRef="note"/>
    <intermediateThrowEvent id="note"><messageEventDefinition messageRef="M_note"/></intermediateThrowEvent>
    <sequenceFlow id="f3" sourceRef="note" targetRef="noted"/>
    <intermediateCatchEvent id="noted"><messageEventDefinition messageRef="M_note"/></intermediateCatchEvent>
    <sequenceFlow id="f4" sourceRef="noted" targetRef="e"/>
    <endEvent id="e"/>
  </process>
</definitions>"""


def test_a_message_the_sender_waits_for_only_after_sending_it_is_not_delivered_to_itself(runtime, demo,
                                                                                        admin_actor) -> None:
    # Camunda correlates when 'note' throws, before 'noted' waits: nobody receives the message and the step fails.
    deploy_diagram(runtime, SEND_THEN_WAIT.encode(), "notes_to_itself.bpmn", "olga")
    instance_id = start_instance(runtime, "notes_to_itself", {}, "NOTE-1")
    (task,) = list_tasks(instance_id=instance_id)
    with pytest.raises(StepFailed, match="began to wait for it only after it was sent, in the same step"):
        complete_with(runtime, admin_actor, task.id, {})
    assert status(runtime, instance_id) == "needs_attention"
    assert open_tasks(instance_id) == ["work"]  # nothing of the step was kept


LAST_WORDS = """<?xml version="1.0" encoding="UTF-8"?>
<definitions id="d" xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="FlowDeskTests">
  <message id="M_done" name="allDone"/>
  <process id="last_words" isExecutable="true">
    <startEvent id="s"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="work"/>
    <userTask id="work" name="Work"/>
    <sequenceFlow id="f2" sourceRef="work" targetRef="done"/>
    <endEvent id="done"><messageEventDefinition messageRef="M_done"/></endEvent>
    <subProcess id="on_done" triggeredByEvent="true">
      <startEvent id="done_heard" isInterrupting="false"><messageEventDefinition messageRef="M_done"/></startEvent>
      <sequenceFlow id="h1" sourceRef="done_heard" targetRef="tidy"/>
      <userTask id="tidy" name="Tidy up"/>
      <sequenceFlow id="h2" sourceRef="tidy" targetRef="tidy_end"/>
      <endEvent id="tidy_end"/>
    </subProcess>
  </process>
  <process id="archive" isExecutable="true">
    <startEvent id="a_start"><messageEventDefinition messageRef="M_done"/></startEvent>
    <sequenceFlow id="a1" sourceRef="a_start" targetRef="a_end"/>
    <endEvent id="a_end"/>
  </process>
</definitions>"""


def test_a_message_its_sender_waited_for_when_sending_does_not_start_another_process_instead(runtime, demo,
                                                                                            admin_actor) -> None:
    # Camunda correlates when 'done' throws, while the sender's event sub-process still waits for the message;
    # FlowDesk, delivering after the step, would find the sender completed and start 'archive' instead.
    deploy_diagram(runtime, LAST_WORDS.encode(), "last_words.bpmn", "olga")
    instance_id = start_instance(runtime, "last_words", {}, "LAST-1")
    (task,) = list_tasks(instance_id=instance_id)
    with pytest.raises(StepFailed, match="waited for it when it was sent but no longer does"):
        complete_with(runtime, admin_actor, task.id, {})
    assert list_instances(process_id="archive") == []
