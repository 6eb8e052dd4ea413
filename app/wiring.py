"""How the edges (pages, API, CLI, scheduler) find what create_app built; domain packages never look here."""
from flask import current_app

from app.workflow.runtime import Runtime


def current_runtime() -> Runtime:
    """Return the Runtime (engine, clock, run cache) of the Flask app handling this request or command."""
    return current_app.extensions["flowdesk"]
