"""The service desk's data offered to diagram form fields as choices: groups, categories, configuration items."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.cmdb.items import ci_named
from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.organisation.models import Group
from app.organisation.people import working_groups
from app.servicedesk.tickets.models import Category
from app.workflow.tasks.form_choices import ChoiceSource, FormChoices

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


def register_servicedesk_choices(choices: FormChoices) -> FormChoices:
    """Offer groups, categories and configuration items as the choices of diagram form fields."""
    choices.register("groups", ChoiceSource(group_options, group_exists, "group that works tickets",
                                            _l("Groups that work tickets")))
    choices.register("categories", ChoiceSource(category_options, category_exists, "category",
                                                _l("Ticket categories")))
    choices.register("configuration_items", ChoiceSource(ci_options, lambda name: ci_named(name) is not None,
                                                         "configuration item", _l("Configuration items")))
    return choices


def group_exists(name: str) -> bool:
    """Tell whether a group of that name exists and works tickets (a task may be handed to it)."""
    return name in working_groups()


def category_exists(value: str) -> bool:
    """Tell whether a value is the id of an existing category."""
    return value.isdigit() and db.session.get(Category, int(value)) is not None
