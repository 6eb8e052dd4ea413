"""The CIs near a CI on the impact graph, both ways, within a few relations: what a change there may disturb."""
from collections.abc import Iterable

from sqlalchemy import or_, select

from app.cmdb.impact import IMPACT_KINDS, RELATION
from app.extensions import db

MAX_NEIGHBOURS = 5_000  # a walk stops widening past this many CIs: a hub's whole estate is not "related"


def cis_within(ci_ids: Iterable[int], hops: int) -> dict[int, dict[int, int]]:
    """Return, for each CI, the CIs within `hops` impact relations of it (either direction) and their distance.

    One query per hop and CI, on the two relation indexes (source first, target first); a CI is reached at its
    shortest distance and never walked again.
    """
    return {ci_id: walk_from(ci_id, hops) for ci_id in sorted(set(ci_ids))}


def walk_from(ci_id: int, hops: int) -> dict[int, int]:
    """Return the CIs within `hops` relations of one CI (itself excluded) with their shortest distance."""
    seen: dict[int, int] = {ci_id: 0}
    frontier = {ci_id}
    for depth in range(1, hops + 1):
        if not frontier or len(seen) > MAX_NEIGHBOURS:
            break
        frontier = {other for other in neighbours_of(frontier) if other not in seen}
        for other in frontier:
            seen[other] = depth
    del seen[ci_id]
    return seen


def neighbours_of(ci_ids: set[int]) -> set[int]:
    """Return the CIs one impact relation away from any of these, either direction."""
    ids = sorted(ci_ids)
    query = (select(RELATION.c.source_id, RELATION.c.target_id)
             .where(RELATION.c.kind.in_(IMPACT_KINDS),
                    or_(RELATION.c.source_id.in_(ids), RELATION.c.target_id.in_(ids))))
    found: set[int] = set()
    for source_id, target_id in db.session.execute(query):
        found.add(target_id if source_id in ci_ids else source_id)
        if source_id in ci_ids and target_id in ci_ids:
            found.update((source_id, target_id))
    return found
