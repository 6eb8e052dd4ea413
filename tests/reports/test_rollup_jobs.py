"""The roll-up's scheduler pass is bounded and resumes where it stopped, the commands work, and migration 0057 fills
the by-group tables from the fine ones; on both databases. And the last day a ticket counts on (agents' dashboards
read no ticket that left before their period)."""
from datetime import date, timedelta

from flask import Flask
from flask_migrate import downgrade, upgrade

from app.extensions import db
from app.reports.facts import FOREVER, Contributions
from app.reports.rollup import rebuild, rollup_rows, watermark
from app.scheduler import reports_job
from tests.reports.conftest import add_ticket, at


def add_three_days_of_tickets() -> None:
    """Store five tickets opened over three days, some answered and resolved, none counted yet."""
    for number in range(5):
        created = at(2 + number % 3, 2, number)
        add_ticket(f"INC-{number}", group=("service-desk", "network")[number % 2], priority=f"P{1 + number % 3}",
                   created_at=created, responded_at=created + timedelta(minutes=20 + number),
                   resolved_at=created + timedelta(hours=3) if number % 2 else None,
                   status="resolved" if number % 2 else "assigned", response_due_at=created + timedelta(hours=1))


def test_the_scheduler_catches_up_missed_days_a_bounded_piece_per_pass(app: Flask) -> None:
    add_three_days_of_tickets()  # the scheduler was down while they came in
    app.config.update(REPORTS_BATCH_TICKETS=2, REPORTS_BATCHES_PER_PASS=1)
    reports_job(app)
    assert {row[0] for row in rollup_rows()[0]} == {at(2, 0).date()}  # one transaction of two tickets, both day 2
    assert watermark().ticket_id != 0
    db.session.rollback()
    for _ in range(3):
        reports_job(app)
    assert watermark().ticket_id == 0  # read to the end
    passes = rollup_rows()
    rebuild(batch=3)
    assert rollup_rows() == passes


def test_the_catch_up_and_rebuild_commands_count_every_ticket_once(app: Flask, cli) -> None:  # type: ignore[no-untyped-def]
    add_three_days_of_tickets()
    caught_up = cli("reports", "catch-up")
    assert caught_up.exit_code == 0 and "Counted 5 changed tickets" in caught_up.output
    assert "Counted 0 changed tickets" in cli("reports", "catch-up").output
    incremental = rollup_rows()
    rebuilt = cli("reports", "rebuild", "--batch", "2")
    assert rebuilt.exit_code == 0 and "Counted 5 tickets" in rebuilt.output
    assert rollup_rows() == incremental and all(incremental)


def test_migration_0057_fills_the_by_group_tables_from_the_fine_ones(app: Flask, cli) -> None:  # type: ignore[no-untyped-def]
    add_three_days_of_tickets()
    cli("reports", "catch-up")
    counted = rollup_rows()
    db.session.remove()
    downgrade(revision="0057-1")
    upgrade()
    assert rollup_rows() == counted


def test_a_ticket_counts_for_ever_while_open_and_until_its_last_day_once_out() -> None:
    contributions = Contributions()
    contributions.add(date(2026, 11, 2), opened=1, open_delta=1)
    assert contributions.until_day() == FOREVER  # it stays in every later day's backlog
    contributions.add(date(2026, 11, 5), out=1, open_delta=-1)
    contributions.durations["2026-11-04"]["response_wall"] = 3
    assert contributions.until_day() == date(2026, 11, 5)
