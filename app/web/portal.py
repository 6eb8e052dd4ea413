"""Placeholder for the portal pages (being built)."""
from flask import Blueprint, render_template_string

from app.web.session import requires_role

blueprint = Blueprint("portal", __name__)


@blueprint.get("/portal")
@requires_role("requester")
def catalog() -> str:
    """Show the portal page."""
    return render_template_string('{% extends "base.html" %}{% block content %}<h1>portal</h1>{% endblock %}')
