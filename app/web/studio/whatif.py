"""The what-if pages of a process's draft: choose a period and ask for a run, follow its progress while the scheduler
replays the cases, read what would change, and change the assumptions the replay made where the history was silent."""
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.organisation.policies import may_cancel_what_if_run, may_run_what_if
from app.platform.errors import Conflict, InvalidValues, NotAllowed, NotFound
from app.servicedesk.whatif.assumptions import Overrides
from app.servicedesk.whatif.jobs import (
    WhatIfRunView,
    cancel_what_if_run,
    list_what_if_runs,
    request_what_if,
    show_what_if_run,
)
from app.servicedesk.whatif.outcome import WhatIfOutcome
from app.servicedesk.whatif.run import DEFAULT_MAX_CASES, Period, overrides_from, what_if_period
from app.servicedesk.whatif.words import (
    basis_words,
    duration_words,
    failure_words,
    progress_words,
    status_words,
    subject_words,
)
from app.web.shell.session import current_actor, requires, select_locale
from app.wiring import current_runtime
from app.workflow.diagram_text import read_diagram_text
from app.workflow.studio.drafts import stored_draft

blueprint = Blueprint("whatif", __name__)
WORDS = {"duration_words": duration_words, "basis_words": basis_words, "subject_words": subject_words,
         "status_words": status_words, "failure_words": failure_words, "progress_words": progress_words}


def max_cases() -> int:
    """Return the most cases one what-if replays (FLOWDESK_WHATIF_MAX_CASES)."""
    return int(current_app.config.get("WHATIF_MAX_CASES") or DEFAULT_MAX_CASES)


@blueprint.route("/processes/<process_id>/what-if", methods=["GET", "POST"])
@requires(may_run_what_if)
def show(process_id: str) -> Any:
    """Show the what-if form and the runs asked for; on POST ask for a run and follow it on its page."""
    draft = stored_draft(process_id)
    if draft is None:
        abort(404)
    today = current_runtime().clock.now().date()
    form: dict[str, Any] = request.form.to_dict() if request.method == "POST" else {}
    errors: dict[str, list[str]] = {}
    period: Period = what_if_period(today)
    try:
        period = what_if_period(today, form.get("from") or request.args.get("from"),
                                form.get("to") or request.args.get("to"))
        if request.method == "POST":
            run_id = request_what_if(current_runtime(), current_actor(), process_id, period, overrides_from(form),
                                     max_cases())
            return redirect(url_for("whatif.run", process_id=process_id, run_id=run_id), 303)
    except InvalidValues as invalid:
        errors = invalid.errors
    except NotFound:
        abort(404)
    page = render_template("studio/what_if.html", process_id=process_id, draft=draft, period=period, form=form,
                           run=None, outcome=None, errors=errors, runs=list_what_if_runs(current_actor(), process_id),
                           overrides=overrides_of(form), element_name=element_namer(process_id, None), **WORDS)
    return (page, 422) if errors else page


@blueprint.get("/processes/<process_id>/what-if/runs/<int:run_id>")
@requires(may_run_what_if)
def run(process_id: str, run_id: int) -> str:
    """Show a run: its progress while it runs (the page asks for it again), then what the draft would change."""
    shown = visible_run(process_id, run_id)
    draft = stored_draft(process_id)
    form = {"variables": "\n".join(f"{name}={value}" for name, value in shown.overrides.variables.items())}
    return render_template("studio/what_if.html", process_id=process_id, draft=draft, run=shown,
                           period=Period(shown.first_day, shown.last_day), form=form, outcome=shown.outcome,
                           errors={}, runs=[], overrides=shown.overrides,
                           may_cancel=may_cancel_what_if_run(current_actor(), shown.requested_by),
                           element_name=element_namer(process_id, shown.outcome), **WORDS)


@blueprint.get("/processes/<process_id>/what-if/runs/<int:run_id>/progress")
@requires(may_run_what_if)
def progress(process_id: str, run_id: int) -> Response:
    """Answer how far a run got, as JSON, for its page to show while it waits."""
    shown = visible_run(process_id, run_id)
    return jsonify({"status": shown.status, "status_words": status_words(shown.status), "finished": shown.finished,
                    "cases": shown.cases_total, "calibrated": shown.calibrated, "replayed": shown.replayed,
                    "share_done": shown.share_done,
                    "words": progress_words(shown.calibrated, shown.replayed, shown.cases_total)})


@blueprint.post("/processes/<process_id>/what-if/runs/<int:run_id>/cancel")
@requires(may_run_what_if)
def cancel(process_id: str, run_id: int) -> Response:
    """Cancel a run for the one who started it, and show it again."""
    visible_run(process_id, run_id)
    try:
        cancel_what_if_run(current_runtime(), current_actor(), run_id)
        flash(_("The what-if was cancelled."), "info")
    except (NotAllowed, Conflict) as refused:
        flash(str(refused), "error")
    return redirect(url_for("whatif.run", process_id=process_id, run_id=run_id), 303)  # type: ignore[return-value]


def visible_run(process_id: str, run_id: int) -> WhatIfRunView:
    """Return the run for the signed-in person, or answer 404 (not theirs, not this process's, or none)."""
    try:
        shown = show_what_if_run(current_actor(), run_id)
    except NotFound:
        abort(404)
    if shown.process_id != process_id:
        abort(404)
    return shown


def element_namer(process_id: str, outcome: WhatIfOutcome | None) -> Callable[[str, str], str]:
    """Return a function naming an element of the draft or the current version in the reader's language."""
    if outcome is None:
        return lambda element_id, drawn: drawn
    locale = select_locale()
    texts = [read_diagram_text(heat.xml.encode(), process_id) for heat in (outcome.draft_heat, outcome.current_heat)]

    def name(element_id: str, drawn: str) -> str:
        for text in texts:
            if element_id in text.names:
                return text.translations.name(element_id, locale, drawn)
        return drawn
    return name


def overrides_of(form: dict[str, Any]) -> Overrides:
    """Return what the owner typed into the assumptions, to show it again (nothing when it does not read)."""
    try:
        return overrides_from(form)
    except InvalidValues:
        return Overrides()
