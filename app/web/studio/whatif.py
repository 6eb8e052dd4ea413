"""The what-if page of a process's draft: choose a period, replay its cases through the draft, read what would change,
and change the assumptions the replay made where the history had nothing to say."""
from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request

from app.organisation.policies import may_run_what_if
from app.platform.errors import InvalidValues, NotFound
from app.servicedesk.whatif.assumptions import Overrides
from app.servicedesk.whatif.outcome import WhatIfOutcome
from app.servicedesk.whatif.run import DEFAULT_MAX_CASES, Period, overrides_from, run_what_if, what_if_period
from app.servicedesk.whatif.words import basis_words, duration_words, subject_words
from app.web.shell.session import current_actor, requires, select_locale
from app.wiring import current_runtime
from app.workflow.diagram_text import read_diagram_text
from app.workflow.studio.drafts import stored_draft

blueprint = Blueprint("whatif", __name__)


def max_cases() -> int:
    """Return the most cases one what-if replays (FLOWDESK_WHATIF_MAX_CASES)."""
    return int(current_app.config.get("WHATIF_MAX_CASES") or DEFAULT_MAX_CASES)


@blueprint.route("/processes/<process_id>/what-if", methods=["GET", "POST"])
@requires(may_run_what_if)
def show(process_id: str) -> tuple[str, int] | str:
    """Show the what-if form; on POST replay the period's cases through the saved draft and show what changes."""
    draft = stored_draft(process_id)
    if draft is None:
        abort(404)
    today = current_runtime().clock.now().date()
    form: dict[str, Any] = request.form.to_dict() if request.method == "POST" else {}
    outcome: WhatIfOutcome | None = None
    errors: dict[str, list[str]] = {}
    period: Period = what_if_period(today)
    try:
        period = what_if_period(today, form.get("from") or request.args.get("from"),
                                form.get("to") or request.args.get("to"))
        if request.method == "POST":
            overrides = overrides_from(form)
            outcome = run_what_if(current_runtime(), current_actor(), process_id, period, overrides, max_cases())
    except InvalidValues as invalid:
        errors = invalid.errors
    except NotFound:
        abort(404)
    page = render_template("studio/what_if.html", process_id=process_id, draft=draft, period=period, form=form,
                           outcome=outcome, errors=errors, duration_words=duration_words, basis_words=basis_words,
                           subject_words=subject_words, overrides=overrides_of(form),
                           element_name=element_namer(process_id, outcome))
    return (page, 422) if errors else page


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
