"""The migrations build exactly the schema the models describe, and go down and up again."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app.extensions import db
from app.tables import include_in_autogenerate


def schema_differences() -> list[object]:
    """Return what autogenerate would still change (an empty list when models and migrations agree)."""
    with db.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection, opts={"include_name": include_in_autogenerate}),
                                db.metadata)


def test_migrated_schema_matches_the_models(app) -> None:
    assert schema_differences() == []


def test_migrations_go_down_to_nothing_and_up_again(app) -> None:
    db.session.remove()
    downgrade(revision="base")
    upgrade()
    assert schema_differences() == []
