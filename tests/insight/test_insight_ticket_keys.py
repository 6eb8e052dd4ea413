"""The insight counts a shipped incident under its ticket's category, priority and group (the service desk's keys)."""
from sqlalchemy import select

from app.extensions import db
from app.workflow.insight.catch_up import catch_up_all
from app.workflow.insight.models import InsightCase, InsightCount
from tests.incident.conftest import Desk, desk  # noqa: F401  (the shipped incident flow's driver)


def test_an_incident_is_counted_under_its_tickets_keys_after_classification(desk: Desk) -> None:  # noqa: F811
    desk.log(actor="rita", channel="portal", title="Printer jams", description="Every page jams on floor 3.")
    desk.classify()
    assert catch_up_all(desk.runtime.case_keys) == 1  # the scheduler's pass, after the steps
    ticket = desk.ticket
    case = db.session.get(InsightCase, ticket.instance_id)
    assert case is not None
    assert (case.category, case.priority, case.group_name) == (
        str(ticket.category_id or ""), ticket.priority, ticket.assigned_group or "")
    classified = db.session.execute(select(InsightCount).where(
        InsightCount.definition_id == case.definition_id, InsightCount.element_id == "classify",
        InsightCount.priority == ticket.priority, InsightCount.category != "*", InsightCount.group_name != "*")
    ).scalars().all()
    assert sum(row.passes for row in classified) == 1
