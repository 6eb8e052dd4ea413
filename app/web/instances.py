"""Placeholder for the instances pages (being built)."""
from flask import Blueprint, render_template_string

from app.web.session import requires_role

blueprint = Blueprint("instances", __name__)


@blueprint.get("/instances")
@requires_role("process_owner", "auditor")
def index() -> str:
    """Show the instances page."""
    return render_template_string('{% extends "base.html" %}{% block content %}<h1>instances</h1>{% endblock %}')
