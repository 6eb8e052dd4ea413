"""The migrations build exactly the schema the models describe, and go down and up again."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

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


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_stored_states_are_compressed_with_lz4_where_the_server_has_it(app) -> None:
    # Migration 0023: lz4 compresses and decompresses the TOASTed state of every step faster than pglz.
    compression = db.session.execute(text(
        "SELECT attcompression FROM pg_attribute WHERE attrelid = 'process_instance'::regclass "
        "AND attname = 'state_json'")).scalar_one()
    built_with_lz4 = db.session.execute(text(
        "SELECT count(*) FROM pg_config() WHERE name = 'CONFIGURE' AND setting LIKE '%with-lz4%'")).scalar_one()
    assert compression == ("l" if built_with_lz4 else "")


def test_open_tasks_drawn_for_nobody_get_the_queue_offer_and_drawn_ones_keep_theirs(app, runtime, deploy) -> None:
    from app.workflow.instances.lifecycle import start_instance
    from app.workflow.tasks.tasklist import list_tasks
    deploy("unoffered_task.bpmn")
    deploy("inbox_task.bpmn")
    unoffered = start_instance(runtime, "unoffered", {})
    drawn = start_instance(runtime, "inbox_task", {"group": "service-desk", "person": "", "due": None,
                                                   "priority": 50})

    def offers() -> dict[int, bool]:
        found = {task.instance_id: task.unassigned_queue for task in list_tasks()}
        db.session.rollback()
        return found
    assert offers() == {unoffered: True, drawn: False}
    db.session.remove()
    downgrade(revision="0029")  # as rows were written before migration 0025 (it follows 0029)
    assert offers() == {unoffered: False, drawn: False}
    db.session.remove()
    upgrade()
    assert offers() == {unoffered: True, drawn: False}
