"""The reports' change KPIs from real change records (issue 15, section 4): the post-implementation review's outcome
feeds the change success rate and the change type the emergency-change share, each worked out by hand."""
from datetime import date

import pytest

from app.reports.reading import report_filter
from app.reports.report import read_report
from app.reports.rollup import catch_up_all
from tests.change.conftest import ChangeDesk
from tests.conftest import actor_with

pytestmark = pytest.mark.usefixtures("database_url")
WEEK = report_filter(date(2026, 11, 27), "2026-11-23", "2026-11-27")  # the fixture's clock: Monday 23 November


def finish(changes: ChangeDesk, ticket, outcome: str) -> None:  # type: ignore[no-untyped-def]
    """Do the work order and review the change with an outcome."""
    changes.work(ticket, "implement", "lee", actual_start=changes.moment(24), actual_end=changes.moment(25),
                 work_note="Done")
    changes.work(ticket, "review", "carl", outcome=outcome, review_note="Reviewed")


def test_the_change_kpis_count_review_outcomes_and_emergency_changes(changes: ChangeDesk) -> None:
    template_id = changes.template()
    for _ in range(2):
        finish(changes, changes.raise_change("standard", template_id=template_id), "successful")
    for outcome in ("successful", "backed_out"):
        emergency = changes.raise_change("emergency")
        changes.cab_approves(emergency, ("mona",))
        finish(changes, emergency, outcome)
    changes.raise_change()  # a normal change still at its assessment: not finished, not counted
    catch_up_all()
    got = {kpi.key: kpi.value for kpi in read_report(actor_with("mona", "manager"), WEEK).kpis}
    # Finished: 2 standard (successful), 2 emergency (1 successful, 1 backed out) -> 3 of 4 did not fail = 75 %;
    # 2 of the 4 were emergency changes = 50 %.
    assert got["change_success"] == 75.0
    assert got["emergency_changes"] == 50.0
