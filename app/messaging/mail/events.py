"""The notification events FlowDesk tells people of, each with its own mail template and a default channel choice.

The incident and request flows (app/servicedesk/incident/flow.py, request/flow.py) raise the incident_* and
request_* events, which people choose their
channels for; a diagram's flowdesk.notify service task sends 'notification' mail with the subject and body its input
parameters give.
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class NotificationEvent:
    """One kind of notification: its name, and how the notification settings page calls it."""

    name: str
    label: object  # a lazy translated string


EVENTS = (
    NotificationEvent("incident_new", _l("A new urgent incident for my group")),
    NotificationEvent("incident_assigned", _l("An incident was assigned to me")),
    NotificationEvent("incident_in_progress", _l("My incident is being worked on")),
    NotificationEvent("incident_escalated", _l("An incident was escalated to me")),
    NotificationEvent("incident_question", _l("A question about my incident")),
    NotificationEvent("incident_answered", _l("The requester answered my question")),
    NotificationEvent("incident_resolved", _l("My incident is resolved")),
    NotificationEvent("incident_reopened", _l("The requester reopened an incident")),
    NotificationEvent("incident_closed", _l("My incident is closed")),
    NotificationEvent("incident_workaround", _l("A problem's workaround reached an incident I work on")),
    NotificationEvent("request_decided", _l("My request was approved or rejected")),
    NotificationEvent("request_done", _l("My request is done")),
    NotificationEvent("approval_requested", _l("A request waits for my approval")),
    NotificationEvent("mail_received", _l("My mail opened a ticket")),
    NotificationEvent("ticket_replied", _l("A reply by mail landed on a ticket I work on")),
    NotificationEvent("survey_requested", _l("A satisfaction survey about my ticket")),
    NotificationEvent("survey_reminder", _l("A reminder of a satisfaction survey")),
)
# A diagram's flowdesk.notify task: the process owner chose the channel in the diagram, so no preference applies.
PROCESS_MESSAGE = "notification"
# A change to a person's sign-in details (app/messaging/mail/account_notices.py): always mailed, no preference applies.
ACCOUNT_NOTICE = "account_changed"
UNTICKETED_EVENTS = (PROCESS_MESSAGE, ACCOUNT_NOTICE)  # mail with no ticket, no preference, and an overridable template
EVENT_NAMES = tuple(event.name for event in EVENTS)
LANGUAGES = ("en", "zh_CN")
SMS_CHOICES = ("never", "urgent", "always")  # urgent: a P1 incident, a missed target (the default)


def require_event(name: str) -> NotificationEvent:
    """Return the event of this name, or raise ValueError naming the known ones."""
    for event in EVENTS:
        if event.name == name:
            return event
    raise ValueError(f"There is no notification event '{name}'; use one of {', '.join(EVENT_NAMES)}.")


def mail_language(language: str | None) -> str:
    """Return the mail language for a person's interface language: Simplified Chinese for zh*, else English."""
    return "zh_CN" if (language or "").lower().startswith("zh") else "en"
