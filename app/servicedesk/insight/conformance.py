"""The cases of a version that needed an intervention or left the plain run, per period, for the insight page
and its CSV export.

A case left the plain run when it was retried, edited, migrated, cancelled, failed, had a task reassigned
(forwarded), came back to an element it had passed (rework), or its ticket missed its resolution target.
"""
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Select, Table, or_, select

from app.extensions import db
from app.organisation.policies import Actor, check_may_see_process_insight
from app.servicedesk.insight.period import InsightFilter
from app.servicedesk.insight.report import TICKETS, breached, choose_version
from app.servicedesk.search.export import BYTE_ORDER_MARK, csv_text
from app.workflow.insight.counts import CASES
from app.workflow.models import ProcessInstance

INSTANCES = cast(Table, ProcessInstance.__table__)
PAGE_LIMIT = 200
REWORK, SLA_BREACHED = "rework", "sla_breached"


@dataclass(frozen=True)
class OffPathCase:
    """One case that needed an intervention or left the plain run, and why."""

    instance_id: int
    business_key: str | None
    started_on: date
    status: str
    reasons: list[str]  # retry, cancellation, migration, edit, failure, reassignment, rework, sla_breached
    rework_start: str | None

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-able data."""
        return {"instance_id": self.instance_id, "business_key": self.business_key,
                "started_on": self.started_on.isoformat(), "status": self.status, "reasons": self.reasons,
                "rework_start": self.rework_start}


def off_path_query(definition_id: int, period: InsightFilter, now: datetime) -> Select[Any]:
    """Return the query of a version's cases off the plain run in a period, oldest first."""
    late = breached(now)
    return (select(CASES.c.instance_id, INSTANCES.c.business_key, CASES.c.started_on, CASES.c.status,
                   CASES.c.off_path, CASES.c.repeats, CASES.c.rework_start, late.label("breached"))
            .select_from(CASES.join(INSTANCES, INSTANCES.c.id == CASES.c.instance_id)
                         .outerjoin(TICKETS, TICKETS.c.instance_id == CASES.c.instance_id))
            .where(CASES.c.definition_id == definition_id, period.matching(CASES, "started_on"),
                   or_(CASES.c.off_path != "", CASES.c.repeats > 0, late == 1))
            .order_by(CASES.c.started_on, CASES.c.instance_id))


def off_path_case(row: Any) -> OffPathCase:
    """Return one row of off_path_query as a case and its reasons."""
    reasons = [label for label in row.off_path.split(",") if label]
    if row.repeats:
        reasons.append(REWORK)
    if row.breached:
        reasons.append(SLA_BREACHED)
    return OffPathCase(row.instance_id, row.business_key, row.started_on, row.status, reasons, row.rework_start)


def list_off_path_cases(actor: Actor, process_id: str, version: int | None, period: InsightFilter, now: datetime,
                        limit: int | None = PAGE_LIMIT) -> tuple[list[OffPathCase], bool]:
    """Return a version's cases off the plain run in a period (at most limit) and whether there are more."""
    check_may_see_process_insight(actor, f"list the cases of process '{process_id}' that left the plain run")
    query = off_path_query(choose_version(process_id, version).definition_id, period, now)
    if limit is not None:
        query = query.limit(limit + 1)
    found = [off_path_case(row) for row in db.session.execute(query)]
    if limit is not None and len(found) > limit:
        return found[:limit], True
    return found, False


CSV_HEADER = ("instance", "ticket", "started_on", "status", "reasons", "rework_starts_at", "replay")


def off_path_csv(actor: Actor, process_id: str, version: int | None, period: InsightFilter, now: datetime) -> str:
    """Return every case off the plain run as CSV text (UTF-8 with a byte order mark), each with its replay."""
    cases, _ = list_off_path_cases(actor, process_id, version, period, now, limit=None)
    rows = [[found.instance_id, found.business_key, found.started_on.isoformat(), found.status,
             " ".join(found.reasons), found.rework_start, replay_path(found.instance_id)] for found in cases]
    return BYTE_ORDER_MARK + csv_text([CSV_HEADER, *rows])


def replay_path(instance_id: int) -> str:
    """Return the path of a case's replay page (issue 14's /instances/<id>/replay)."""
    return f"/instances/{instance_id}/replay"
