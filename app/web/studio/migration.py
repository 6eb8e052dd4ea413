"""The migration wizard: pick two versions of a process, filter its instances, map what does not map by itself,
choose per timer, set variables, preview each instance, then move them and see what moved and what was refused.

The use cases (app/workflow/migration/) decide who may migrate, what is refused and how the variables' text reads;
the page reads and shows, naming elements as the diagram translates them for the reader.
"""
from collections.abc import Mapping
from dataclasses import dataclass, replace

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from app.organisation.policies import may_migrate_instances
from app.platform.errors import InvalidValues, NotFound
from app.web.shell.session import current_actor, requires, select_locale
from app.wiring import current_runtime
from app.workflow.diagram_text import text_of_definition
from app.workflow.diagram_translations import DiagramTranslations
from app.workflow.migration.moves import MigrationPreview, MigrationResult, execute_migration, preview_migration
from app.workflow.migration.plan import MIGRATABLE_STATUSES, MigrationPlan
from app.workflow.migration.variables import VariableRow, VariablesRefused, variables_from_rows
from app.workflow.outside.typed_variables import TYPE_NAMES
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


MAX_VARIABLE_ROWS = 50
RowErrors = dict[tuple[int, str], str]  # (row, field) -> what is wrong, in the reader's language


class ExecuteForm(FlaskForm):
    """Carries the CSRF token of the Migrate button; the plan's fields are read as the preview sent them."""


@dataclass(frozen=True)
class ElementNames:
    """Element names of the two versions as their diagrams translate them for the reader."""

    source: DiagramTranslations
    target: DiagramTranslations
    locale: str

    def old(self, element_id: str, drawn: str) -> str:
        """Return the name of an element of the version the instances run."""
        return self.source.name(element_id, self.locale, drawn)

    def new(self, element_id: str, drawn: str) -> str:
        """Return the name of an element of the version they move to (else as the old version names it)."""
        return self.target.name(element_id, self.locale, self.old(element_id, drawn))


def element_names(preview: MigrationPreview | None) -> ElementNames:
    """Return how the preview's two versions name their elements in the reader's language."""
    if preview is None:
        return ElementNames(DiagramTranslations(), DiagramTranslations(), select_locale())
    source_id, target_id = preview.definition_ids
    return ElementNames(text_of_definition(source_id).translations, text_of_definition(target_id).translations,
                        select_locale())


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


def variable_rows(values: MultiDict[str, str]) -> list[VariableRow]:
    """Return the variable rows the wizard's fields hold (var-name-N, var-type-N, var-value-N), in order."""
    rows = []
    for row in range(MAX_VARIABLE_ROWS):
        if f"var-name-{row}" not in values:
            break
        rows.append(VariableRow(values.get(f"var-name-{row}", "").strip(), values.get(f"var-type-{row}") or None,
                                values.get(f"var-value-{row}", "")))
    return rows


def with_variables(plan: MigrationPlan, rows: list[VariableRow]) -> tuple[MigrationPlan, RowErrors]:
    """Return the plan with the rows' variables, or unchanged with what is wrong in each row, in the reader's words."""
    try:
        return replace(plan, variables=variables_from_rows(rows)), {}
    except VariablesRefused as refused:
        return plan, {(problem.row, problem.field_name): gettext(problem.template, **problem.params)
                      for problem in refused.problems}


def shown_rows(rows: list[VariableRow]) -> list[VariableRow]:
    """Return the rows to show in their places (their errors name them by place), then empty ones to fill in."""
    shown = list(rows)
    while shown and not (shown[-1].name or shown[-1].text):
        shown.pop()
    blank = max(2 - len(shown), 1) if len(shown) < MAX_VARIABLE_ROWS else 0
    return shown + [VariableRow("", None, "")] * blank


def render(process: ProcessLine, plan: MigrationPlan, preview: MigrationPreview | None = None,
           result: MigrationResult | None = None, error: str | None = None, rows: list[VariableRow] | None = None,
           row_errors: RowErrors | None = None) -> str:
    """Render the wizard with what it has so far."""
    rows = shown_rows(rows or [])
    return render_template("processes/migrate.html", process=process, plan=plan, preview=preview, result=result,
                           error=error, form=ExecuteForm(), issue_words=issue_words, statuses=MIGRATABLE_STATUSES,
                           fields=plan_fields(plan, rows), rows=rows, row_errors=row_errors or {},
                           type_names=TYPE_NAMES, names=element_names(preview))


def plan_fields(plan: MigrationPlan, rows: list[VariableRow]) -> list[tuple[str, str]]:
    """Return the wizard's fields that describe a plan, for the Migrate button's form to send again."""
    fields = [("from", str(plan.from_version)), ("to", str(plan.to_version)), ("step", plan.at_step or ""),
              ("category", plan.category or ""), ("timer_default", plan.timer_default)]
    fields += [("status", status) for status in plan.statuses]
    fields += [(f"map-{old}", new) for old, new in plan.by_hand.items()]
    fields += [(f"timer-{element_id}", choice) for element_id, choice in plan.timers.items()]
    for number, row in enumerate(rows):
        fields += [(f"var-name-{number}", row.name), (f"var-type-{number}", row.type_name or ""),
                   (f"var-value-{number}", row.text)]
    return fields


def process_or_404(process_id: str) -> ProcessLine:
    """Return a deployed process or answer 404."""
    try:
        return require_process(process_id)
    except NotFound:
        abort(404)


def render_previewed(process: ProcessLine, plan: MigrationPlan, rows: list[VariableRow],
                     row_errors: RowErrors | None = None, result: MigrationResult | None = None,
                     error: str | None = None) -> str:
    """Render the wizard with the plan's per-instance preview, or with why the plan was refused."""
    if len(process.versions) < 2:
        return render(process, plan, error=error, rows=rows, row_errors=row_errors)
    try:
        preview = preview_migration(current_runtime(), current_actor(), plan)
    except InvalidValues as refused:
        return render(process, plan, error=str(refused), rows=rows, row_errors=row_errors)
    return render(process, plan, preview, result, error, rows, row_errors)


@blueprint.get("/processes/<process_id>/migrate")
@requires(may_migrate_instances)
def wizard(process_id: str) -> str:
    """Show the wizard: versions, filter, mapping, timer choices, variables and the per-instance preview.

    Variables that cannot be read are named on their fields; the preview is then shown without them, and no
    Migrate button until they are fixed.
    """
    process = process_or_404(process_id)
    rows = variable_rows(request.args)
    plan, row_errors = with_variables(plan_from(process, request.args), rows)
    return render_previewed(process, plan, rows, row_errors)


@blueprint.post("/processes/<process_id>/migrate")
@requires(may_migrate_instances)
def execute(process_id: str) -> str:
    """Move the instances the plan selects; show what moved and what was refused, and why."""
    process = process_or_404(process_id)
    rows = variable_rows(request.form)
    plan, row_errors = with_variables(plan_from(process, request.form), rows)
    if not ExecuteForm().validate():
        return render(process, plan, error=str(_l("The form expired; preview again, then migrate.")), rows=rows)
    if row_errors:
        return render_previewed(process, plan, rows, row_errors, error=str(_l(
            "Nothing was moved: fix the variables marked below, preview again, then migrate.")))
    try:
        result = execute_migration(current_runtime(), current_actor(), plan)
    except InvalidValues as refused:
        return render(process, plan, error=str(refused), rows=rows)
    return render_previewed(process_or_404(process_id), plan, rows, result=result)  # the counts per version changed
