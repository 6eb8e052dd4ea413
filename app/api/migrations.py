"""Migration endpoint: move running instances of a process to another version, or preview what that would do."""
from app.api.auth import api_actor
from app.api.contract import Role, Success, endpoint
from app.api.schemas.migrations import MigrationAnswer, MigrationRequest
from app.organisation.policies import may_migrate_instances
from app.wiring import current_runtime
from app.workflow.migration.answers import preview_data, result_data
from app.workflow.migration.moves import execute_migration, preview_migration
from app.workflow.migration.plan import MigrationPlan

MIGRATE = Role(may_migrate_instances, "move instances to another version (it is for process owners)")


@endpoint("migrate_instances", "instances", Success(200, MigrationAnswer, "The preview, or what moved."),
          role=MIGRATE, body=MigrationRequest, refusals=(403, 404))
def migrate(body: MigrationRequest) -> MigrationAnswer:
    """Move running instances to another version of their process.

    Same-id elements map by themselves; `mapping` maps the rest by hand. With `dry_run`, nothing is written and
    `preview` reports each selected instance: where it is, whether it would be refused and why (unmapped active
    elements, type or scope changes), open tasks and timers before and after. Without, each instance moves in a
    transaction of its own with one `instance_migrated` history event; a refused instance writes nothing and is
    listed with its reason. Process owners and admins.
    """
    plan = MigrationPlan(body.process_id, body.from_version, body.to_version, tuple(body.statuses), body.at_step,
                         body.category, tuple(body.instance_ids), body.mapping, dict(body.timers), body.timer_default,
                         body.variables)
    if body.dry_run:
        return MigrationAnswer(dry_run=True, preview=preview_data(preview_migration(current_runtime(), api_actor(),
                                                                                    plan)))
    result = result_data(execute_migration(current_runtime(), api_actor(), plan))
    return MigrationAnswer(dry_run=False, preview=None, migrated=result["migrated"], refused=result["refused"])
