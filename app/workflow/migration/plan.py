"""A migration plan: which instances of which version move to which version, how elements map, what timers do."""
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.platform.errors import InvalidValues, NotFound
from app.workflow.migration.variables import check_variable_names
from app.workflow.models import ProcessDefinition, ProcessInstance
from app.workflow.runtime import Runtime
from app.workflow.step import definition_for
from engine.migration import KEEP, RESTART, Element, active_elements, automatic_mapping, elements_of
from engine.runtime import Definition, Run

MIGRATABLE_STATUSES = ("running", "needs_attention")
CATEGORY_VARIABLE = "category"  # the instance variable the category filter reads (the ticket's category)


@dataclass(frozen=True)
class MigrationPlan:
    """What to move, and how: versions, a filter of instances, hand mappings, timer choices, variables to set."""

    process_id: str
    from_version: int
    to_version: int
    statuses: tuple[str, ...] = ("running",)
    at_step: str | None = None  # only instances at this element now
    category: str | None = None  # only instances whose `category` variable is this
    instance_ids: tuple[int, ...] = ()  # only these (none: every instance the filter keeps)
    by_hand: Mapping[str, str] = field(default_factory=dict)  # source element id -> target element id
    timers: Mapping[str, str] = field(default_factory=dict)  # target timer element id -> keep or restart
    timer_default: str = KEEP
    variables: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Versions:
    """The two versions of a plan, as stored and as parsed."""

    source_id: int
    target_id: int
    source: Definition
    target: Definition


@dataclass(frozen=True)
class MappingLine:
    """One element of the source version and where it goes."""

    element: Element
    target_id: str | None
    automatic: bool


def refuse(field_name: str, message: str) -> InvalidValues:
    """Return the error of a plan's field."""
    return InvalidValues(message, {field_name: [message]})


def version_id(process_id: str, version: int, field_name: str) -> int:
    """Return the stored id of a version of a process, refusing one that does not exist."""
    found = db.session.execute(select(ProcessDefinition.id).where(
        ProcessDefinition.process_id == process_id, ProcessDefinition.version == version)).scalar()
    if found is None:
        if db.session.execute(select(ProcessDefinition.id).where(
                ProcessDefinition.process_id == process_id)).first() is None:
            raise NotFound(f"No process '{process_id}' is deployed. Check its id on the process list.")
        raise refuse(field_name, f"Process '{process_id}' has no version {version}; choose a deployed version.")
    return int(found)


def load_versions(runtime: Runtime, plan: MigrationPlan) -> Versions:
    """Return the plan's two versions, parsed; refuse a plan whose versions are missing or the same."""
    source_id = version_id(plan.process_id, plan.from_version, "from_version")
    target_id = version_id(plan.process_id, plan.to_version, "to_version")
    if source_id == target_id:
        raise refuse("to_version", f"Version {plan.to_version} is the version the instances run; choose another "
                                   "version to move them to.")
    return Versions(source_id, target_id, definition_for(runtime, source_id), definition_for(runtime, target_id))


def plan_mapping(versions: Versions, plan: MigrationPlan) -> dict[str, str]:
    """Return the full element mapping of a plan (automatic, then by hand), after checking the whole plan."""
    source, target = elements_of(versions.source), elements_of(versions.target)
    for old, new in plan.by_hand.items():
        if old not in source:
            raise refuse("mapping", f"Version {plan.from_version} has no element '{old}'; map elements it has.")
        if new not in target:
            raise refuse("mapping", f"Version {plan.to_version} has no element '{new}' to map '{old}' to; "
                                    "choose one of its elements.")
    check_timer_choices(plan, target)
    check_filter(plan)
    return {**automatic_mapping(versions.source, versions.target), **plan.by_hand}


def check_timer_choices(plan: MigrationPlan, target: Mapping[str, Element]) -> None:
    """Refuse a timer choice that is not keep or restart, or names no timer of the target version."""
    for element_id, choice in {**plan.timers, "": plan.timer_default}.items():
        if choice not in (KEEP, RESTART):
            raise refuse("timers", f"'{choice}' is not a timer choice; say keep (the due time stays) or restart "
                                   "(the timer starts again with the new definition).")
        if element_id and (element_id not in target or target[element_id].timer is None):
            raise refuse("timers", f"Version {plan.to_version} has no timer '{element_id}'; choose among its timers.")


def check_filter(plan: MigrationPlan) -> None:
    """Refuse statuses that cannot move and variable names the diagram's expressions could not read."""
    for status in plan.statuses:
        if status not in MIGRATABLE_STATUSES:
            raise refuse("statuses", f"Instances that are {status} do not move; choose among "
                                     f"{', '.join(MIGRATABLE_STATUSES)}.")
    check_variable_names(plan.variables)


def mapping_lines(versions: Versions, mapping: Mapping[str, str], by_hand: Mapping[str, str]) -> list[MappingLine]:
    """Return every element of the source version with where it goes (None: nowhere), in element order."""
    return [MappingLine(element, mapping.get(element_id), element_id not in by_hand)
            for element_id, element in sorted(elements_of(versions.source).items())]


def timer_elements(versions: Versions) -> list[Element]:
    """Return the timer elements of the target version, each of which takes a keep or restart choice."""
    return [element for _, element in sorted(elements_of(versions.target).items()) if element.timer]


def restarted(versions: Versions, plan: MigrationPlan) -> frozenset[str]:
    """Return the target timer elements whose waiting timers start again."""
    return frozenset(element.id for element in timer_elements(versions)
                     if plan.timers.get(element.id, plan.timer_default) == RESTART)


def candidate_ids(plan: MigrationPlan, source_id: int) -> list[int]:
    """Return the ids of the source version's instances the plan's status and id filters keep, oldest first."""
    query = select(ProcessInstance.id).where(ProcessInstance.definition_id == source_id,
                                             ProcessInstance.status.in_(plan.statuses))
    if plan.instance_ids:
        query = query.where(ProcessInstance.id.in_(plan.instance_ids))
    return list(db.session.execute(query.order_by(ProcessInstance.id)).scalars())


def kept_by_filter(plan: MigrationPlan, run: Run) -> bool:
    """Say whether a loaded instance passes the plan's step and category filters."""
    if plan.at_step and plan.at_step not in active_elements(run):
        return False
    return not plan.category or str(run.variables().get(CATEGORY_VARIABLE)) == plan.category
