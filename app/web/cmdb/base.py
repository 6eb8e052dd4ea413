"""The CMDB blueprint and what its pages share: the reader's rights and service errors on forms."""
from typing import Any

from flask import Blueprint, current_app, flash
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.exceptions import Forbidden
from werkzeug.wrappers import Response

from app.organisation.policies import may_define_ci_types, may_edit_cmdb, may_see_cmdb
from app.platform.errors import InvalidValues, NotAllowed
from app.web.shell.errors import handle_http
from app.web.shell.session import current_actor, requires

blueprint = Blueprint("cmdb", __name__)
readers_only = requires(may_see_cmdb)
editors_only = requires(may_edit_cmdb)
type_definers_only = requires(may_define_ci_types)


@blueprint.context_processor
def cmdb_context() -> dict[str, Any]:
    """Tell the CMDB templates what the reader may do, and whether ticket numbers can link to a ticket page."""
    if not current_user.is_authenticated:
        return {}
    actor = current_actor()
    return {"may_edit": may_edit_cmdb(actor), "may_define_types": may_define_ci_types(actor),
            "ticket_pages": ticket_pages_exist()}


@blueprint.errorhandler(NotAllowed)
def refused_by_service(_error: NotAllowed) -> tuple[Response | str, int]:
    """Answer a service's permission refusal with the 403 page, as the role guards of the pages do."""
    return handle_http(Forbidden())


def ticket_pages_exist() -> bool:
    """Say whether the ticket page (ticket.show) is there to link ticket numbers to."""
    return "ticket.show" in current_app.view_functions


def show_service_errors(form: FlaskForm, refused: InvalidValues, field_names: dict[str, str] | None = None) -> None:
    """Put a service's messages next to the form's fields (field_names maps service keys to field names).

    Messages for keys that match no field are shown at the top of the page.
    """
    for key, messages in refused.errors.items():
        name = (field_names or {}).get(key, key)
        field = form[name] if name in form else None
        if field is None:
            flash(" ".join(messages), "error")
        else:
            field.errors = [*field.errors, *messages]
