"""FlowDesk's Flask application: app factory, models, services and blueprints."""
from app.platform.start_up import collector_paused

with collector_paused():  # importing builds objects that live as long as the process; none is garbage yet
    from app.factory import create_app

__all__ = ["create_app"]
