"""Diagram service tasks that send messages: camunda:topic="flowdesk.notify" queues one per recipient.

Input parameters (camunda:inputParameter, literal or ${...}):
- to: logins and groups, comma-separated; a group is written group:<name> (its active members);
- subject, body: the message;
- channel: email (the default; the person's e-mail address, else their login) or sms (their phone;
  people without a phone are named in the history instead).
Messages go to the outbox in the step's transaction and are sent after it committed.
"""
from app.messaging.mail.compose import queue_process_mail
from app.messaging.outbox import enqueue_message
from app.organisation.models import User
from app.organisation.people import group_members, people_named
from engine.topics import TopicCall, TopicRegistry, TopicResult
from engine.views import StepEvent

CHANNELS = ("email", "sms")
NOTIFY_TOPIC = "flowdesk.notify"


def notify(call: TopicCall) -> TopicResult:
    """Queue the message for every recipient the 'to' parameter names."""
    channel = str(call.params.get("channel") or "email")
    if channel not in CHANNELS:
        raise ValueError(f"The channel '{channel}' is unknown; use one of {', '.join(CHANNELS)}.")
    subject = str(call.params.get("subject") or "")
    body = str(call.params.get("body") or subject)
    people = recipients_of(str(call.params.get("to") or ""))
    if not people:
        raise ValueError("The 'to' parameter names nobody; give logins or group:<name>, comma-separated.")
    sent, unreachable = [], []
    for person in people:
        address = person.phone if channel == "sms" else (person.email or person.login)
        if not address:
            unreachable.append(person.login)
            continue
        if channel == "email":
            queue_process_mail(call.context.runtime.mail, person, subject, body, call.context.instance_id,
                               call.context.now())
        else:
            enqueue_message(channel, address, subject, body, call.context.instance_id, call.context.now())
        sent.append(person.login)
    return TopicResult(events=[StepEvent("notification_queued", call.element_id, {
        "channel": channel, "to": sent, "unreachable": unreachable})])


def recipients_of(to: str) -> list[User]:
    """Return the active people a 'to' parameter names, each once."""
    people: dict[str, User] = {}
    names = [name.strip() for name in to.split(",") if name.strip()]
    for name in names:
        found = group_members(name.removeprefix("group:")) if name.startswith("group:") else people_named([name])
        people.update((person.login, person) for person in found)
    return list(people.values())


def register_messaging_topics(registry: TopicRegistry) -> TopicRegistry:
    """Register the messaging topics on a registry."""
    registry.register(NOTIFY_TOPIC, notify)
    return registry
