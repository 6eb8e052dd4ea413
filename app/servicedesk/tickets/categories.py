"""The category tree of tickets: which process a category starts, its default group and SLA policy."""
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.platform.errors import Conflict, InvalidValues, NotFound
from app.platform.transactions import use_case
from app.servicedesk.tickets.models import Category
from app.workflow.catalog import latest_definition

CATEGORY_FIELDS = ("name", "parent_id", "process_id", "default_group", "sla_policy", "requires_approval",
                   "closed_reply_policy")
# What a mail replying to a closed ticket of the category does (app/servicedesk/intake): open a new linked ticket
# (the default, also for None) or refuse it with a polite reply.
CLOSED_REPLY_POLICIES = ("new", "refuse")


@dataclass
class CategoryNode:
    """A category with its children, for showing the tree."""

    id: int
    name: str
    process_id: str | None
    default_group: str | None
    sla_policy: str | None
    requires_approval: bool
    children: list["CategoryNode"] = field(default_factory=list)


def require_category(category_id: int) -> Category:
    """Return a category or raise NotFound."""
    category = db.session.get(Category, category_id)
    if category is None:
        raise NotFound(f"There is no category {category_id}; choose one from the category tree.")
    return category


def category_name(category_id: int | None) -> str | None:
    """Return the name of a category, or None for no category or an unknown one."""
    if category_id is None:
        return None
    category = db.session.get(Category, category_id)
    return category.name if category is not None else None


def check_name(name: str, parent_id: int | None, category_id: int | None) -> str:
    """Return the cleaned name; refuse a blank one or one a sibling already has."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidValues("A category needs a name of 1 to 100 characters.", {"name": ["Enter a name."]})
    sibling = db.session.execute(select(Category.id).where(
        Category.name == name, Category.parent_id.is_(None) if parent_id is None else Category.parent_id == parent_id,
    )).scalar_one_or_none()
    if sibling is not None and sibling != category_id:
        raise Conflict(f"The category '{name}' already exists at this place of the tree; choose another name.")
    return name


def check_parent(parent_id: int | None, category_id: int | None) -> None:
    """Refuse an unknown parent, and a parent that would put a category below itself."""
    while parent_id is not None:
        if parent_id == category_id:
            raise Conflict("A category cannot be moved below itself or one of its children; choose another parent.")
        parent_id = require_category(parent_id).parent_id


def check_process(process_id: str | None) -> None:
    """Refuse a process that is not deployed: tickets of the category could not start it."""
    if process_id and latest_definition(process_id) is None:
        raise InvalidValues(
            f"No process '{process_id}' is deployed, so tickets of this category could not start; deploy it first "
            "or choose a deployed process.", {"process_id": [f"No process '{process_id}' is deployed."]})


def check_closed_reply_policy(policy: str | None) -> None:
    """Refuse an unknown policy for replies to closed tickets."""
    if policy and policy not in CLOSED_REPLY_POLICIES:
        raise InvalidValues(f"The policy '{policy}' for replies to closed tickets is unknown; use one of "
                            f"{', '.join(CLOSED_REPLY_POLICIES)}.", {"closed_reply_policy": ["Unknown policy."]})


@use_case
def create_category(name: str, parent_id: int | None = None, process_id: str | None = None,
                    default_group: str | None = None, sla_policy: str | None = None,
                    requires_approval: bool = False, closed_reply_policy: str | None = None) -> Category:
    """Add a category to the tree."""
    check_parent(parent_id, None)
    check_closed_reply_policy(closed_reply_policy)
    name = check_name(name, parent_id, None)
    check_process(process_id)
    category = Category(name=name, parent_id=parent_id,
                        process_id=process_id or None, default_group=default_group or None,
                        sla_policy=sla_policy or None, requires_approval=requires_approval,
                        closed_reply_policy=closed_reply_policy or None)
    db.session.add(category)
    db.session.flush()
    return category


@use_case
def update_category(category_id: int, **values: Any) -> Category:
    """Change some fields of a category (name, parent_id, process_id, default_group, sla_policy, requires_approval)."""
    unknown = sorted(set(values) - set(CATEGORY_FIELDS))
    if unknown:
        raise InvalidValues(f"A category has no field {', '.join(unknown)}; remove it.",
                            {name: ["Unknown field."] for name in unknown})
    category = require_category(category_id)
    parent_id = values.get("parent_id", category.parent_id)
    check_parent(parent_id, category.id)
    values["name"] = check_name(values.get("name", category.name), parent_id, category.id)
    if "process_id" in values:
        check_process(values["process_id"])
    check_closed_reply_policy(values.get("closed_reply_policy"))
    for name, value in values.items():
        setattr(category, name, value if value != "" else None)
    return category


def category_tree() -> list[CategoryNode]:
    """Return the root categories with their descendants, each level sorted by name."""
    rows = db.session.execute(select(Category).order_by(Category.name, Category.id)).scalars().all()
    nodes = {row.id: CategoryNode(row.id, row.name, row.process_id, row.default_group, row.sla_policy,
                                  row.requires_approval) for row in rows}
    roots = []
    for row in rows:
        if row.parent_id is None:
            roots.append(nodes[row.id])
        else:
            nodes[row.parent_id].children.append(nodes[row.id])
    return roots
