"""Placeholder for the inbox pages (being built)."""
from flask import Blueprint, render_template_string

from app.web.session import requires_role

blueprint = Blueprint("inbox", __name__)


@blueprint.get("/inbox")
@requires_role("agent", "approver")
def mine() -> str:
    """Show the inbox page."""
    return render_template_string('{% extends "base.html" %}{% block content %}<h1>inbox</h1>{% endblock %}')
