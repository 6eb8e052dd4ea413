"""The knowledge blueprint and what its pages share: the reader's rights and the category names."""
from typing import Any

from flask import Blueprint
from flask_login import current_user
from werkzeug.exceptions import Forbidden
from werkzeug.wrappers import Response

from app.organisation.policies import may_write_articles
from app.platform.errors import NotAllowed
from app.web.cmdb.base import ticket_pages_exist
from app.web.shell.errors import handle_http
from app.web.shell.session import current_actor, requires

blueprint = Blueprint("knowledge", __name__)
writers_only = requires(may_write_articles)
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL: larger ones name nothing (404)


@blueprint.context_processor
def knowledge_context() -> dict[str, Any]:
    """Tell the knowledge templates whether the reader writes articles, and whether tickets have pages to link."""
    if not current_user.is_authenticated:
        return {}
    return {"may_write": may_write_articles(current_actor()), "ticket_pages": ticket_pages_exist()}


@blueprint.errorhandler(NotAllowed)
def refused_by_service(_error: NotAllowed) -> tuple[Response | str, int]:
    """Answer a service's permission refusal with the 403 page, as the role guards of the pages do."""
    return handle_http(Forbidden())
