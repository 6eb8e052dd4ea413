"""The CMDB pages (being built)."""
from flask import Blueprint
from flask_login import login_required

blueprint = Blueprint("cmdb", __name__)


@blueprint.get("/cmdb")
@login_required
def index() -> str:
    """Placeholder until the page lands."""
    return "The CMDB is being built."
