"""Read external tasks as operators and workers list them: filtered, sorted, paged, counted, or one by id."""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select

from app.extensions import db
from app.platform.errors import NotFound
from app.workflow.models import ExternalTask, ProcessInstance
from app.workflow.outside.external_tasks import ExternalTaskRecord, record_of, records

# The orders a list may take, by FlowDesk's name; each ends with the task id so that pages are stable.
SORT_COLUMNS: dict[str, Any] = {
    "id": ExternalTask.id,
    "created_at": ExternalTask.created_at,
    "lock_expires_at": ExternalTask.lock_expires_at,
    "instance_id": ExternalTask.instance_id,
    "process_id": ProcessInstance.process_id,
    "priority": ExternalTask.priority,
}


@dataclass(frozen=True)
class ExternalTaskFilter:
    """Which external tasks to read; None leaves a criterion out. locked is judged at `now`."""

    topic: str | None = None
    worker_id: str | None = None
    locked: bool | None = None
    instance_id: int | None = None
    retries_left: bool | None = None  # False: only those with an incident (retries 0)
    now: datetime | None = None


def filtered(query: Any, criteria: ExternalTaskFilter) -> Any:
    """Return the query narrowed to the tasks the criteria name."""
    if criteria.topic is not None:
        query = query.where(ExternalTask.topic == criteria.topic)
    if criteria.worker_id is not None:
        query = query.where(ExternalTask.worker_id == criteria.worker_id)
    if criteria.instance_id is not None:
        query = query.where(ExternalTask.instance_id == criteria.instance_id)
    if criteria.locked is not None and criteria.now is not None:
        held = and_(ExternalTask.lock_expires_at.is_not(None), ExternalTask.lock_expires_at > criteria.now)
        query = query.where(held if criteria.locked else ~held)
    if criteria.retries_left is not None:
        left = or_(ExternalTask.retries.is_(None), ExternalTask.retries > 0)
        query = query.where(left if criteria.retries_left else ~left)
    return query


def find_external_tasks(criteria: ExternalTaskFilter, sort: Sequence[tuple[str, bool]] = (),
                        limit: int = 1000, offset: int = 0) -> list[ExternalTaskRecord]:
    """Return external tasks matching the criteria, in the order asked ((name, ascending) pairs of
    SORT_COLUMNS), then oldest first; tasks without the sort key (no lock) come last."""
    order = []
    for name, ascending in sort:
        column = SORT_COLUMNS[name]
        order.append(column.asc().nulls_last() if ascending else column.desc().nulls_last())
    query = filtered(records(), criteria).order_by(*order, ExternalTask.created_at, ExternalTask.id)
    return [record_of(row) for row in db.session.execute(query.limit(limit).offset(offset))]


def count_external_tasks(criteria: ExternalTaskFilter) -> int:
    """Return how many external tasks match the criteria."""
    query = filtered(select(func.count(ExternalTask.id))
                     .join(ProcessInstance, ProcessInstance.id == ExternalTask.instance_id), criteria)
    return int(db.session.execute(query).scalar_one())


def get_external_task(task_id: str) -> ExternalTaskRecord:
    """Return one external task; NotFound if there is none with this id."""
    row = db.session.execute(records().where(ExternalTask.id == task_id)).first()
    if row is None:
        raise NotFound(f"External task {task_id} does not exist: the id is wrong, or the task was completed or "
                       "cancelled.")
    return record_of(row)
