"""Logging a ticket pages (being built)."""
from flask import Blueprint
from flask_login import login_required

blueprint = Blueprint("ticket", __name__)


@blueprint.get("/tickets/new")
@login_required
def new() -> str:
    """Placeholder until the page lands."""
    return "Logging a ticket is being built."
