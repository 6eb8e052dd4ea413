"""What the insight's filters offer: the ticket categories, priorities and groups."""
from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.organisation.models import Group
from app.service_levels.priority import DEFAULT_PRIORITY_CODES
from app.servicedesk.tickets.models import Category


@dataclass(frozen=True)
class FilterChoices:
    """The values each filter offers: (value, label) pairs."""

    categories: list[tuple[str, str]]
    priorities: list[tuple[str, str]]
    groups: list[tuple[str, str]]


def filter_choices() -> FilterChoices:
    """Return the categories, priorities and groups the insight can be filtered by."""
    categories = [(str(row.id), row.name) for row in db.session.execute(
        select(Category.id, Category.name).order_by(Category.name, Category.id))]
    groups = [(row.name, row.display_name or row.name) for row in db.session.execute(
        select(Group.name, Group.display_name).order_by(Group.name))]
    return FilterChoices(categories, [(code, code) for code in DEFAULT_PRIORITY_CODES], groups)
