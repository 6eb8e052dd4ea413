"""Messages from outside: a waiting catch, receive task or event-based gateway is resumed, a message start starts.

Camunda 7's correlation rules: exactly one running instance (or else one process by its message
start event) must match by name, business key, instance id and correlation keys; none or several
is refused and nothing is written. Two deliveries for one waiting catch: one wins.
"""
import pytest

from app.platform.errors import Conflict, NotAllowed
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import list_instances, show_instance, start_instance
from app.workflow.outside.messages import Message, MismatchingMessage, correlate_message
from app.workflow.tasks.tasklist import list_tasks
from tests.conftest import DIAGRAMS
from tests.engine.test_concurrent_complete import run_at_once


@pytest.fixture
def owner(make_actor):  # type: ignore[no-untyped-def]
    """Olga, a process owner: may send messages."""
    return make_actor("olga", "process_owner")


def kinds(instance_id: int) -> list[str]:
    """Return the kinds of an instance's history events, in order."""
    return [event.kind for event in list_history(instance_stream(instance_id))]


def test_messages_walk_an_instance_through_catch_receive_task_and_event_based_gateway(runtime, deploy, owner):
    deploy("message_order.bpmn")
    instance_id = start_instance(runtime, "order", {"team": "sales"}, "ORD-1")

    paid = correlate_message(runtime, owner, Message("paymentReceived", "ORD-1", variables={"paid": 120}))
    assert (paid.instance_id, paid.started, paid.element_id) == (instance_id, False, "wait_pay")
    shipped = correlate_message(runtime, owner, Message("shipped", "ORD-1", variables={"carrier": "DHL"}))
    assert shipped.element_id == "recv"
    details = show_instance(runtime, instance_id)
    assert [timer["element_id"] for timer in details.timers] == ["gw"]  # the gateway waits on its timer branch too

    cancelled = correlate_message(runtime, owner, Message("orderCancelled", instance_id=instance_id))
    assert cancelled.element_id == "gw"
    details = show_instance(runtime, instance_id)
    assert details.timers == []  # the branch not taken is gone
    assert [task["element_id"] for task in details.open_tasks] == ["review"]
    assert {"paid": 120, "carrier": "DHL", "team": "sales"}.items() <= details.variables.items()
    assert not any(name.startswith("__") or name.endswith("_Response") for name in details.variables)
    assert list_tasks(instance_id=instance_id)[0].name == "Review the cancellation"
    history = list_history(instance_stream(instance_id))
    correlated = [event for event in history if event.kind == "message_correlated"]
    assert [(e.element_id, e.data["message"]) for e in correlated] == [
        ("wait_pay", "paymentReceived"), ("recv", "shipped"), ("gw", "orderCancelled")]
    assert correlated[0].actor == "olga" and correlated[0].data["variables"] == {"paid": 120}


def test_the_delivered_variables_decide_the_gateway_right_after_the_catch(runtime, deploy, owner):
    deploy("message_order.bpmn")
    instance_id = start_instance(runtime, "order", {}, "ORD-2")
    correlate_message(runtime, owner, Message("paymentReceived", "ORD-2", variables={"paid": 20}))
    assert show_instance(runtime, instance_id).summary.status == "completed"
    assert "end_reached" in kinds(instance_id)


def test_correlation_keys_pick_the_instance_whose_variables_equal_them(runtime, deploy, owner):
    deploy("message_order.bpmn")
    first = start_instance(runtime, "order", {"order_no": 1})
    second = start_instance(runtime, "order", {"order_no": 2})
    with pytest.raises(MismatchingMessage, match="2 instances") as several:
        correlate_message(runtime, owner, Message("paymentReceived", variables={"paid": 500}))
    assert several.value.matches == 2
    correlation = correlate_message(runtime, owner, Message("paymentReceived", correlation_keys={"order_no": 2},
                                                            variables={"paid": 500}))
    assert correlation.instance_id == second
    assert "message_correlated" not in kinds(first)


def test_a_message_nobody_waits_for_is_refused_and_nothing_is_written(runtime, deploy, owner):
    deploy("message_order.bpmn")
    instance_id = start_instance(runtime, "order", {}, "ORD-3")
    before = kinds(instance_id)
    for message in (Message("shipped", "ORD-3"), Message("paymentReceived", "ORD-404"),
                    Message("noSuchMessage"), Message("paymentReceived", instance_id=instance_id + 1)):
        with pytest.raises(MismatchingMessage, match="no running instance waits for it") as refused:
            correlate_message(runtime, owner, message)
        assert refused.value.matches == 0
    assert kinds(instance_id) == before


def test_a_message_start_event_starts_the_latest_version_by_that_start_only(runtime, deploy, owner):
    deploy("message_start.bpmn")
    correlation = correlate_message(runtime, owner, Message("orderByMail", "MAIL-7", variables={"sender": "ann"}))
    assert (correlation.started, correlation.element_id) == (True, "bymail")
    details = show_instance(runtime, correlation.instance_id)
    assert (details.summary.business_key, details.summary.started_by) == ("MAIL-7", "olga")
    assert [task["element_id"] for task in details.open_tasks] == ["t_mail"]  # not the plain start's task
    assert details.variables["sender"] == "ann"
    assert kinds(correlation.instance_id)[:2] == ["instance_started", "message_correlated"]
    # a second message starts a second instance: a message start event keeps waiting in the process
    again = correlate_message(runtime, owner, Message("orderByMail", "MAIL-8"))
    assert again.started and again.instance_id != correlation.instance_id


def test_a_plain_start_of_a_process_with_a_message_start_takes_the_plain_path(runtime, deploy):
    deploy("message_start.bpmn")
    instance_id = start_instance(runtime, "mail_order", {})
    assert [task["element_id"] for task in show_instance(runtime, instance_id).open_tasks] == ["t_plain"]


def test_only_process_owners_and_admins_send_messages(runtime, deploy, make_actor):
    deploy("message_start.bpmn")
    for refused in (make_actor("sam", "agent"), make_actor("ada", "auditor", "process_owner")):
        with pytest.raises(NotAllowed, match="only process owners and administrators send messages"):
            correlate_message(runtime, refused, Message("orderByMail"))
    assert correlate_message(runtime, make_actor("adam", "admin"), Message("orderByMail")).started


def test_two_deliveries_to_one_waiting_catch_one_wins(app, runtime, deploy, owner):
    deploy("message_order.bpmn")
    instance_id = start_instance(runtime, "order", {}, "ORD-9")

    def deliver(amount: int):  # type: ignore[no-untyped-def]
        return lambda: correlate_message(runtime, owner, Message("paymentReceived", "ORD-9",
                                                                  variables={"paid": amount}))
    outcomes = run_at_once(app, deliver(150), deliver(160))
    won = [o for o in outcomes if not isinstance(o, Exception)]
    lost = [o for o in outcomes if isinstance(o, MismatchingMessage)]
    assert (len(won), len(lost)) == (1, 1), outcomes
    assert kinds(instance_id).count("message_correlated") == 1
    assert show_instance(runtime, instance_id).variables["paid"] in (150, 160)


def test_an_interrupting_message_boundary_event_cancels_the_task_it_is_attached_to(runtime, deploy, owner):
    deploy("message_boundary.bpmn")
    instance_id = start_instance(runtime, "cancellable", {}, "JOB-1")
    assert len(list_tasks(instance_id=instance_id)) == 1
    caught = correlate_message(runtime, owner, Message("customerCancelled", "JOB-1", variables={"why": "moved"}))
    assert caught.element_id == "cancel"
    assert list_tasks(instance_id=instance_id) == []
    details = show_instance(runtime, instance_id)
    assert (details.summary.status, details.variables["why"]) == ("completed", "moved")
    assert {"task_cancelled", "message_correlated"} <= set(kinds(instance_id))


def test_a_process_that_starts_only_by_message_is_not_started_plainly(runtime, deploy, owner):
    deploy("message_boundary.bpmn")  # a plain start: starts as usual
    assert start_instance(runtime, "cancellable", {})
    content = (DIAGRAMS / "message_start.bpmn").read_text()
    only_by_mail = content.replace('<bpmn:startEvent id="plain"/>', "").replace(
        '<bpmn:sequenceFlow id="f1" sourceRef="plain" targetRef="t_plain"/>', "").replace(
        '<bpmn:userTask id="t_plain" name="Take the order by phone"/>', "").replace(
        '<bpmn:sequenceFlow id="f3" sourceRef="t_plain" targetRef="e"/>', "")
    deploy_diagram(runtime, only_by_mail.encode(), "mail_only.bpmn", "olga")
    with pytest.raises(Conflict, match="starts only when the message 'orderByMail' arrives"):
        start_instance(runtime, "mail_order", {})
    assert list_instances(process_id="mail_order") == []
    assert correlate_message(runtime, owner, Message("orderByMail")).started
