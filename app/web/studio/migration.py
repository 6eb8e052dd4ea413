"""The migration wizard: pick two versions of a process, filter its instances, map what does not map by itself,
choose per timer, preview each instance, then move them and see what moved and what was refused.

The use cases (app/workflow/migration/) decide who may migrate and what is refused; the page reads and shows.
"""
from collections.abc import Mapping

from flask import Blueprint, abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from app.organisation.policies import may_migrate_instances
from app.platform.errors import InvalidValues, NotFound
from app.web.shell.session import current_actor, requires
from app.wiring import current_runtime
from app.workflow.migration.moves import MigrationPreview, MigrationResult, execute_migration, preview_migration
from app.workflow.migration.plan import MIGRATABLE_STATUSES, MigrationPlan
from app.workflow.studio.processes import ProcessLine, require_process
from engine.migration import Issue

blueprint = Blueprint("migration", __name__)
ISSUE_WORDS = {
    "unmapped": _l("It is at “%(element)s”, which is not mapped to an element of the new version."),
    "type_changed": _l("“%(element)s” is mapped to “%(target)s”, an element of another type."),
    "scope_changed": _l("“%(element)s” is mapped to “%(target)s”, which lies in another (sub-)process."),
    "finished_removed": _l("“%(element)s” ran and is not mapped to an element of the new version."),
    "completed_changed": _l("“%(element)s” ran as the old version drew it; it changed since."),
    "timer_kind_changed": _l("The timer “%(element)s” changed its kind and starts again."),
    "boundary_dropped": _l("The boundary event “%(element)s” is not in the new version and stops waiting."),
}


class ExecuteForm(FlaskForm):
    """Carries the CSRF token of the Migrate button; the plan's fields are read as the preview sent them."""


def issue_words(issue: Issue) -> str:
    """Say an issue in the reader's language."""
    return str(ISSUE_WORDS[issue.kind] % {"element": issue.element_id, "target": issue.target_id or ""})


def number(values: Mapping[str, str], name: str, default: int) -> int:
    """Return a whole number from the form, or the default when it is missing or not a number."""
    text = values.get(name, "")
    return int(text) if text.isdigit() and len(text) < 10 else default


def plan_from(process: ProcessLine, values: MultiDict[str, str]) -> MigrationPlan:
    """Build the plan the wizard's fields describe (defaults: the oldest version to the newest)."""
    versions = [line.version for line in process.versions]
    by_hand = {key.removeprefix("map-"): value for key, value in values.items()
               if key.startswith("map-") and value}
    timers = {key.removeprefix("timer-"): value for key, value in values.items() if key.startswith("timer-")}
    statuses = tuple(status for status in values.getlist("status") if status in MIGRATABLE_STATUSES) or ("running",)
    return MigrationPlan(process.process_id, number(values, "from", min(versions)), number(values, "to", max(versions)),
                         statuses, values.get("step") or None, values.get("category") or None, by_hand=by_hand,
                         timers=timers, timer_default=values.get("timer_default", "keep"))


def render(process: ProcessLine, plan: MigrationPlan, preview: MigrationPreview | None = None,
           result: MigrationResult | None = None, error: str | None = None) -> str:
    """Render the wizard with what it has so far."""
    return render_template("processes/migrate.html", process=process, plan=plan, preview=preview, result=result,
                           error=error, form=ExecuteForm(), issue_words=issue_words, statuses=MIGRATABLE_STATUSES,
                           fields=plan_fields(plan))


def plan_fields(plan: MigrationPlan) -> list[tuple[str, str]]:
    """Return the wizard's fields that describe a plan, for the Migrate button's form to send again."""
    fields = [("from", str(plan.from_version)), ("to", str(plan.to_version)), ("step", plan.at_step or ""),
              ("category", plan.category or ""), ("timer_default", plan.timer_default)]
    fields += [("status", status) for status in plan.statuses]
    fields += [(f"map-{old}", new) for old, new in plan.by_hand.items()]
    return fields + [(f"timer-{element_id}", choice) for element_id, choice in plan.timers.items()]


def process_or_404(process_id: str) -> ProcessLine:
    """Return a deployed process or answer 404."""
    try:
        return require_process(process_id)
    except NotFound:
        abort(404)


@blueprint.get("/processes/<process_id>/migrate")
@requires(may_migrate_instances)
def wizard(process_id: str) -> str:
    """Show the wizard: versions, filter, mapping, timer choices and the per-instance preview."""
    process = process_or_404(process_id)
    plan = plan_from(process, request.args)
    if len(process.versions) < 2:
        return render(process, plan)
    try:
        return render(process, plan, preview=preview_migration(current_runtime(), current_actor(), plan))
    except InvalidValues as refused:
        return render(process, plan, error=str(refused))


@blueprint.post("/processes/<process_id>/migrate")
@requires(may_migrate_instances)
def execute(process_id: str) -> str:
    """Move the instances the plan selects; show what moved and what was refused, and why."""
    process = process_or_404(process_id)
    plan = plan_from(process, request.form)
    if not ExecuteForm().validate():
        return render(process, plan, error=str(_l("The form expired; preview again, then migrate.")))
    try:
        result = execute_migration(current_runtime(), current_actor(), plan)
        process = process_or_404(process_id)  # the instance counts per version changed
        return render(process, plan, preview=preview_migration(current_runtime(), current_actor(), plan),
                      result=result)
    except InvalidValues as refused:
        return render(process, plan, error=str(refused))
