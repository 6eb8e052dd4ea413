"""The open tasks that wait for one person alone: what an administrator hands on before the person leaves."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select

from app.extensions import db
from app.workflow.models import ProcessInstance, UserTask, UserTaskCandidate


@dataclass(frozen=True)
class PersonalTask:
    """An open task that waits for one person: assigned to them, or offered to them by name and unclaimed."""

    id: str
    name: str
    process_id: str
    instance_id: int
    business_key: str | None
    due_at: datetime | None
    assigned: bool


def list_personal_tasks(login: str, limit: int = 200) -> list[PersonalTask]:
    """Return the open tasks only this person can move on (for reassignment when they leave)."""
    offered_by_name = select(UserTaskCandidate.task_id).where(
        UserTaskCandidate.kind == "user", UserTaskCandidate.name == login)
    rows = db.session.execute(
        select(UserTask, ProcessInstance.process_id, ProcessInstance.business_key)
        .join(ProcessInstance, ProcessInstance.id == UserTask.instance_id)
        .where(or_(UserTask.assignee == login, and_(UserTask.assignee.is_(None), UserTask.id.in_(offered_by_name))))
        .order_by(UserTask.created_at, UserTask.id).limit(limit)).all()
    return [PersonalTask(task.id, task.name, process_id, task.instance_id, key, task.due_at, task.assignee == login)
            for task, process_id, key in rows]
