"""CMDB endpoints: list, create, read and change configuration items, and the impact view of one."""
from typing import Any

from flask import url_for

from app.api.auth import require
from app.api.paging import after_argument, limit_argument, next_value, text_argument
from app.api.problems import json_object_body
from app.cmdb import queries as cmdb_queries
from app.cmdb.impact import IMPACT_PAGE_MAX, list_impacted_cis
from app.cmdb.items import CI_FIELDS, CI_PAGE_MAX, CiView, create_ci, get_ci, list_cis, require_ci, update_ci
from app.organisation.policies import may_edit_cmdb, may_see_cmdb
from app.platform.errors import InvalidValues, NotFound
from app.workflow.runtime import current_runtime

SEE = "read the CMDB (it is for agents, managers, auditors and process owners)"
EDIT = "change the CMDB (it is for agents)"
NULLABLE_FIELDS = ("owner_group", "location")
ATTRIBUTE_VALUE_TYPES = (str, int, float, bool, type(None))


def ci_json(ci: CiView) -> dict[str, Any]:
    """Return the JSON of a CI."""
    return {"id": ci.id, "type": ci.type_name, "name": ci.name, "owner_group": ci.owner_group,
            "location": ci.location, "status": ci.status, "attributes": ci.attributes}


def list_all() -> dict[str, Any]:
    """List CIs by name, filtered, one keyset page at a time."""
    require(may_see_cmdb, SEE)
    limit = limit_argument(CI_PAGE_MAX)
    page = list_cis(type_name=text_argument("type"), owner_group=text_argument("owner_group"),
                    status=text_argument("status"), search=text_argument("q"), location=text_argument("location"),
                    after=after_argument(str, int), limit=limit)
    return {"cis": [ci_json(ci) for ci in page.items], "next": next_value(page.next_after)}


def create() -> tuple[dict[str, Any], int, dict[str, str]]:
    """Create a CI of a type; answer 201 with the CI and its address."""
    actor = require(may_edit_cmdb, EDIT)
    body = json_object_body()
    values = ci_values(body, ("type", *CI_FIELDS, "attributes"))
    type_name = body.get("type")
    if not isinstance(type_name, str):
        raise InvalidValues("A new CI needs its type: send 'type', the name of an existing CI type.",
                            {"type": ["Send the name of an existing CI type."]})
    if cmdb_queries.find_ci_type(type_name) is None:
        raise InvalidValues(f"There is no CI type '{type_name}'; send the name of an existing one as 'type'.",
                            {"type": ["Send the name of an existing CI type."]})
    ci = create_ci(actor, current_runtime().clock, type_name, values)
    return ci_json(ci), 201, {"Location": url_for("api.show_ci", ci_id=ci.id)}


def show(ci_id: int) -> dict[str, Any]:
    """Return one CI."""
    require(may_see_cmdb, SEE)
    return ci_json(get_ci(ci_id))


def change(ci_id: int) -> dict[str, Any]:
    """Change a CI's fields and attributes; answer with the CI and what changed, as the history records it."""
    actor = require(may_edit_cmdb, EDIT)
    require_ci(ci_id)
    body = json_object_body()
    values = ci_values(body, (*CI_FIELDS, "attributes", "ticket"))
    changes = update_ci(actor, current_runtime().clock, ci_id, values, ticket_of(body))
    return {"ci": ci_json(get_ci(ci_id)), "changes": changes}


def impact(ci_id: int) -> dict[str, Any]:
    """Return what depends on a CI, transitively, nearest first, one keyset page at a time."""
    require(may_see_cmdb, SEE)
    page = list_impacted_cis(ci_id, after_argument(int, int), limit_argument(IMPACT_PAGE_MAX))
    items = [{"id": item.id, "name": item.name, "type": item.type_name, "status": item.status,
              "owner_group": item.owner_group, "depth": item.depth} for item in page.items]
    return {"ci_id": ci_id, "impacted": items, "next": next_value(page.next_after)}


def ci_values(body: dict[str, Any], members: tuple[str, ...]) -> dict[str, Any]:
    """Return the CI values of a request body; refuse unknown members and values of the wrong JSON type."""
    errors = {name: [f"'{name}' is not a member of this request; send only {', '.join(members)}."]
              for name in body if name not in members}
    for name in (*CI_FIELDS, "type", "ticket"):
        value = body.get(name)
        if name in body and not isinstance(value, str) and not (value is None and name in (*NULLABLE_FIELDS, "ticket")):
            errors[name] = [f"Send '{name}' as a string" + (" or null." if name in NULLABLE_FIELDS else ".")]
    attributes = body.get("attributes", {})
    if not isinstance(attributes, dict) or not all(isinstance(v, ATTRIBUTE_VALUE_TYPES) for v in attributes.values()):
        errors["attributes"] = ["Send the attributes as a JSON object of names and plain values (text, number, "
                                "true/false or null)."]
    if errors:
        details = " ".join(message for messages in errors.values() for message in messages)
        raise InvalidValues(f"The request has errors: {details}", errors)
    return {name: body[name] for name in (*CI_FIELDS, "attributes") if name in body}


def ticket_of(body: dict[str, Any]) -> str | None:
    """Return the ticket a change comes from (its number as stored), or None; refuse an unknown one."""
    number = body.get("ticket")
    if not number:
        return None
    try:
        return cmdb_queries.require_ticket_number(number)
    except NotFound as unknown:
        raise InvalidValues(str(unknown), {"ticket": [str(unknown)]}) from None
