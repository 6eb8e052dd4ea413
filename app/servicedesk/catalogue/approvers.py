"""Who approves a level of a request, by rule from organisation data: every kind of rule is resolved here.

A rule names where the approvers come from: `line_manager` (the requester's manager, else her department's
head), `department_head` (the head of her department, or of the one above when she heads it herself),
`cost_centre_owner` (the owner of her cost centre, her own or her department's), `ci_owner` (the person who owns the
CI or service the request is about, else the leads of its owning group) or `group:NAME` (the members of a group).

A requester never approves her own request, nor does whoever ordered it for her: they are struck from every answer
here, before any approval task is created. A rule whose answer is then empty falls back to
the next one up the organisation (manager, then head, then the managers group), so a level always has an approver.
"""
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.organisation.models import CostCentre, Department, Group, Membership, User
from app.platform.trees import up_the_tree
from app.servicedesk.catalogue.models import CatalogueApproval
from app.workflow.models import UserTask

RULES = ("line_manager", "department_head", "cost_centre_owner", "ci_owner")
GROUP_PREFIX = "group:"
FALLBACK_GROUP = "managers"
FALLBACKS = {"line_manager": "department_head", "department_head": "fallback_group",
             "cost_centre_owner": "department_head", "ci_owner": "department_head"}


class RuleRefused(ValueError):
    """An approval rule that is unknown, or that finds nobody who may approve."""


@dataclass(frozen=True)
class OrganisationFacts:
    """What the rules read of the organisation around one requester (logins; empty where nobody is named)."""

    manager: str | None = None
    department_heads: tuple[str, ...] = ()  # her department's head first, then those above it
    cost_centre_owner: str | None = None
    ci_owners: tuple[str, ...] = ()
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)  # members of the groups rules name


def check_rule(rule: str) -> str:
    """Return a rule as written, or raise RuleRefused naming the rules there are."""
    if rule in RULES or (rule.startswith(GROUP_PREFIX) and len(rule) > len(GROUP_PREFIX)):
        return rule
    raise RuleRefused(f"There is no approval rule '{rule}'; use one of {', '.join(RULES)} or group:NAME.")


def candidates_by_rule(rule: str, facts: OrganisationFacts) -> list[str]:
    """Return who a rule names, before anyone is struck (pure)."""
    if rule == "line_manager":
        return [facts.manager] if facts.manager else []
    if rule == "department_head":
        return list(facts.department_heads)
    if rule == "cost_centre_owner":
        return [facts.cost_centre_owner] if facts.cost_centre_owner else []
    if rule == "ci_owner":
        return list(facts.ci_owners)
    if rule == "fallback_group":
        return list(facts.groups.get(FALLBACK_GROUP, ()))
    return list(facts.groups.get(rule.removeprefix(GROUP_PREFIX), ()))


def pick_approvers(rule: str, facts: OrganisationFacts, excluded: Collection[str]) -> list[str]:
    """Return the approvers of a rule, never anyone excluded, falling back up the organisation when none is left.

    department_head takes the nearest head who is not excluded; the other rules take everyone they name.
    """
    current: str | None = check_rule(rule)
    while current is not None:
        named = [login for login in dict.fromkeys(candidates_by_rule(current, facts)) if login not in excluded]
        if named:
            return named[:1] if current == "department_head" else named
        current = FALLBACKS.get(current) or ("fallback_group" if current != "fallback_group" else None)
    raise RuleRefused(f"Nobody may approve by the rule '{rule}': everyone it names is the requester or ordered the "
                      f"request. Name a line manager, a department head or members of the {FALLBACK_GROUP} group.")


def organisation_facts(requester: str, rule: str, ci_name: str | None = None) -> OrganisationFacts:
    """Read the organisation facts the rule (and its fallbacks) need for a requester."""
    person = db.session.execute(select(User).where(User.login == requester)).scalar_one_or_none()
    heads = department_heads(person.department_id if person else None)
    groups = {FALLBACK_GROUP: members_of(FALLBACK_GROUP)}
    if rule.startswith(GROUP_PREFIX):
        groups[rule.removeprefix(GROUP_PREFIX)] = members_of(rule.removeprefix(GROUP_PREFIX))
    return OrganisationFacts(manager=person.manager_login if person else None, department_heads=heads,
                             cost_centre_owner=cost_centre_owner(person), ci_owners=ci_owners(ci_name),
                             groups=groups)


def department_heads(department_id: int | None) -> tuple[str, ...]:
    """Return the heads of a department and of those above it, nearest first."""
    return tuple(department.head_login for department in up_the_tree(Department, department_id)
                 if department.head_login)


def cost_centre_of(person: User | None) -> str | None:
    """Return the cost centre a person books to: her own, else the nearest of her department and those above."""
    if person is None:
        return None
    if person.cost_centre:
        return person.cost_centre
    return next((department.cost_centre for department in up_the_tree(Department, person.department_id)
                 if department.cost_centre), None)


def cost_centre_owner(person: User | None) -> str | None:
    """Return the owner of the person's cost centre, or None."""
    code = cost_centre_of(person)
    if code is None:
        return None
    return db.session.execute(select(CostCentre.owner_login).where(CostCentre.code == code)).scalar()


def ci_owners(ci_name: str | None) -> tuple[str, ...]:
    """Return who owns a CI by name: its owning person, else the leads of its owning group."""
    if not ci_name:
        return ()
    item = db.session.execute(select(ConfigurationItem).where(ConfigurationItem.name == ci_name)
                              .order_by(ConfigurationItem.id)).scalars().first()
    if item is None:
        return ()
    if item.owner_login:
        return (item.owner_login,)
    return tuple(members_of(item.owner_group, leads_only=True)) if item.owner_group else ()


def members_of(group: str, leads_only: bool = False) -> tuple[str, ...]:
    """Return the logins of a group's active members (or of its leads), by login."""
    query = select(User.login).join(Membership, Membership.user_id == User.id) \
        .join(Group, Group.id == Membership.group_id).where(Group.name == group, User.active.is_(True))
    if leads_only:
        query = query.where(Membership.is_lead.is_(True))
    return tuple(db.session.execute(query.order_by(User.login)).scalars())


def open_approval_task(ticket_id: int, instance_id: int | None, login: str) -> str | None:
    """Return the id of the request's open approval task that a person holds now (as approver or delegate)."""
    levels = select(CatalogueApproval.element_id).where(CatalogueApproval.ticket_id == ticket_id)
    return db.session.execute(select(UserTask.id).where(
        UserTask.instance_id == instance_id, UserTask.element_id.in_(levels), UserTask.assignee == login)
        .order_by(UserTask.created_at)).scalars().first()


def resolve_approvers(rule: str, requester: str, excluded: Sequence[str], ci_name: str | None = None) -> list[str]:
    """Return the approvers of a level by its rule for a requester, never the requester or anyone excluded."""
    facts = organisation_facts(requester, check_rule(rule), ci_name)
    return pick_approvers(rule, facts, {requester, *excluded})
