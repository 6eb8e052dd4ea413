"""Placeholder for the admin pages (being built)."""
from flask import Blueprint, render_template_string

from app.web.session import requires_role

blueprint = Blueprint("admin", __name__)


@blueprint.get("/admin/users")
@requires_role("admin")
def users() -> str:
    """Show the admin page."""
    return render_template_string('{% extends "base.html" %}{% block content %}<h1>admin</h1>{% endblock %}')
