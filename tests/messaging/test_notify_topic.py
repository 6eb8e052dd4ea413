"""camunda:topic="flowdesk.notify": a diagram's service task queues a message per recipient in the step's unit."""
import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.messaging.models import OutboxMessage
from app.organisation.models import User
from app.organisation.policies import system_actor
from app.organisation.users import add_user
from app.platform.errors import StepFailed
from app.platform.transactions import use_case
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import start_instance

NAMESPACES = ('xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
              'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="https://t.example"')


def notifying(to: str, channel: str = "email") -> bytes:
    """Return start -> flowdesk.notify -> end."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions {NAMESPACES}>\n'
            '<bpmn:process id="tell" name="Tell" isExecutable="true">\n'
            '<bpmn:startEvent id="start"/><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="notify"/>\n'
            '<bpmn:serviceTask id="notify" name="Tell them" camunda:type="external" camunda:topic="flowdesk.notify">'
            '<bpmn:extensionElements><camunda:inputOutput>'
            f'<camunda:inputParameter name="to">{to}</camunda:inputParameter>'
            f'<camunda:inputParameter name="channel">{channel}</camunda:inputParameter>'
            '<camunda:inputParameter name="subject">${"Backup of " + host + " failed"}</camunda:inputParameter>'
            '</camunda:inputOutput></bpmn:extensionElements></bpmn:serviceTask>\n'
            '<bpmn:sequenceFlow id="f2" sourceRef="notify" targetRef="end"/><bpmn:endEvent id="end"/>\n'
            '</bpmn:process>\n</bpmn:definitions>\n').encode()


@use_case
def give_phone(login: str, phone: str) -> None:
    """Set a user's phone number."""
    db.session.execute(update(User).where(User.login == login).values(phone=phone))


def queued() -> list[tuple[str, str, str, int | None]]:
    """Return (channel, recipient, subject, instance) of the outbox, oldest first."""
    rows = db.session.execute(select(OutboxMessage.channel, OutboxMessage.recipient, OutboxMessage.subject,
                                     OutboxMessage.instance_id).order_by(OutboxMessage.id)).all()
    db.session.rollback()
    return [tuple(row) for row in rows]


def test_diagram_notifies_a_group_and_a_person_each_once(runtime, people) -> None:
    deploy_diagram(runtime, notifying("group:service-desk, sam, rita"), "tell.bpmn", "owner")
    instance_id = start_instance(runtime, "tell", {"host": "db1"})
    assert sorted(queued()) == [("email", login, "Backup of db1 failed", instance_id) for login in ("rita", "sam")]
    [event] = [e for e in list_history(instance_stream(instance_id)) if e.kind == "notification_queued"]
    assert event.data["to"] == ["sam", "rita"]


def test_sms_goes_to_people_with_a_phone_and_names_the_others(runtime, people) -> None:
    give_phone("sam", "+8613800000000")
    deploy_diagram(runtime, notifying("sam, rita", "sms"), "tell.bpmn", "owner")
    instance_id = start_instance(runtime, "tell", {"host": "db1"})
    [event] = [e for e in list_history(instance_stream(instance_id)) if e.kind == "notification_queued"]
    assert (event.data["to"], event.data["unreachable"]) == (["sam"], ["rita"])
    assert [(channel, recipient) for channel, recipient, *_ in queued()] == [("sms", "+8613800000000")]


def test_notification_to_nobody_fails_the_step_with_a_clear_message(runtime, people) -> None:
    add_user(runtime, system_actor(), "gone", [])
    deploy_diagram(runtime, notifying("group:nobody-here"), "tell.bpmn", "owner")
    with pytest.raises(StepFailed, match="names nobody"):
        start_instance(runtime, "tell", {"host": "db1"})
    assert queued() == []
