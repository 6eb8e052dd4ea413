"""A problem runs through its states on processes/problem.bpmn, its ticket and record kept in step."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.platform.errors import NotAllowed
from app.servicedesk.problem.models import ProblemRecord
from app.servicedesk.problem.problems import open_problem
from app.servicedesk.tickets.note_events import note_text
from tests.problem.conftest import ProblemDesk, person


def record(ticket_id: int) -> ProblemRecord:
    """Return a problem's record as stored now."""
    db.session.expire_all()
    return db.session.execute(select(ProblemRecord).where(ProblemRecord.ticket_id == ticket_id)).scalar_one()


def test_problem_manager_takes_a_problem_through_every_state(problems: ProblemDesk) -> None:
    problem = problems.problem()
    assert problem.number.startswith("PRB-") and problem.kind == "problem"
    assert problem.assigned_group == "problem-managers"
    assert record(problem.id).stage == "assess" and problems.fresh(problem).status == "in_progress"
    problems.work(problem, "assess", assessment="Affects everyone on mail-01.")
    assert record(problem.id).stage == "analysis"
    problems.work(problem, "analysis", root_cause="The spam filter's disk is full.", workaround="Send again.")
    stored = record(problem.id)
    assert (stored.stage, stored.root_cause, stored.workaround) == (
        "fix", "The spam filter's disk is full.", "Send again.")
    problems.work(problem, "fix", fix_summary="Grew the disk and added an alert.")
    assert record(problem.id).stage == "resolved" and problems.fresh(problem).status == "resolved"
    problems.work(problem, "review", review_note="No lost mail for a week.")
    assert record(problem.id).stage == "closed" and problems.fresh(problem).status == "closed"
    assert problems.tasks(problem) == {}
    said = [note_text(note) for note in problems.notes(problem)]
    assert "Problem moved to Resolved: Grew the disk and added an alert." in said
    assert said[-1] == "Problem moved to Closed: No lost mail for a week."


def test_an_agent_outside_the_problem_managers_may_not_open_a_problem(problems: ProblemDesk) -> None:
    with pytest.raises(NotAllowed, match="problem-managers"):
        open_problem(problems.runtime, person("sam"), "Printers jam", "Often.")
