"""Fixtures of the satisfaction surveys: the incident desk with the survey diagram deployed and a default rule."""
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from app.extensions import db
from app.messaging.models import OutboxMessage
from app.organisation.policies import system_actor
from app.servicedesk.surveys.models import Survey
from app.servicedesk.surveys.rules import save_rule
from app.workflow.deployment import deploy_diagram
from app.workflow.models import UserTask
from tests.incident.conftest import (
    PROCESSES,
    Desk,
    desk,  # noqa: F401  (the incident flow's fixture)
)

RULE = {"sample_percent": 100, "delay_working_days": 2, "min_days_between": 0, "remind_after_days": 3,
        "expire_after_days": 10, "low_score": 2, "comment_below": 3, "recovery_hours": 24}


def utc(*parts: int) -> datetime:
    """Return a UTC moment."""
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def set_rule(incident: Desk, key: str = "default", enabled: bool = True, **values: Any) -> None:
    """Save a survey rule as an administrator (the default: every ticket, two working days after resolution)."""
    save_rule(system_actor("adam"), incident.clock, key, enabled, {**RULE, **values})


def resolve(incident: Desk, **values: Any) -> None:
    """Log an incident for rita, classify it, let the service desk accept and resolve it."""
    incident.log(**values)
    incident.classify()
    incident.work("take_or_pass", incident.task("take_or_pass").assignee, decision="accept")
    incident.work("resolve", incident.task("resolve").assignee, outcome="resolved", resolution="Cleared the jam.")


def survey_of(incident: Desk) -> Survey:
    """Return the current ticket's survey row."""
    db.session.expire_all()
    return db.session.execute(select(Survey).where(Survey.ticket_id == incident.ticket.id)).scalar_one()


def survey_mails(incident: Desk) -> list[OutboxMessage]:
    """Return the survey mails queued, oldest first."""
    return [row for row in incident.outbox() if row.event in ("survey_requested", "survey_reminder")]


def recovery_tasks() -> list[UserTask]:
    """Return the open service-recovery tasks."""
    return list(db.session.execute(select(UserTask).where(UserTask.element_id == "recover")).scalars())


@pytest.fixture
def surveyed(desk: Desk) -> Desk:  # noqa: F811  (the incident flow's fixture, imported above)
    """The incident desk, the survey diagram deployed and a default rule surveying every ticket."""
    deploy_diagram(desk.runtime, (PROCESSES / "survey.bpmn").read_bytes(), "survey.bpmn", "olga")
    set_rule(desk)
    return desk
