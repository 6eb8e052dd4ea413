"""The admin blueprint and what its pages share: role words, field errors from services, 404s and 403s."""
from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash
from werkzeug.exceptions import Forbidden
from werkzeug.wrappers import Response

from app.organisation.passwords import MIN_PASSWORD_LENGTH
from app.platform.errors import InvalidValues, NotAllowed, NotFound
from app.web.admin.forms import ROLE_LABELS, ROLE_MEANINGS
from app.web.shell.errors import handle_http

blueprint = Blueprint("admin", __name__)
Page = str | Response | tuple[str, int]


@blueprint.context_processor
def admin_context() -> dict[str, Any]:
    """Give every admin template the role names and meanings."""
    return {"role_labels": ROLE_LABELS, "role_meanings": ROLE_MEANINGS,
            "min_password_length": MIN_PASSWORD_LENGTH}


def add_field_errors(form: Any, refused: InvalidValues) -> None:
    """Show a service's field errors next to the form's fields (or as a message when no field matches)."""
    for name, messages in refused.errors.items():
        field = getattr(form, name, None)
        if field is None:
            flash(" ".join(messages), "error")
        else:
            field.errors = [*field.errors, *messages]


def find_or_404(finder: Callable[..., Any], *args: Any) -> Any:
    """Call a service lookup and turn NotFound into a 404 page."""
    try:
        return finder(*args)
    except NotFound:
        abort(404)


@blueprint.errorhandler(NotAllowed)
def not_allowed(error: NotAllowed) -> tuple[Response | str, int]:
    """Answer a change the service refused to this actor with the 403 page."""
    return handle_http(Forbidden(str(error)))
