"""Signals as Camunda 7 runs them: a broadcast reaches every waiting catch of every running instance and starts
every process with a signal start event; throws broadcast in the thrower's transaction; nobody waiting is no error.
"""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.platform.errors import Conflict, NotAllowed, StepFailed
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import list_instances, show_instance, start_instance
from app.workflow.models import MessageSubscription
from app.workflow.outside.messages import Message, correlate_message
from app.workflow.outside.signal_broadcast import Broadcast, Signal, SignalNotDelivered, broadcast_signal
from app.workflow.tasks.tasklist import list_tasks
from tests.conftest import DIAGRAMS
from tests.engine.test_concurrent_complete import run_at_once
from tests.engine.test_event_subprocesses import open_tasks, status
from tests.engine.test_message_throws import complete_with


@pytest.fixture
def owner(make_actor):  # type: ignore[no-untyped-def]
    """Olga, a process owner: may broadcast signals."""
    return make_actor("olga", "process_owner")


def subscriptions(instance_id: int) -> list[tuple[str, str, str]]:
    """Return an instance's subscription rows as (kind, element, name), sorted."""
    rows = db.session.execute(select(MessageSubscription).where(MessageSubscription.instance_id == instance_id))
    return sorted((row.kind, row.element_id, row.message_name) for row in rows.scalars())


def received(instance_id: int) -> list[tuple[str, str]]:
    """Return (element, signal) of each signal an instance received, in order."""
    return [(event.element_id, event.data["signal"]) for event in list_history(instance_stream(instance_id))
            if event.kind == "signal_received"]


def only_instance(process_id: str) -> int:
    """Return the id of the one instance of a process."""
    (instance,) = list_instances(process_id=process_id)
    return instance.id


def test_a_signal_reaches_every_waiting_instance_and_starts_the_process_that_starts_by_it(runtime, deploy, owner):
    deploy("signal_catchers.bpmn")
    watchers = [start_instance(runtime, "watch", {}) for _ in range(2)]
    claim = start_instance(runtime, "claim_signals", {})
    assert subscriptions(watchers[0]) == [("signal", "on_outage", "outage"), ("signal", "on_status", "status")]

    went = broadcast_signal(runtime, owner, Signal("outage", {"severity": "high"}))

    responder = only_instance("responder")
    assert went == Broadcast((*watchers, claim), (responder,))
    for watcher in watchers:
        assert open_tasks(watcher) == ["stop_work"]  # the interrupting boundary event cancelled the work
        assert received(watcher) == [("on_outage", "outage")]
        assert subscriptions(watcher) == []
        assert show_instance(runtime, watcher).variables["severity"] == "high"
    assert open_tasks(claim) == ["close"]  # the interrupting event sub-process ended the main task
    assert open_tasks(responder) == ["respond"]
    assert show_instance(runtime, responder).variables == {"severity": "high"}
    assert received(responder) == [("r_start", "outage")]


def test_non_interrupting_signals_keep_the_work_and_stay_subscribed(runtime, deploy, owner):
    deploy("signal_catchers.bpmn")
    watcher = start_instance(runtime, "watch", {})
    claim = start_instance(runtime, "claim_signals", {})
    for _ in range(2):
        broadcast_signal(runtime, owner, Signal("status"))
    assert open_tasks(watcher) == ["note_status", "note_status", "work"]
    assert open_tasks(claim) == ["assess", "look", "look"]
    assert ("signal", "on_status", "status") in subscriptions(watcher)
    assert ("signal", "status_seen", "status") in subscriptions(claim)
    assert list_instances(process_id="responder") == []


def test_a_signal_nobody_waits_for_is_no_error_and_changes_nothing(runtime, deploy, owner):
    deploy("signal_catchers.bpmn")
    waiter = start_instance(runtime, "waiter", {"region": "eu"})
    before = list_history(instance_stream(waiter))
    assert broadcast_signal(runtime, owner, Signal("nobody-listens")) == Broadcast()
    assert broadcast_signal(runtime, owner, Signal("alert-us")) == Broadcast()
    assert list_history(instance_stream(waiter)) == before


def test_a_catch_matches_its_signal_name_resolved_on_the_instance_variables(runtime, deploy, owner):
    deploy("signal_catchers.bpmn")
    europe = start_instance(runtime, "waiter", {"region": "eu"})
    america = start_instance(runtime, "waiter", {"region": "us"})
    assert subscriptions(europe) == [("signal", "wait_alert", "alert-eu")]
    assert broadcast_signal(runtime, owner, Signal("alert-eu")) == Broadcast((europe,))
    assert (open_tasks(europe), open_tasks(america)) == (["act"], [])


def test_a_throw_and_a_signal_end_event_broadcast_in_the_throwers_step(runtime, deploy):
    deploy("signal_catchers.bpmn")
    deploy("signal_throw.bpmn")
    watcher = start_instance(runtime, "watch", {})
    waiter = start_instance(runtime, "waiter", {"region": "eu"})
    thrower = start_instance(runtime, "announcer", {"reason": "power cut", "region": "eu"})

    assert status(runtime, thrower) == "completed"
    assert open_tasks(watcher) == ["stop_work"] and open_tasks(waiter) == ["act"]
    assert open_tasks(only_instance("responder")) == ["respond"]
    assert show_instance(runtime, watcher).variables["outage_reason"] == "power cut"  # camunda:in source/target
    assert "reason" not in show_instance(runtime, watcher).variables
    assert {"reason": "power cut", "region": "eu"}.items() <= show_instance(runtime, waiter).variables.items()
    thrown = [(e.element_id, e.data["signal"]) for e in list_history(instance_stream(thrower))
              if e.kind == "signal_thrown"]
    assert thrown == [("announce", "outage"), ("alerted", "alert-eu")]
    (event,) = [e for e in list_history(instance_stream(watcher)) if e.kind == "signal_received"]
    assert event.data["sent_by"] == {"instance_id": thrower, "element_id": "announce"}


def test_a_thrown_signal_nobody_waits_for_lets_the_thrower_run_on(runtime, deploy):
    deploy("signal_throw.bpmn")
    thrower = start_instance(runtime, "announcer", {"reason": "drill", "region": "eu"})
    assert status(runtime, thrower) == "completed"


def test_a_receiver_that_fails_fails_the_throwers_step_and_nothing_of_the_broadcast_is_kept(runtime, deploy):
    content = (DIAGRAMS / "signal_catchers.bpmn").read_text().replace(
        '<userTask id="act" name="Act on the alert"/>',
        '<userTask id="act" name="Act on the alert" camunda:assignee="${nobody_set_this}"/>')
    deploy_diagram(runtime, content.encode(), "failing.bpmn", "olga")
    deploy("signal_throw.bpmn")
    watcher = start_instance(runtime, "watch", {})
    waiter = start_instance(runtime, "waiter", {"region": "eu"})
    with pytest.raises(StepFailed, match="instance .* stopped"):
        start_instance(runtime, "announcer", {"reason": "x", "region": "eu"})
    assert open_tasks(watcher) == ["work"] and open_tasks(waiter) == []  # nothing of the broadcast kept
    assert list_instances(process_id="responder") == []
    (kept,) = list_instances(process_id="announcer")
    assert kept.status == "needs_attention"


def test_a_broadcast_from_outside_whose_receiver_fails_keeps_nothing(runtime, deploy, owner):
    content = (DIAGRAMS / "signal_catchers.bpmn").read_text().replace(
        '<userTask id="act" name="Act on the alert"/>',
        '<userTask id="act" name="Act on the alert" camunda:assignee="${nobody_set_this}"/>')
    deploy_diagram(runtime, content.encode(), "failing.bpmn", "olga")
    waiter = start_instance(runtime, "waiter", {"region": "eu"})
    with pytest.raises(SignalNotDelivered, match=f"instance {waiter} stopped.*Nothing of the broadcast was saved"):
        broadcast_signal(runtime, owner, Signal("alert-eu"))
    assert status(runtime, waiter) == "running" and received(waiter) == []


def test_only_process_owners_and_admins_broadcast(runtime, deploy, make_actor):
    deploy("signal_catchers.bpmn")
    with pytest.raises(NotAllowed, match="only process owners and administrators broadcast signals"):
        broadcast_signal(runtime, make_actor("sam", "agent"), Signal("outage"))
    with pytest.raises(NotAllowed):
        broadcast_signal(runtime, make_actor("audrey", "auditor", "process_owner"), Signal("outage"))
    assert broadcast_signal(runtime, make_actor("adam", "admin"), Signal("outage")).started


def test_a_process_that_starts_only_by_signal_is_not_started_plainly(runtime, deploy):
    deploy("signal_catchers.bpmn")
    with pytest.raises(Conflict, match="starts only when the signal 'outage' is broadcast"):
        start_instance(runtime, "responder", {})


def test_messages_still_correlate_beside_signal_subscriptions(runtime, deploy, owner):
    deploy("signal_catchers.bpmn")
    deploy("message_order.bpmn")
    start_instance(runtime, "watch", {})
    order = start_instance(runtime, "order", {}, "ORD-S")
    assert correlate_message(runtime, owner, Message("paymentReceived", "ORD-S", variables={"paid": 1})).instance_id \
        == order
    assert ("message", "wait_pay", "paymentReceived") not in subscriptions(order)


def test_two_broadcasts_at_once_each_reach_every_waiting_instance_once(app, runtime, deploy, owner):
    deploy("signal_catchers.bpmn")
    watchers = [start_instance(runtime, "watch", {}) for _ in range(3)]
    outcomes = run_at_once(app, lambda: broadcast_signal(runtime, owner, Signal("status")),
                           lambda: broadcast_signal(runtime, owner, Signal("status")))
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    for watcher in watchers:
        assert open_tasks(watcher) == ["note_status", "note_status", "work"]
        assert received(watcher) == [("on_status", "status")] * 2


def test_a_signal_catch_is_subscribed_when_reached_and_gone_once_passed(runtime, deploy, owner):
    deploy("signal_catchers.bpmn")
    waiter = start_instance(runtime, "waiter", {"region": "eu"})
    broadcast_signal(runtime, owner, Signal("alert-eu"))
    assert subscriptions(waiter) == []
    assert broadcast_signal(runtime, owner, Signal("alert-eu")) == Broadcast()


def test_an_event_based_gateway_takes_the_signal_branch_and_a_catch_in_a_sub_process_waits(runtime, deploy,
                                                                                            owner):
    deploy("signal_catchers.bpmn")
    instance_id = start_instance(runtime, "choice", {})
    assert subscriptions(instance_id) == [("signal", "gw", "outage")]
    assert [timer["element_id"] for timer in show_instance(runtime, instance_id).timers] == ["gw"]
    broadcast_signal(runtime, owner, Signal("outage", {"cause": "flood"}))
    assert show_instance(runtime, instance_id).timers == []  # the timer branch was not taken
    assert subscriptions(instance_id) == [("signal", "wait_status", "status")]
    broadcast_signal(runtime, owner, Signal("status"))
    assert status(runtime, instance_id) == "completed"
    assert received(instance_id) == [("gw", "outage"), ("wait_status", "status")]
    assert show_instance(runtime, instance_id).variables["cause"] == "flood"


SELF_SIGNAL = """<?xml version="1.0" encoding="UTF-8"?>
<definitions id="d" xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="FlowDeskTests">
  <signal id="S_help" name="helpNeeded"/>
  <process id="signals_itself" isExecutable="true">
    <startEvent id="s"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="work"/>
    <userTask id="work" name="Work"/>
    <sequenceFlow id="f2" sourceRef="work" targetRef="ask"/>
    <intermediateThrowEvent id="ask"><signalEventDefinition signalRef="S_help"/></intermediateThrowEvent>
    <sequenceFlow id="f3" sourceRef="ask" targetRef="finish"/>
    <userTask id="finish" name="Finish"/>
    <sequenceFlow id="f4" sourceRef="finish" targetRef="e"/>
    <endEvent id="e"/>
    <subProcess id="on_help" triggeredByEvent="true">
      <startEvent id="help_start" isInterrupting="false"><signalEventDefinition signalRef="S_help"/></startEvent>
      <sequenceFlow id="h1" sourceRef="help_start" targetRef="helping"/>
      <userTask id="helping" name="Help"/>
      <sequenceFlow id="h2" sourceRef="helping" targetRef="help_end"/>
      <endEvent id="help_end"/>
    </subProcess>
  </process>
</definitions>"""


def test_the_thrower_receives_its_own_signal_in_the_same_step(runtime, admin_actor, demo):
    deploy_diagram(runtime, SELF_SIGNAL.encode(), "self_signal.bpmn", "olga")
    instance_id = start_instance(runtime, "signals_itself", {})
    (task,) = list_tasks(instance_id=instance_id)
    complete_with(runtime, admin_actor, task.id, {})
    assert open_tasks(instance_id) == ["finish", "helping"]
    (event,) = [e for e in list_history(instance_stream(instance_id)) if e.kind == "signal_received"]
    assert (event.element_id, event.data["sent_by"]) == ("help_start", {"instance_id": instance_id,
                                                                         "element_id": "ask"})
