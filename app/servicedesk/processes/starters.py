"""What starts each process on the service desk: the ticket categories that name it, the ticket kind it serves by
default, and the portal's catalogue with who may start it there."""
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.servicedesk.intake.mailboxes import TICKET_KINDS
from app.servicedesk.portal.catalogue import TICKET_FORM_PROCESSES
from app.servicedesk.tickets.models import Category
from app.workflow.catalog import latest_definition
from app.workflow.diagram_text import text_of_definition


@dataclass(frozen=True)
class ProcessStarters:
    """The ways one process is started from the service desk."""

    categories: list[str]  # category paths, "Parent / Child"
    ticket_kind: str | None  # tickets of this kind start it when their category names no process
    ticket_form: bool  # its catalogue card opens the full ticket form rather than its own start form
    starter_groups: list[str]  # camunda:candidateStarterGroups: only they see it in the catalogue
    starter_users: list[str]


def category_paths() -> dict[str, list[str]]:
    """Return process id -> the paths of the categories that start it."""
    rows = db.session.execute(select(Category.id, Category.name, Category.parent_id, Category.process_id)).all()
    by_id = {row.id: row for row in rows}
    found: dict[str, list[str]] = {}
    for row in rows:
        if row.process_id:
            found.setdefault(row.process_id, []).append(path_of(row.id, by_id))
    return {process_id: sorted(paths) for process_id, paths in found.items()}


def path_of(category_id: int, by_id: dict[int, Any]) -> str:
    """Return a category's name with its parents', outermost first."""
    names: list[str] = []
    current = by_id.get(category_id)
    while current is not None and len(names) < len(by_id):
        names.insert(0, current.name)
        current = by_id.get(current.parent_id)
    return " / ".join(names)


def starters_of(process_ids: list[str]) -> dict[str, ProcessStarters]:
    """Return what starts each of these deployed processes."""
    paths = category_paths()
    return {process_id: starters_of_one(process_id, paths.get(process_id, [])) for process_id in process_ids}


def starters_of_one(process_id: str, categories: list[str]) -> ProcessStarters:
    """Return what starts one deployed process."""
    text = text_of_definition(latest_definition(process_id).id)
    return ProcessStarters(categories, process_id if process_id in TICKET_KINDS else None,
                           process_id in TICKET_FORM_PROCESSES, sorted(text.starter_groups), sorted(text.starter_users))
