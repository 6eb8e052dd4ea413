"""The knowledge base pages (being built)."""
from flask import Blueprint
from flask_login import login_required

blueprint = Blueprint("knowledge", __name__)


@blueprint.get("/knowledge")
@login_required
def index() -> str:
    """Placeholder until the page lands."""
    return "The knowledge base is being built."
