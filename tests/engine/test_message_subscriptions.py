"""Message subscriptions: one row per message an instance waits for, written by the step that starts or stops the
wait, and read by correlation; message boundary events and message event sub-processes caught through them."""
import pytest
from sqlalchemy import delete, select

from app.extensions import db
from app.platform.transactions import use_case
from app.workflow.batch import WriteBatch
from app.workflow.instances.lifecycle import cancel_instance, show_instance, start_instance
from app.workflow.models import MessageSubscription
from app.workflow.outside.messages import Message, MismatchingMessage, correlate_message
from app.workflow.outside.subscription_backfill import backfill_subscriptions
from app.workflow.step import rebuild_projections, require_instance
from app.workflow.tasks.actions import complete_task, reassign_task
from app.workflow.tasks.tasklist import list_tasks
from tests.engine.test_event_subprocesses import complete, open_tasks, status


@pytest.fixture
def owner(make_actor):  # type: ignore[no-untyped-def]
    """Olga, a process owner: may send messages."""
    return make_actor("olga", "process_owner")


def subscriptions(instance_id: int) -> list[tuple[str, str]]:
    """Return an instance's subscription rows as (element id, message name), sorted."""
    return sorted(db.session.execute(select(MessageSubscription.element_id, MessageSubscription.message_name)
                                     .where(MessageSubscription.instance_id == instance_id)).all())


def test_each_step_writes_the_messages_an_instance_waits_for_and_drops_those_it_stopped_waiting_for(
        runtime, deploy, owner) -> None:
    deploy("message_order.bpmn")
    instance_id = start_instance(runtime, "order", {"team": "sales"}, "ORD-1")
    assert subscriptions(instance_id) == [("wait_pay", "paymentReceived")]
    correlate_message(runtime, owner, Message("paymentReceived", "ORD-1", variables={"paid": 120}))
    assert subscriptions(instance_id) == [("recv", "shipped")]
    correlate_message(runtime, owner, Message("shipped", "ORD-1"))
    assert [name for _, name in subscriptions(instance_id)] == ["orderCancelled"]  # the gateway's message branch
    correlate_message(runtime, owner, Message("orderCancelled", "ORD-1"))
    assert subscriptions(instance_id) == []


def test_a_cancelled_instance_keeps_no_subscription(runtime, deploy, admin_actor) -> None:
    deploy("message_order.bpmn")
    instance_id = start_instance(runtime, "order", {}, "ORD-2")
    cancel_instance(runtime, instance_id, "adam", "ordered by mistake")
    assert subscriptions(instance_id) == []


def test_correlation_finds_the_waiting_instance_by_its_subscription_row(runtime, deploy, owner) -> None:
    deploy("message_order.bpmn")
    instance_id = start_instance(runtime, "order", {}, "ORD-3")
    db.session.execute(delete(MessageSubscription).where(MessageSubscription.instance_id == instance_id))
    db.session.commit()
    with pytest.raises(MismatchingMessage, match="no running instance waits for it"):
        correlate_message(runtime, owner, Message("paymentReceived"))


def test_rebuilding_projections_restores_missing_and_drops_stray_subscriptions(runtime, deploy) -> None:
    deploy("message_order.bpmn")
    instance_id = start_instance(runtime, "order", {}, "ORD-4")
    db.session.execute(delete(MessageSubscription).where(MessageSubscription.instance_id == instance_id))
    db.session.add(MessageSubscription(instance_id=instance_id, task_id="gone", element_id="recv",
                                       message_name="shipped"))
    db.session.commit()

    @use_case
    def rebuild() -> dict[str, list[object]]:
        batch = WriteBatch()
        repaired = rebuild_projections(runtime, require_instance(instance_id), runtime.clock.now(), batch)
        batch.send()
        return repaired
    repaired = rebuild()
    assert [wait["element_id"] for wait in repaired["missing_subscriptions"]] == ["wait_pay"]
    assert [wait["task_id"] for wait in repaired["stray_subscriptions"]] == ["gone"]
    assert subscriptions(instance_id) == [("wait_pay", "paymentReceived")]


def test_the_migration_backfill_subscribes_the_instances_already_running(app, runtime, deploy) -> None:
    deploy("message_order.bpmn")
    waiting = [start_instance(runtime, "order", {}, f"ORD-{n}") for n in (5, 6)]
    db.session.execute(delete(MessageSubscription))
    db.session.commit()
    with db.engine.begin() as connection:
        assert backfill_subscriptions(runtime, connection) == []
    assert [subscriptions(instance_id) for instance_id in waiting] == [[("wait_pay", "paymentReceived")]] * 2


def test_a_non_interrupting_message_boundary_event_offers_a_task_each_time_and_keeps_the_task_open(
        runtime, deploy, owner, admin_actor, demo) -> None:
    deploy("message_boundary_noninterrupting.bpmn")
    instance_id = start_instance(runtime, "repair", {}, "REP-1")
    for _ in range(2):
        caught = correlate_message(runtime, owner, Message("customerCalled", "REP-1", variables={"line": "hot"}))
        assert caught.element_id == "called"
    assert open_tasks(instance_id) == ["call_back", "call_back", "fix"]
    assert subscriptions(instance_id) == [("called", "customerCalled")]
    complete(runtime, admin_actor, instance_id, "fix")
    assert subscriptions(instance_id) == []  # the boundary event ends with its task
    with pytest.raises(MismatchingMessage):
        correlate_message(runtime, owner, Message("customerCalled", "REP-1"))
    assert (status(runtime, instance_id), open_tasks(instance_id)) == ("running", ["call_back", "call_back"])
    assert show_instance(runtime, instance_id).variables["line"] == "hot"


def test_a_non_interrupting_message_event_subprocess_runs_beside_the_main_task(runtime, deploy, owner, demo,
                                                                               admin_actor) -> None:
    deploy("message_event_subprocesses.bpmn")
    instance_id = start_instance(runtime, "claim", {}, "CLM-1")
    assert subscriptions(instance_id) == [("docs_added", "documentsAdded"), ("withdrawn", "claimWithdrawn")]
    caught = correlate_message(runtime, owner, Message("documentsAdded", "CLM-1", variables={"pages": 3}))
    assert (caught.element_id, open_tasks(instance_id)) == ("docs_added", ["assess", "look"])
    correlate_message(runtime, owner, Message("documentsAdded", "CLM-1"))  # Camunda starts it again each time
    assert open_tasks(instance_id) == ["assess", "look", "look"]
    complete(runtime, admin_actor, instance_id, "assess")
    assert subscriptions(instance_id) == []  # the main flow ended: the untriggered subscriptions end with it
    assert status(runtime, instance_id) == "running"
    complete_first_look(runtime, admin_actor, instance_id)
    complete(runtime, admin_actor, instance_id, "look")
    assert status(runtime, instance_id) == "completed"


def complete_first_look(runtime, admin_actor, instance_id: int) -> None:  # type: ignore[no-untyped-def]
    """Complete one of several open 'look' tasks."""
    task = [task for task in list_tasks(instance_id=instance_id) if task.element_id == "look"][0]
    reassign_task(runtime, task.id, admin_actor, "sam")
    complete_task(runtime, task.id, "sam", {})


def test_an_interrupting_message_event_subprocess_ends_the_main_task_and_the_other_subscription(
        runtime, deploy, owner, admin_actor, demo) -> None:
    deploy("message_event_subprocesses.bpmn")
    instance_id = start_instance(runtime, "claim", {}, "CLM-2")
    caught = correlate_message(runtime, owner, Message("claimWithdrawn", "CLM-2", variables={"why": "paid"}))
    assert caught.element_id == "withdrawn"
    assert open_tasks(instance_id) == ["close"]
    assert subscriptions(instance_id) == []
    with pytest.raises(MismatchingMessage):
        correlate_message(runtime, owner, Message("documentsAdded", "CLM-2"))
    complete(runtime, admin_actor, instance_id, "close")
    assert status(runtime, instance_id) == "completed"
    assert show_instance(runtime, instance_id).variables["why"] == "paid"


def test_migration_0026_subscribes_the_instances_running_when_it_runs(app, runtime, deploy) -> None:
    from flask_migrate import downgrade, upgrade

    deploy("message_order.bpmn")
    instance_id = start_instance(runtime, "order", {}, "ORD-7")
    db.session.remove()
    downgrade(revision="0023")
    upgrade()
    assert subscriptions(instance_id) == [("wait_pay", "paymentReceived")]
