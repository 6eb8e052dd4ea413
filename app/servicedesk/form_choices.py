"""Form fields whose values come from FlowDesk's own data (camunda:property id="choices").

An enum field gets its options from the data when it is shown and checked; a string field keeps free
text that must name an existing record (a configuration item by name, say), checked on submission.
"""
import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import select

from app.cmdb.items import ci_named
from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.organisation.models import Group
from app.organisation.people import working_groups
from app.servicedesk.models import Category
from engine.views import FieldSpec

MAX_ENUM_CHOICES = 1000  # a select longer than this is no help; use a string field with choices instead


def group_options() -> tuple[tuple[str, str], ...]:
    """Return the groups that work tickets as (name, display name): a form forwards work only to them.

    Which groups work tickets is app.organisation.policies.group_works_tickets; the requesters' group is not
    one, so a task form cannot forward an incident there (the completion refuses it, not only the page).
    """
    working = working_groups()
    rows = db.session.execute(select(Group.name, Group.display_name).order_by(Group.name)).all()
    return tuple((name, display or name) for name, display in rows if name in working)


def category_options() -> tuple[tuple[str, str], ...]:
    """Return every category as (id, its path such as 'Hardware / Laptop'), sorted by path."""
    rows = {row.id: row for row in db.session.execute(select(Category)).scalars()}

    def path(category: Category) -> str:
        names, seen = [category.name], {category.id}
        while category.parent_id in rows and category.parent_id not in seen:
            category = rows[category.parent_id]
            seen.add(category.id)
            names.append(category.name)
        return " / ".join(reversed(names))
    return tuple(sorted(((str(row.id), path(row)) for row in rows.values()), key=lambda option: option[1]))


def ci_options() -> tuple[tuple[str, str], ...]:
    """Return configuration items as (name, name), at most MAX_ENUM_CHOICES of them."""
    names = db.session.execute(select(ConfigurationItem.name).order_by(ConfigurationItem.name)
                               .limit(MAX_ENUM_CHOICES)).scalars()
    return tuple((name, name) for name in names)


SOURCES: Mapping[str, Callable[[], tuple[tuple[str, str], ...]]] = {
    "groups": group_options, "categories": category_options, "configuration_items": ci_options,
}
# string fields: whether a submitted value names an existing record
EXISTS: Mapping[str, Callable[[str], bool]] = {
    "groups": lambda value: value in working_groups(),
    "categories": lambda value: value.isdigit() and db.session.get(Category, int(value)) is not None,
    "configuration_items": lambda value: ci_named(value) is not None,
}
NAMES = {"groups": "group that works tickets", "categories": "category", "configuration_items": "configuration item"}


def live_fields(fields: Sequence[FieldSpec]) -> tuple[FieldSpec, ...]:
    """Return the fields with each data-backed enum's options read from the database now."""
    return tuple(dataclasses.replace(spec, options=SOURCES[spec.choices]())
                 if spec.choices is not None and spec.choices in SOURCES and spec.type == "enum" else spec
                 for spec in fields)


def lookup_errors(fields: Sequence[FieldSpec], clean: Mapping[str, Any]) -> dict[str, list[str]]:
    """Return an error for every data-backed string field whose value names no existing record."""
    errors: dict[str, list[str]] = {}
    for spec in fields:
        value = clean.get(spec.id)
        if spec.type != "string" or spec.choices is None or spec.choices not in EXISTS or spec.readonly or not value:
            continue
        if not EXISTS[spec.choices](str(value)):
            errors[spec.id] = [f"There is no {NAMES[spec.choices]} called '{value}'; check the spelling or "
                               "leave it empty."]
    return errors
