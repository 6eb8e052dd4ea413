"""FlowDesk's Flask application: app factory, models, services and blueprints."""
from app.factory import create_app

__all__ = ["create_app"]
