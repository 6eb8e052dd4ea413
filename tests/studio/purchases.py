"""Helpers of the migration tests: the purchases fixture's diagrams live in tests/diagrams/migration_v*.bpmn."""
from sqlalchemy import select

from app.extensions import db
from app.workflow.models import UserTask

V1_TO_V2 = {"process_id": "purchase", "from_version": 1, "to_version": 2}


def open_task(instance_id: int) -> UserTask:
    """Return the one open task of an instance."""
    task = db.session.execute(select(UserTask).where(UserTask.instance_id == instance_id)).scalar_one()
    db.session.rollback()
    return task
