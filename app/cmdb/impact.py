"""Relations between configuration items and the impact view: what fails when a CI fails."""
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Integer, Select, Table, and_, bindparam, delete, func, literal, or_, select, tuple_

from app.cmdb.items import check_cmdb_editor, require_ci
from app.cmdb.models import CiRelation, CiType, ConfigurationItem
from app.extensions import db
from app.organisation.policies import Actor
from app.platform.errors import Conflict, InvalidValues, NotFound
from app.platform.transactions import use_case

RELATION_KINDS = ("depends_on", "runs_on", "connected_to")
IMPACT_KINDS = ("depends_on", "runs_on")  # if A depends on / runs on B, A is impacted when B fails
IMPACT_MAX_DEPTH = 30  # cuts cycles: a CI reached again one level deeper is not followed forever
IMPACT_PAGE_MAX = 500
RELATION_DIRECTIONS = ("outgoing", "incoming")  # outgoing: the CI is the source ("depends on" ...)
RELATION_PAGE_MAX = 500

RELATION = cast(Table, CiRelation.__table__)
ITEM = cast(Table, ConfigurationItem.__table__)
TYPE = cast(Table, CiType.__table__)


def build_impact_query() -> Select[Any]:
    """Build the impact view: one recursive CTE over reversed edges, then the shortest depth of each CI.

    UNION (not UNION ALL) drops a (CI, depth) pair already produced, so each level adds at most one row
    per CI, and the depth cap ends cycles: the walk costs at most CIs x IMPACT_MAX_DEPTH rows. A cycle
    through the examined CI (the usual one) is cut at once: the walk never re-enters that CI.
    """
    kinds = RELATION.c.kind.in_(IMPACT_KINDS)
    walk = (select(RELATION.c.source_id.label("ci_id"), literal(1).label("depth"))
            .where(RELATION.c.target_id == bindparam("ci_id"), kinds)
            .cte("impact_walk", recursive=True))
    walk = walk.union(
        select(RELATION.c.source_id, walk.c.depth + 1)
        .join(walk, RELATION.c.target_id == walk.c.ci_id)
        .where(kinds, walk.c.depth < IMPACT_MAX_DEPTH, RELATION.c.source_id != bindparam("ci_id")))
    shortest = (select(walk.c.ci_id, func.min(walk.c.depth).label("depth"))
                .group_by(walk.c.ci_id).subquery("impact"))
    after_depth, after_id = bindparam("after_depth", type_=Integer), bindparam("after_id", type_=Integer)
    return (select(ITEM.c.id, ITEM.c.name, TYPE.c.name.label("type_name"), ITEM.c.status, ITEM.c.owner_group,
                   shortest.c.depth)
            .join(ITEM, ITEM.c.id == shortest.c.ci_id).join(TYPE, TYPE.c.id == ITEM.c.type_id)
            .where(or_(shortest.c.depth > after_depth, and_(shortest.c.depth == after_depth, ITEM.c.id > after_id)))
            .order_by(shortest.c.depth, ITEM.c.id).limit(bindparam("limit")))


IMPACT_QUERY = build_impact_query()


@dataclass(frozen=True)
class ImpactedCi:
    """A CI that fails when the examined one fails, and how many relations away it is (shortest path)."""

    id: int
    name: str
    type_name: str
    status: str
    owner_group: str | None
    depth: int


@dataclass(frozen=True)
class ImpactPage:
    """One page of the impact view, nearest CIs first; pass next_after back for the following page."""

    items: list[ImpactedCi]
    next_after: tuple[int, int] | None


def list_impacted_cis(ci_id: int, after: tuple[int, int] | None = None, limit: int = 100) -> ImpactPage:
    """Return what depends on a CI, transitively, by depth then id, one page at a time."""
    require_ci(ci_id)
    limit = max(1, min(limit, IMPACT_PAGE_MAX))
    after_depth, after_id = after or (0, 0)
    rows = db.session.connection().execute(
        IMPACT_QUERY, {"ci_id": ci_id, "after_depth": after_depth, "after_id": after_id, "limit": limit + 1}).all()
    items = [ImpactedCi(row.id, row.name, row.type_name, row.status, row.owner_group, row.depth)
             for row in rows[:limit]]
    next_after = (items[-1].depth, items[-1].id) if len(rows) > limit else None
    return ImpactPage(items, next_after)


def find_relation(source_id: int, target_id: int, kind: str) -> CiRelation | None:
    """Return a relation, if it exists."""
    return db.session.execute(select(CiRelation).where(
        CiRelation.source_id == source_id, CiRelation.target_id == target_id, CiRelation.kind == kind)
    ).scalar_one_or_none()


@use_case
def add_relation(actor: Actor, source_id: int, target_id: int, kind: str) -> None:
    """Record that source depends on / runs on / is connected to target."""
    check_cmdb_editor(actor)
    if kind not in RELATION_KINDS:
        message = f"The relation '{kind}' is unknown; use one of: {', '.join(RELATION_KINDS)}."
        raise InvalidValues(message, {"kind": [message]})
    if source_id == target_id:
        message = "A configuration item cannot be related to itself; choose another target."
        raise InvalidValues(message, {"target_id": [message]})
    source, target = require_ci(source_id), require_ci(target_id)
    if find_relation(source_id, target_id, kind) is not None:
        raise Conflict(f"'{source.name}' already has the relation {kind} to '{target.name}'.")
    db.session.add(CiRelation(source_id=source_id, target_id=target_id, kind=kind))


@use_case
def remove_relation(actor: Actor, source_id: int, target_id: int, kind: str) -> None:
    """Delete a relation."""
    check_cmdb_editor(actor)
    result = db.session.execute(delete(CiRelation).where(
        CiRelation.source_id == source_id, CiRelation.target_id == target_id, CiRelation.kind == kind))
    if not result.rowcount:  # type: ignore[attr-defined]
        raise NotFound(f"There is no {kind} relation from CI {source_id} to CI {target_id}.")


@dataclass(frozen=True)
class RelatedCi:
    """The CI at the other end of a relation, and the relation's kind."""

    kind: str
    id: int
    name: str
    type_name: str
    status: str


@dataclass(frozen=True)
class RelationPage:
    """One page of a CI's relations in one direction; pass next_after back for the following page."""

    items: list[RelatedCi]
    next_after: tuple[str, str, int] | None


def list_relations(ci_id: int, direction: str, after: tuple[str, str, int] | None = None,
                   limit: int = 50) -> RelationPage:
    """Return the relations of a CI by kind, then the other CI's name and id, one page at a time.

    outgoing: what the CI depends on, runs on or is connected to; incoming: what has such a relation to it.
    """
    if direction not in RELATION_DIRECTIONS:
        raise ValueError(f"direction is one of {RELATION_DIRECTIONS}, not {direction!r}")
    require_ci(ci_id)
    outgoing = direction == "outgoing"
    this, other = ((RELATION.c.source_id, RELATION.c.target_id) if outgoing
                   else (RELATION.c.target_id, RELATION.c.source_id))
    query = (select(RELATION.c.kind, ITEM.c.id, ITEM.c.name, TYPE.c.name.label("type_name"), ITEM.c.status)
             .join(ITEM, ITEM.c.id == other).join(TYPE, TYPE.c.id == ITEM.c.type_id).where(this == ci_id))
    if after is not None:
        query = query.where(tuple_(RELATION.c.kind, ITEM.c.name, ITEM.c.id) > tuple_(*after))
    limit = max(1, min(limit, RELATION_PAGE_MAX))
    rows = db.session.execute(query.order_by(RELATION.c.kind, ITEM.c.name, ITEM.c.id).limit(limit + 1)).all()
    items = [RelatedCi(row.kind, row.id, row.name, row.type_name, row.status) for row in rows[:limit]]
    next_after = (items[-1].kind, items[-1].name, items[-1].id) if len(rows) > limit else None
    return RelationPage(items, next_after)
