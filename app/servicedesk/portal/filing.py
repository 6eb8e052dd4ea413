"""Logging an incident together with the files its requester attaches: one unit, so a refused file logs nothing."""
from collections.abc import Sequence
from dataclasses import dataclass

from app.organisation.policies import Actor
from app.platform.transactions import use_case
from app.service_levels.priority import DEFAULT_PRIORITY_MATRIX, PriorityMatrix
from app.servicedesk.tickets.attachments import AttachmentSettings, add_attachment
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.records import log_ticket
from app.workflow.runtime import Runtime


@dataclass(frozen=True)
class Upload:
    """A file sent with a form: its name, its declared type and its bytes."""

    file_name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class IncidentReport:
    """What the incident form says: the ticket's values, for whom and by which channel."""

    title: str
    description: str
    requester: str
    category_id: int | None
    ci_id: int | None
    impact: str
    urgency: str
    channel: str = "portal"


@use_case
def log_incident_with_files(runtime: Runtime, settings: AttachmentSettings, actor: Actor, report: IncidentReport,
                            uploads: Sequence[Upload], matrix: PriorityMatrix = DEFAULT_PRIORITY_MATRIX) -> Ticket:
    """Log an incident and attach its files (the requester's files are public); any refusal logs nothing."""
    ticket = log_ticket(runtime, "incident", report.title, report.description, report.requester,
                        report.category_id, report.ci_id, report.impact, report.urgency, actor,
                        channel=report.channel, matrix=matrix)
    for upload in uploads:
        add_attachment(runtime, settings, actor, ticket.number, upload.file_name, upload.content_type, upload.data,
                       "public")
    return ticket
