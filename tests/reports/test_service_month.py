"""The ISO 20000 monthly service report of one service: targets, attainment, breaches with their causes, major
incidents, changes, problems; as a page and an XLSX read back."""
import io
from datetime import UTC, date, datetime

import openpyxl

from app.cmdb.models import CiType, ConfigurationItem
from app.extensions import db
from app.platform.transactions import use_case
from app.reports.rollup import catch_up_all
from app.reports.service_month import read_service_month
from app.service_levels.policies import ensure_default_service_levels
from tests.conftest import actor_with
from tests.reports.conftest import add_ticket, at

NOVEMBER = date(2026, 11, 1)


@use_case
def mail_service() -> int:
    """Store the service 'Mail' (a CI) and the standard SLA policy; return the CI's id."""
    ensure_default_service_levels(datetime(2026, 10, 1, tzinfo=UTC))
    kind = CiType(name="service", display_name="Service", attributes="[]")
    db.session.add(kind)
    db.session.flush()
    item = ConfigurationItem(type_id=kind.id, name="Mail", status="active", attributes="{}",
                             created_at=at(1, 0, month=10), updated_at=at(1, 0, month=10))
    db.session.add(item)
    db.session.flush()
    return item.id


def test_the_monthly_report_lists_breaches_with_their_causes(app, client, sign_in, demo) -> None:  # type: ignore[no-untyped-def]
    service = mail_service()
    add_ticket("INC-1", ci_id=service, created_at=at(2, 2), resolved_at=at(4, 2), resolution_due_at=at(2, 8),
               status="resolved", reassignment_count=2, escalated_at=(at(2, 8),))
    add_ticket("INC-2", ci_id=service, created_at=at(3, 2), resolved_at=at(3, 3), resolution_due_at=at(3, 8),
               status="resolved")
    add_ticket("CHG-3", kind="change", ci_id=service, created_at=at(5, 2), closed_at=at(6, 2), status="closed")
    add_ticket("PRB-4", kind="problem", ci_id=service, created_at=at(20, 2, month=10))
    add_ticket("INC-5", created_at=at(3, 2), resolved_at=at(9, 2), resolution_due_at=at(3, 8), status="resolved")
    catch_up_all()
    found = read_service_month(actor_with("mona", "manager"), service, NOVEMBER)
    sections = {section.title: section.rows for section in found.sections}
    # INC-1 missed its resolution target (Nov 4 > Nov 2 08:00), reassigned twice and escalated; INC-5 is another
    # service's; INC-2 met its target.
    assert [row[0] for row in sections["Breaches"]] == ["INC-1"]
    assert "reassigned 2 times" in sections["Breaches"][0][4] and "escalated" in sections["Breaches"][0][4]
    assert sections["Changes"] == [["CHG-3", "CHG-3 title", "closed"]]
    assert sections["Problems"] == [["PRB-4", "PRB-4 title", "assigned"]]
    assert any(row[0] == "standard" for row in sections["Service level targets"])
    kpis = {kpi.key: kpi.value for kpi in found.report.kpis}
    assert kpis["sla_resolution"] == 50.0  # INC-1 missed, INC-2 met
    sign_in("mona")
    page = client.get(f"/reports/services/{service}?month=2026-11")
    assert page.status_code == 200 and "Monthly service report: Mail, 2026-11" in page.get_data(as_text=True)
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/reports/services/{service}/export.xlsx?month=2026-11").data))
    breaches = next(sheet for sheet in book.worksheets if sheet.title.endswith("Breaches"))
    assert breaches["A2"].value == "INC-1"
