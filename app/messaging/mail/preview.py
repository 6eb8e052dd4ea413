"""A sample of each event's mail, rendered as it would go out, for the admin page's preview."""
from datetime import datetime

from app.messaging import mail_marks
from app.messaging.mail.compose import mail_links
from app.messaging.mail.events import ACCOUNT_NOTICE, PROCESS_MESSAGE, UNTICKETED_EVENTS
from app.messaging.mail.overrides import override_for
from app.messaging.mail.render import RenderedMail, render_mail, translated
from app.platform.mail_settings import MailSettings

SAMPLE_NUMBER = "INC-000123"
SAMPLE_HEADLINES = {
    "incident_new": "New P1 incident", "incident_assigned": "Assigned to you",
    "incident_in_progress": "Your incident is being worked on", "incident_escalated": "Response target missed",
    "incident_question": "A question about your incident", "incident_answered": "The requester answered",
    "incident_resolved": "Your incident is resolved", "incident_reopened": "The requester reopened the incident",
    "incident_closed": "Your incident is closed", "incident_workaround": "A workaround for your incident",
    "request_decided": "Your request was approved",
    "request_done": "Your request is done", "approval_requested": "A request waits for your approval",
    "mail_received": "We received your mail",
    "ticket_replied": "A reply by mail", "survey_requested": "How did we do?",
    "survey_reminder": "A reminder: how did we do?", PROCESS_MESSAGE: "Backup of db1 failed",
    ACCOUNT_NOTICE: "Your FlowDesk password was changed",
}
SAMPLE_ACTIONS = {"incident_resolved": ("confirm",), "incident_closed": ("survey",), "approval_requested": ("approve",),
                  "survey_requested": ("survey",), "survey_reminder": ("survey",)}


def preview_mail(settings: MailSettings, event: str, language: str, now: datetime) -> RenderedMail:
    """Render an event's mail in a language for a sample ticket, with the override if there is one."""
    headline = translated(SAMPLE_HEADLINES[event], language)
    ticketed = event not in UNTICKETED_EVENTS
    variables = {
        "event": event, "language": language, "name": "Rita Requester", "reads": True,
        "number": SAMPLE_NUMBER if ticketed else None, "title": "Printer jams on floor 3" if ticketed else None,
        "headline": headline, "detail": translated("Sample text written by a person.", language),
        "priority": "P2", "group": "service-desk", "assignee": "sam", "reassignments": 1, "days": 3,
        "how": "confirmed", "survey": "sent", "level": "response_breach", "approved": True, "author": "Rita Requester",
        "problem": "PRB-000042",
        "shipped_subject": f"{headline}: Printer jams on floor 3" if ticketed else headline,
        "links": mail_links(settings, "rita", SAMPLE_NUMBER, SAMPLE_ACTIONS.get(event, ()), now) if ticketed else {},
        "footer": mail_marks.footer_token(SAMPLE_NUMBER, settings.secret_key) if ticketed else "",
    }
    rendered = render_mail(event, language, variables, override_for(event, language))
    subject = mail_marks.tagged_subject(SAMPLE_NUMBER, rendered.subject) if ticketed else rendered.subject
    return RenderedMail(subject, rendered.text, rendered.html)
