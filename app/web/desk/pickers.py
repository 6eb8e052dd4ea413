"""The pickers' look-ups: small JSON answers for search-as-you-type fields (CIs, people, groups, tickets).

Each answer goes through the rule of the use case it calls (CMDB readers for CIs, staff for people and
groups, the tickets the reader may see for tickets); the fields they help fill still take typed text, so
every form works without script.
"""
from collections.abc import Callable

from flask import Blueprint, jsonify, request
from flask_login import login_required
from werkzeug.wrappers import Response

from app.cmdb.lookup import look_up_cis
from app.organisation.directory import Found, look_up_groups, look_up_users
from app.organisation.policies import Actor
from app.platform.errors import InvalidValues, NotAllowed
from app.servicedesk.search.ticket_picker import look_up_tickets
from app.web.shell.session import current_actor

blueprint = Blueprint("pickers", __name__)


def answer(look_up: Callable[[Actor, str], list[Found]]) -> Response | tuple[Response, int]:
    """Answer the matches of the query string's q as JSON, or the refusal with its status."""
    try:
        found = look_up(current_actor(), request.args.get("q", ""))
    except NotAllowed as refused:
        return jsonify({"error": str(refused)}), 403
    except InvalidValues as invalid:
        return jsonify({"error": str(invalid), "errors": invalid.errors}), 400
    return jsonify({"results": [item.to_dict() for item in found]})


@blueprint.get("/pickers/cis")
@login_required
def cis() -> Response | tuple[Response, int]:
    """Return the configuration items matching q by name, type or owning group."""
    return answer(look_up_cis)


@blueprint.get("/pickers/users")
@login_required
def users() -> Response | tuple[Response, int]:
    """Return the active users matching q by login or name."""
    return answer(look_up_users)


@blueprint.get("/pickers/groups")
@login_required
def groups() -> Response | tuple[Response, int]:
    """Return the groups matching q by name."""
    return answer(look_up_groups)


@blueprint.get("/pickers/tickets")
@login_required
def tickets() -> Response | tuple[Response, int]:
    """Return the tickets the reader may see whose number or title contains q."""
    return answer(look_up_tickets)
