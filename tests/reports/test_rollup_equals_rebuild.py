"""The incremental roll-up equals one rebuilt from scratch after random ticket histories (fixed seed), in every table,
fine and by group, on both databases; and the tables read under category and priority filters add up to the by-group
ones (read without)."""
import random
from datetime import timedelta

from sqlalchemy import select, update

from app.extensions import db
from app.organisation.policies import ReportReach
from app.platform.transactions import use_case
from app.reports.reading import ReportFilter, Totals, read_totals
from app.reports.rollup import catch_up_all, catch_up_pass, rebuild, rollup_rows
from app.servicedesk.surveys.answers import RATED_ON_TICKET
from app.servicedesk.surveys.models import Survey
from app.servicedesk.tickets.models import Ticket
from tests.reports.conftest import add_ticket, at

GROUPS = ("service-desk", "second-line", "network")
KINDS = ("incident", "incident", "request", "problem", "change")


@use_case
def move_on(ticket_id: int, rng: random.Random, now_hours: int) -> None:
    """Change one ticket as its life goes on: answered, resolved, rated, reopened, forwarded or closed."""
    ticket = db.session.get(Ticket, ticket_id)
    assert ticket is not None
    now = at(2, 0) + timedelta(hours=now_hours)
    step = rng.choice(("respond", "resolve", "rate", "reopen", "forward", "close"))
    values: dict[str, object] = {"updated_at": now}
    if step == "respond" and ticket.responded_at is None:
        values["responded_at"] = now
    elif step == "resolve" and ticket.resolved_at is None:
        values.update(resolved_at=now, status="resolved")
    elif step == "rate" and ticket.resolved_at is not None:  # as the old rate step's handler keeps a rating
        survey = db.session.execute(select(Survey).where(Survey.ticket_id == ticket_id)).scalar_one_or_none()
        if survey is None:
            survey = Survey(ticket_id=ticket_id, requester="rita", status="skipped", reason=RATED_ON_TICKET,
                            decided_at=now)
            db.session.add(survey)
        survey.status, survey.score, survey.closed_at = "answered", rng.randint(1, 5), now
    elif step == "reopen" and ticket.resolved_at is not None:
        values.update(resolved_at=None, status="in_progress")
    elif step == "forward":
        values.update(assigned_group=rng.choice(GROUPS), reassignment_count=ticket.reassignment_count + 1)
    elif step == "close" and ticket.resolved_at is not None:
        values.update(closed_at=now, status="closed")
    db.session.execute(update(Ticket).where(Ticket.id == ticket_id).values(**values))


def test_incremental_rollup_equals_a_rebuild_after_random_histories(app) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(16)
    ids: list[int] = []
    for hour in range(0, 240, 5):
        created = at(2, 0) + timedelta(hours=hour)
        ids.append(add_ticket(f"T-{hour}", kind=rng.choice(KINDS), group=rng.choice(GROUPS),
                              priority=rng.choice(("P1", "P2", "P3")), created_at=created,
                              response_due_at=created + timedelta(hours=rng.randint(1, 8)),
                              resolution_due_at=created + timedelta(hours=rng.randint(8, 72)),
                              escalated_at=(created + timedelta(hours=2),) if rng.random() < 0.2 else ()))
        for _ in range(rng.randint(0, 3)):
            move_on(rng.choice(ids), rng, hour + 1)
        if rng.random() < 0.3:
            catch_up_pass(2, batch=7)  # the scheduler's bounded passes, at random moments, in small batches
    catch_up_all(batch=7)
    incremental = rollup_rows()
    assert all(incremental)
    rebuild(batch=11)
    assert rollup_rows() == incremental
    for first, last in ((at(1, 0).date(), at(30, 0).date()), (at(5, 0).date(), at(9, 0).date())):
        by_group = added_up([read_totals(ReportFilter(first, last), ReportReach(True))])
        for category in (None, 0):  # every ticket here has no category (0): the by-category and every-key tables
            assert added_up([read_totals(ReportFilter(first, last, None, category, priority), ReportReach(True))
                             for priority in ("P1", "P2", "P3")]) == by_group
        assert added_up([read_totals(ReportFilter(first, last, None, 0), ReportReach(True))]) == by_group


def added_up(parts: list[Totals]) -> tuple[dict[object, int], ...]:
    """Return the totals' counters, backlog and buckets summed over the parts, flat, without zeros."""
    counters: dict[object, int] = {}
    backlog: dict[object, int] = {}
    buckets: dict[object, int] = {}
    for totals in parts:
        for key, values in totals.counters.items():
            for name, value in values.items():
                counters[(key, name)] = counters.get((key, name), 0) + value
        for kind, pair in totals.backlog.items():
            for place, value in enumerate(pair):
                backlog[(kind, place)] = backlog.get((kind, place), 0) + value
        for key, counts in totals.histograms.items():
            for bucket, count in counts.items():
                buckets[(key, bucket)] = buckets.get((key, bucket), 0) + count
    return tuple({key: value for key, value in found.items() if value} for found in (counters, backlog, buckets))
