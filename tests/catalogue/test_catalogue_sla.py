"""A catalogue item's SLA target is its requests' resolution target: on the policy's business calendar, shown on the
ticket, and counted by the reports' SLA attainment."""
from datetime import UTC, date, datetime, timedelta

from flask.testing import FlaskClient

from app.reports.reading import report_filter
from app.reports.report import read_report
from app.reports.rollup import catch_up_all
from app.servicedesk.tickets.models import Ticket
from tests.catalogue.conftest import Catalogue
from tests.conftest import actor_with
from tests.incident.conftest import MONDAY_10

# Monday 23 November 2026, 10:00 in Shanghai; 4 working hours on the calendar (09:00-12:00, 13:00-18:00) are
# 10:00-12:00 and 13:00-15:00: due at 15:00 local, 07:00 UTC.
FOUR_HOURS_DUE_AT = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


def fulfil(catalogue: Catalogue, ticket: Ticket, tag: str) -> None:
    """Approve a laptop request and hand the laptop over."""
    catalogue.approve(ticket, "approve_manager", "mona")
    catalogue.work(ticket, "prepare", "sam", asset_tag=tag)
    catalogue.work(ticket, "hand_over", "sam", fulfilment_note="Handed over at the desk.")


def test_a_request_takes_its_resolution_target_from_the_item_in_working_hours(catalogue: Catalogue) -> None:
    catalogue.item(sla_hours=4)
    [ticket] = catalogue.order("rita")
    stored = catalogue.fresh(ticket)
    assert (stored.resolution_target_minutes, stored.resolution_due_at) == (240, FOUR_HOURS_DUE_AT)


def test_an_item_without_a_target_leaves_its_requests_without_a_clock(catalogue: Catalogue) -> None:
    [ticket] = catalogue.order("rita")
    stored = catalogue.fresh(ticket)
    assert (stored.resolution_target_minutes, stored.resolution_due_at) == (None, None)


def test_the_item_target_is_shown_to_the_agent_and_the_requester(
        catalogue: Catalogue, client: FlaskClient, sign_in) -> None:  # type: ignore[no-untyped-def]
    catalogue.item(sla_hours=4)
    [ticket] = catalogue.order("rita")
    sign_in("sam")
    agent_page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert 'data-testid="sla"' in agent_page and "4 working hours, from the catalogue item" in agent_page
    sign_in("rita")
    requester_page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert f'data-testid="due"><time datetime="{FOUR_HOURS_DUE_AT.isoformat()}"' in requester_page


def test_sla_attainment_counts_requests_against_their_item_target(catalogue: Catalogue) -> None:
    catalogue.item(sla_hours=4)
    [in_time, late] = catalogue.order("rita") + catalogue.order("rita")
    fulfil(catalogue, in_time, "LT-0100")  # at 10:00, within the 4 working hours
    catalogue.clock.set(MONDAY_10 + timedelta(hours=6))  # 16:00 local, past 15:00
    fulfil(catalogue, late, "LT-0101")
    catch_up_all()
    period = report_filter(date(2026, 11, 23), "2026-11-23", "2026-11-23")
    kpis = {kpi.key: kpi.value for kpi in read_report(actor_with("mona", "manager"), period).kpis}
    assert kpis["sla_resolution"] == 50.0
