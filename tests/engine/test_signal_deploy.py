"""Signal events FlowDesk cannot run as drawn, and multiple throw events, are refused at deploy with a reason;
migration 0030 subscribes the instances already waiting for a signal."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.lifecycle import start_instance
from app.workflow.models import MessageSubscription
from engine.errors import DiagramRefused
from tests.conftest import DIAGRAMS

ANNOUNCE = '''<intermediateThrowEvent id="announce">
      <signalEventDefinition signalRef="S_outage">
        <extensionElements><camunda:in source="reason" target="outage_reason"/></extensionElements>
      </signalEventDefinition>
    </intermediateThrowEvent>'''


@pytest.mark.parametrize(("drawn", "element_id", "reason"), [
    ('<intermediateThrowEvent id="announce"><signalEventDefinition signalRef="S_outage"/>'
     '<messageEventDefinition messageRef="M"/></intermediateThrowEvent>', "announce",
     r"several event definitions at once \(signalEventDefinition, messageEventDefinition\), a multiple throw"),
    ('<intermediateThrowEvent id="announce"><signalEventDefinition/></intermediateThrowEvent>', "announce",
     "names no signal; give it a signalRef"),
    ('<intermediateThrowEvent id="announce"><signalEventDefinition signalRef="S_outage" camunda:async="true"/>'
     '</intermediateThrowEvent>', "announce", "camunda:async"),
    ('<intermediateThrowEvent id="announce"><signalEventDefinition signalRef="S_outage"><extensionElements>'
     '<camunda:in source="reason"/></extensionElements></signalEventDefinition></intermediateThrowEvent>', "announce",
     "needs a target and one of source or sourceExpression"),
    ('<intermediateThrowEvent id="announce"><signalEventDefinition signalRef="S_outage"><extensionElements>'
     '<camunda:in sourceExpression="${reason.upper()}" target="r"/></extensionElements></signalEventDefinition>'
     '</intermediateThrowEvent>', "announce", "camunda:in sourceExpression"),
])
def test_a_signal_throw_flowdesk_cannot_run_as_drawn_is_refused_at_deploy(runtime, drawn: str, element_id: str,
                                                                          reason: str) -> None:
    content = (DIAGRAMS / "signal_throw.bpmn").read_text().replace(ANNOUNCE, drawn)
    assert content != (DIAGRAMS / "signal_throw.bpmn").read_text()
    content = content.replace('<signal id="S_outage" name="outage"/>',
                              '<signal id="S_outage" name="outage"/><message id="M" name="m"/>')
    with pytest.raises(DiagramRefused, match=reason) as refused:
        deploy_diagram(runtime, content.encode(), "bad_signal.bpmn", "olga")
    assert refused.value.element_id == element_id


@pytest.mark.parametrize(("old", "new", "element_id", "reason"), [
    ('<signal id="S_outage" name="outage"/>', '<signal id="S_outage" name="outage-${region}"/>', "r_start",
     "holds an expression, which a process start has no variables"),
    ('<signal id="S_alert" name="alert-${region}"/>', '<signal id="S_alert" name="alert-${region.lower()}"/>',
     "wait_alert", "the signal name 'alert-"),
    ('<signal id="S_status" name="status"/>', '<signal id="S_status"/>', "on_status", "the signal 'S_status' has no name"),
])
def test_a_signal_catch_with_a_name_flowdesk_cannot_match_is_refused_at_deploy(runtime, old: str, new: str,
                                                                               element_id: str, reason: str) -> None:
    content = (DIAGRAMS / "signal_catchers.bpmn").read_text()
    assert old in content
    with pytest.raises(DiagramRefused, match=reason) as refused:
        deploy_diagram(runtime, content.replace(old, new).encode(), "bad_catch.bpmn", "olga")
    assert refused.value.element_id == element_id


def test_migration_0030_subscribes_the_instances_waiting_for_a_signal_when_it_runs(app, runtime, deploy) -> None:
    from flask_migrate import downgrade, upgrade

    deploy("signal_catchers.bpmn")
    instance_id = start_instance(runtime, "waiter", {"region": "eu"})
    db.session.remove()
    downgrade(revision="0025")
    upgrade()
    rows = db.session.execute(select(MessageSubscription).where(MessageSubscription.instance_id == instance_id))
    assert [(row.kind, row.element_id, row.message_name) for row in rows.scalars()] == [
        ("signal", "wait_alert", "alert-eu")]
