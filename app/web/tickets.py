"""The ticket list pages (being built)."""
from flask import Blueprint
from flask_login import login_required

blueprint = Blueprint("tickets", __name__)


@blueprint.get("/tickets")
@login_required
def index() -> str:
    """Placeholder until the page lands."""
    return "The ticket list is being built."
