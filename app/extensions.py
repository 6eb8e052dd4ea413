"""Flask extensions, created unbound and registered in create_app."""
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base for every FlowDesk table."""


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
