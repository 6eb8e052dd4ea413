"""The department tree: add, rename, move and delete departments, and count the people in each."""
from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.extensions import db
from app.organisation.models import Department, User
from app.organisation.policies import Actor, check_may_administer
from app.platform.errors import Conflict, InvalidValues, NotFound
from app.platform.transactions import use_case

MAX_NAME_LENGTH = 200


class DepartmentCycle(Conflict):
    """A department cannot move under itself or one of its own sub-departments."""


class DepartmentNotEmpty(Conflict):
    """A department with people or sub-departments cannot be deleted."""


@dataclass
class DepartmentNode:
    """A department in the tree, with the number of people directly in it."""

    id: int
    name: str
    parent_id: int | None
    people: int
    children: list["DepartmentNode"] = field(default_factory=list)

    @property
    def people_in_branch(self) -> int:
        """Count the people in this department and every department below it."""
        return self.people + sum(child.people_in_branch for child in self.children)

    def to_dict(self) -> dict[str, object]:
        """Return JSON-able data, children included."""
        return {"id": self.id, "name": self.name, "parent_id": self.parent_id, "people": self.people,
                "people_in_branch": self.people_in_branch, "children": [child.to_dict() for child in self.children]}


def department_tree() -> list[DepartmentNode]:
    """Return the top-level departments, each with its sub-departments, sorted by name."""
    counts = dict(db.session.execute(
        select(User.department_id, func.count()).where(User.department_id.is_not(None))
        .group_by(User.department_id)).all())
    nodes = {d.id: DepartmentNode(d.id, d.name, d.parent_id, counts.get(d.id, 0))
             for d in db.session.execute(select(Department).order_by(Department.name, Department.id)).scalars()}
    roots: list[DepartmentNode] = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id) if node.parent_id is not None else None
        (parent.children if parent else roots).append(node)
    return roots


def flatten_tree(roots: list[DepartmentNode], depth: int = 0) -> list[tuple[DepartmentNode, int]]:
    """Return every department in tree order with its depth (0 for the top level)."""
    flat: list[tuple[DepartmentNode, int]] = []
    for node in roots:
        flat.append((node, depth))
        flat.extend(flatten_tree(node.children, depth + 1))
    return flat


def subtree_ids(department_id: int) -> list[int]:
    """Return a department's id and the ids of every department below it."""
    children: dict[int | None, list[int]] = {}
    for row in db.session.execute(select(Department.id, Department.parent_id)):
        children.setdefault(row.parent_id, []).append(row.id)
    found, waiting = [], [department_id]
    while waiting:
        current = waiting.pop()
        found.append(current)
        waiting.extend(children.get(current, []))
    return found


def require_department(department_id: int) -> Department:
    """Return a department or raise NotFound."""
    department = db.session.get(Department, department_id)
    if department is None:
        raise NotFound(f"Department {department_id} does not exist; 'flowdesk departments list' shows the tree.")
    return department


def clean_name(name: str) -> str:
    """Return a department name without surrounding blanks, or raise InvalidValues."""
    name = name.strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        message = f"A department name needs 1 to {MAX_NAME_LENGTH} characters."
        raise InvalidValues(message, {"name": [message]})
    return name


@use_case
def add_department(actor: Actor, name: str, parent_id: int | None = None) -> Department:
    """Create a department under a parent (or at the top)."""
    check_may_administer(actor, "add a department")
    name = clean_name(name)
    if parent_id is not None:
        require_department(parent_id)
    department = Department(name=name, parent_id=parent_id)
    db.session.add(department)
    db.session.flush()
    return department


@use_case
def rename_department(actor: Actor, department_id: int, name: str) -> Department:
    """Give a department a new name."""
    check_may_administer(actor, "rename a department")
    department = require_department(department_id)
    department.name = clean_name(name)
    return department


@use_case
def move_department(actor: Actor, department_id: int, parent_id: int | None) -> Department:
    """Put a department under another parent (or at the top), refusing cycles."""
    check_may_administer(actor, "move a department")
    department = require_department(department_id)
    if parent_id is not None:
        require_department(parent_id)
        if parent_id in subtree_ids(department_id):
            raise DepartmentCycle(f"Department '{department.name}' cannot move under itself or one of its own "
                                  "sub-departments; choose a parent outside its branch.")
    department.parent_id = parent_id
    return department


@use_case
def delete_department(actor: Actor, department_id: int) -> str:
    """Delete a department that has neither people nor sub-departments; return its name."""
    check_may_administer(actor, "delete a department")
    department = require_department(department_id)
    people = db.session.execute(
        select(func.count()).select_from(User).where(User.department_id == department_id)).scalar_one()
    children = db.session.execute(
        select(func.count()).select_from(Department).where(Department.parent_id == department_id)).scalar_one()
    if people or children:
        raise DepartmentNotEmpty(f"Department '{department.name}' still has {people} people and {children} "
                                 "sub-departments; move them elsewhere before deleting it.")
    name = department.name
    db.session.delete(department)
    return name
