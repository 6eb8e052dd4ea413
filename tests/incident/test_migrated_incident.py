"""An incident moved to version 2 of its process on the way runs to its end there, with the ticket following."""
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.organisation.policies import system_actor
from app.servicedesk.surveys.models import Survey
from app.workflow.deployment import deploy_diagram
from app.workflow.migration.moves import execute_migration
from app.workflow.migration.plan import MigrationPlan
from tests.incident.conftest import Desk

VERSION_2 = Path(__file__).parents[1] / "diagrams" / "incident_v2_migration.bpmn"


def test_incident_moved_while_waiting_for_its_assignee_runs_to_its_end(desk: Desk) -> None:
    desk.log()
    desk.classify()
    deploy_diagram(desk.runtime, VERSION_2.read_bytes(), "incident.bpmn", "olga")
    plan = MigrationPlan("incident", 1, 2, by_hand={"take_or_pass": "accept_or_pass"})
    assert execute_migration(desk.runtime, system_actor("olga"), plan).migrated == [desk.instance.id]
    task = desk.task("accept_or_pass")
    desk.work("accept_or_pass", task.assignee, decision="accept")
    assert desk.ticket.status == "in_progress"
    desk.work("resolve", desk.ticket.assignee, outcome="resolved", resolution="Replaced the fuser unit.")
    desk.work("confirm_fix", "rita", confirmation="confirm")
    desk.work("rate", "rita", rating=5, rating_comment="Quick.")  # version 2 still has the old rate step
    survey = db.session.execute(select(Survey).where(Survey.ticket_id == desk.ticket.id)).scalar_one()
    assert desk.instance.status == "completed" and (survey.score, survey.comment) == (5, "Quick.")
