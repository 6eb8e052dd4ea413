"""CMDB endpoints: list, create, read and change configuration items, and the impact view of one."""
from flask import url_for

from app.api.auth import api_actor
from app.api.contract import Role, Success, endpoint
from app.api.paging import next_value, read_after
from app.api.schemas.cmdb import (
    Ci,
    CiChanged,
    CiChangeRequest,
    CiCreateRequest,
    CiListQuery,
    CiPage,
    Impact,
    ImpactedCi,
    ImpactQuery,
)
from app.cmdb import queries as cmdb_queries
from app.cmdb.impact import list_impacted_cis
from app.cmdb.items import create_ci, get_ci, list_cis, require_ci, update_ci
from app.organisation.policies import may_edit_cmdb, may_see_cmdb
from app.platform.errors import InvalidValues, NotFound
from app.servicedesk.tickets.by_ci import require_ticket_number
from app.wiring import current_runtime

SEE = Role(may_see_cmdb, "read the CMDB (it is for agents, managers, auditors and process owners)")
EDIT = Role(may_edit_cmdb, "change the CMDB (it is for agents)")
CI_ID = {"ci_id": "The configuration item's id."}


@endpoint("list_cis", "cmdb", Success(200, CiPage, "One page of CIs."), role=SEE, query=CiListQuery,
          refusals=(403,))
def list_all(query: CiListQuery) -> CiPage:
    """List configuration items.

    By name, then id. Agents, managers, auditors, process owners and admins.
    """
    page = list_cis(type_name=query.type, owner_group=query.owner_group, status=query.status, search=query.q,
                    location=query.location, after=read_after(query.after, str, int), limit=query.limit)
    return CiPage(cis=[Ci.model_validate(ci) for ci in page.items], next=next_value(page.next_after))


@endpoint("create_ci", "cmdb", Success(201, Ci, "The new CI.", "The new CI's address."), role=EDIT,
          body=CiCreateRequest, refusals=(403, 409))
def create(body: CiCreateRequest) -> tuple[Ci, int, dict[str, str]]:
    """Create a configuration item.

    The attributes follow the definitions of the CI's type; the status is `planned` unless given. Agents and
    admins.
    """
    if cmdb_queries.find_ci_type(body.type) is None:
        raise InvalidValues(f"There is no CI type '{body.type}'; send the name of an existing one as 'type'.",
                            {"type": ["Send the name of an existing CI type."]})
    values = body.model_dump(exclude_unset=True, exclude={"type"})
    ci = create_ci(api_actor(), current_runtime().clock, body.type, values)
    return Ci.model_validate(ci), 201, {"Location": url_for("api.show_ci", ci_id=ci.id)}


@endpoint("show_ci", "cmdb", Success(200, Ci, "The CI."), role=SEE, refusals=(403, 404), path=CI_ID)
def show(ci_id: int) -> Ci:
    """Read a configuration item."""
    return Ci.model_validate(get_ci(ci_id))


@endpoint("update_ci", "cmdb", Success(200, CiChanged, "The CI as it is now, and what changed."), role=EDIT,
          body=CiChangeRequest, refusals=(403, 404, 409), path=CI_ID)
def change(ci_id: int, body: CiChangeRequest) -> CiChanged:
    """Change a configuration item.

    Members left out keep their value; `attributes` given replace those attributes (null removes one). The change
    history records who changed what, and from which `ticket`. Agents and admins.
    """
    require_ci(ci_id)
    values = body.model_dump(exclude_unset=True, exclude={"ticket"})
    changes = update_ci(api_actor(), current_runtime().clock, ci_id, values, ticket_of(body.ticket))
    return CiChanged(ci=Ci.model_validate(get_ci(ci_id)), changes=changes)


@endpoint("ci_impact", "cmdb", Success(200, Impact, "One page of the impact view."), role=SEE, query=ImpactQuery,
          refusals=(403, 404), path=CI_ID)
def impact(ci_id: int, query: ImpactQuery) -> Impact:
    """What fails when a configuration item fails.

    Every CI that depends on or runs on this one, directly or through others, with its shortest depth; nearest
    first, then by id.
    """
    page = list_impacted_cis(ci_id, read_after(query.after, int, int), query.limit)
    return Impact(ci_id=ci_id, impacted=[ImpactedCi.model_validate(item) for item in page.items],
                  next=next_value(page.next_after))


def ticket_of(number: str | None) -> str | None:
    """Return the ticket a change comes from (its number as stored), or None; refuse an unknown one."""
    if not number:
        return None
    try:
        return require_ticket_number(number)
    except NotFound as unknown:
        raise InvalidValues(str(unknown), {"ticket": [str(unknown)]}) from None
