"""The change pages: the list with its filters, raising a change, the change's part of its ticket page (record, risk
and why, plans, window, CIs and services, links, stages), and the catalogue of standard changes."""
from datetime import datetime
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from werkzeug.wrappers import Response

from app.cmdb.items import ci_named
from app.organisation.policies import (
    may_edit_risk_questions,
    may_manage_change_templates,
    may_manage_changes,
    may_raise_change,
    may_read_changes,
)
from app.platform.errors import InvalidValues, NotAllowed, NotFound, ServiceError
from app.servicedesk.change import changes, risk_answers, templates
from app.servicedesk.change.risk_answers import active_questions, answers_of
from app.servicedesk.change.schedule_view import schedule_view
from app.servicedesk.change.stages import CHANGE_TYPES, IMPACTS, OUTCOMES, STAGES
from app.servicedesk.change.values import ChangeValues
from app.servicedesk.tickets.models import Ticket
from app.web.shell.session import current_actor
from app.wiring import current_runtime

blueprint = Blueprint("changes", __name__)
TYPE_WORDS = {"standard": _l("Standard"), "normal": _l("Normal"), "emergency": _l("Emergency")}
STAGE_WORDS = {"new": _l("New"), "assess": _l("Assess"), "cab": _l("CAB approval"), "schedule": _l("Scheduling"),
               "implement": _l("Implementing"), "review": _l("Post-implementation review"),
               "closed": _l("Closed"), "rejected": _l("Rejected")}
RISK_WORDS = {"low": _l("Low"), "medium": _l("Medium"), "high": _l("High")}
OUTCOME_WORDS = {"successful": _l("Successful"), "successful_with_issues": _l("Successful with issues"),
                 "failed": _l("Failed"), "backed_out": _l("Backed out")}
# the stages each type passes, in order (the page shows where the change stands among them)
TYPE_STAGES = {"standard": ("implement", "review", "closed"),
               "normal": ("assess", "cab", "schedule", "implement", "review", "closed"),
               "emergency": ("cab", "schedule", "implement", "review", "closed")}
FORM_TEXTS = ("title", "description", "reason", "owner", "owner_group", "implementer", "planned_start",
              "planned_end", "implementation_plan", "backout_plan", "test_plan", "cis", "links")
WORDS = {"type_words": TYPE_WORDS, "stage_words": STAGE_WORDS, "risk_words": RISK_WORDS,
         "outcome_words": OUTCOME_WORDS}


def require_reader() -> None:
    """Stop whoever may not read changes (404: they may not know the pages exist)."""
    if not may_read_changes(current_actor()):
        abort(404)


def moment_arg(name: str) -> datetime | None:
    """Return a date filter of the list, None when absent or unreadable."""
    text = request.args.get(name) or ""
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


@blueprint.get("/changes")
@login_required
def index() -> str:
    """List the changes the reader may see, newest first, filtered by type, stage, risk and CI."""
    require_reader()
    chosen = {name: request.args.get(name) or "" for name in ("type", "stage", "risk", "ci")}
    item = ci_named(chosen["ci"]) if chosen["ci"] else None
    filters = changes.ChangeFilters(
        chosen["type"] if chosen["type"] in CHANGE_TYPES else None,
        chosen["stage"] if chosen["stage"] in STAGES else None,
        chosen["risk"] if chosen["risk"] in RISK_WORDS else None, item.id if item else (-1 if chosen["ci"] else None))
    rows = changes.list_changes(current_actor(), filters, limit=200)
    return render_template("change/index.html", rows=rows, chosen=chosen, types=CHANGE_TYPES, stages=STAGES,
                           risks=tuple(RISK_WORDS), may_raise=may_raise_change(current_actor()), **WORDS)


def raise_page(given: dict[str, str], errors: dict[str, list[str]], status: int = 200) -> tuple[str, int]:
    """Render the raise form with what was given and what was wrong with it."""
    answers = {int(key[2:]) for key in given if key.startswith("q_") and key[2:].isdigit()}
    return render_template("change/new.html", given=given, errors=errors, types=CHANGE_TYPES, impacts=IMPACTS,
                           questions=active_questions(), answers=answers, templates=templates.list_templates(),
                           **WORDS), status


@blueprint.get("/changes/new")
@login_required
def new() -> tuple[str, int]:
    """Show the form that raises a change (a template's id in ?template= fills a standard change in)."""
    if not may_raise_change(current_actor()):
        abort(404)
    given = {"change_type": request.args.get("type") or "normal", "owner": current_actor().login,
             "impact": "medium", "template_id": request.args.get("template") or ""}
    if given["template_id"].isdigit():
        given["change_type"] = "standard"
    return raise_page(given, {})


def ci_ids_named(text: str) -> list[int]:
    """Return the ids of the CIs named in a comma-separated list; refuse an unknown name, naming the field."""
    ids = []
    for name in (part.strip() for part in text.split(",")):
        if not name:
            continue
        found = ci_named(name)
        if found is None:
            raise InvalidValues(f"There is no configuration item called '{name}'; choose one from the list.",
                                {"ci_ids": [f"There is no configuration item called '{name}'; choose one from the "
                                            "list."]})
        ids.append(found.id)
    return ids


def values_of(given: dict[str, str]) -> ChangeValues:
    """Return the change values a submitted raise form holds."""
    template = given.get("template_id") or ""
    return ChangeValues(
        change_type=given.get("change_type") or "", title=given.get("title") or "", reason=given.get("reason") or "",
        owner=given.get("owner") or "", owner_group=given.get("owner_group") or "",
        planned_start=given.get("planned_start") or "", planned_end=given.get("planned_end") or "",
        implementation_plan=given.get("implementation_plan") or "", backout_plan=given.get("backout_plan") or "",
        test_plan=given.get("test_plan") or "", description=given.get("description") or "",
        impact=given.get("impact") or "medium", implementer=given.get("implementer") or None,
        ci_ids=ci_ids_named(given.get("cis") or ""),
        answers={int(key[2:]): True for key in given if key.startswith("q_") and key[2:].isdigit()},
        links=[part for part in (given.get("links") or "").split(",") if part.strip()],
        template_id=int(template) if template.isdigit() else None)


@blueprint.post("/changes/new")
@login_required
def create() -> Response | tuple[str, int]:
    """Raise a change and go to its page; refuse wrong values naming each field (422)."""
    given = {key: value for key, value in request.form.items() if key != "csrf_token"}
    try:
        ticket = changes.raise_change(current_runtime(), current_actor(), values_of(given))
    except NotAllowed as refused:
        return render_template("errors/error.html", title=_("Not allowed"), message=str(refused)), 403
    except InvalidValues as invalid:
        return raise_page(given, {("cis" if name == "ci_ids" else name): words
                                  for name, words in invalid.errors.items()}, 422)
    except ServiceError as error:
        flash(str(error), "error")
        return raise_page(given, {}, 409)
    flash(_("Change %(number)s was raised.", number=ticket.number), "info")
    return redirect(url_for("ticket.show", number=ticket.number))


@blueprint.post("/changes/<number>/links")
@login_required
def link(number: str) -> Response:
    """Link an incident or problem the change fixes."""
    try:
        changes.link_ticket(current_actor(), number, request.form.get("ticket") or "")
    except NotFound:
        abort(404)
    except ServiceError as error:
        flash(str(error), "error")
    return redirect(url_for("ticket.show", number=number) + "#change-links")


def change_panel(ticket: Ticket) -> dict[str, Any] | None:
    """Return what the ticket page shows of a change: its record, risk and why, CIs, services, links and stages."""
    if ticket.kind != "change":
        return None
    actor = current_actor()
    view = changes.change_view(actor, ticket.number)
    record = view.record
    answered = answers_of(record)
    return {"view": view, "stages": TYPE_STAGES[record.change_type], **WORDS,
            "yes": [question for question in active_questions() if answered.get(question.id)],
            "may_edit": actor.login in (ticket.requester, record.owner) or may_manage_changes(actor),
            "outcomes": OUTCOMES, "schedule": schedule_view(ticket, record, current_runtime().clock.now())}


@blueprint.get("/changes/templates")
@login_required
def catalogue() -> str:
    """Show the catalogue of standard changes: approved templates to raise from, proposed ones, retired ones."""
    require_reader()
    return render_template("change/templates.html", approved=templates.list_templates("approved"),
                           proposed=templates.list_templates("proposed"), retired=templates.list_templates("retired"),
                           may_manage=may_manage_change_templates(current_actor()), impacts=IMPACTS, **WORDS)


@blueprint.post("/changes/templates")
@login_required
def propose() -> Response:
    """Propose a template (or the next version of one)."""
    form = request.form
    try:
        proposed = templates.propose_template(current_runtime(), current_actor(), templates.TemplateValues(
            form.get("key") or "", form.get("name") or "", form.get("description") or "",
            form.get("owner_group") or "", form.get("implementation_plan") or "", form.get("backout_plan") or "",
            form.get("test_plan") or "", form.get("impact") or "low"))
        flash(_("Template %(key)s version %(version)s was proposed; another change manager approves it.",
                key=proposed.key, version=proposed.version), "info")
    except ServiceError as error:
        flash(str(error), "error")
    return redirect(url_for("changes.catalogue"))


@blueprint.post("/changes/templates/<int:template_id>/approve")
@login_required
def approve(template_id: int) -> Response:
    """Approve a proposed template (retiring the version it replaces)."""
    return decide(template_id, templates.approve_template)


@blueprint.post("/changes/templates/<int:template_id>/retire")
@login_required
def retire(template_id: int) -> Response:
    """Retire a template."""
    return decide(template_id, templates.retire_template)


def decide(template_id: int, decide_template: Any) -> Response:
    """Run a decision on a template and say how it went."""
    try:
        decided = decide_template(current_runtime(), current_actor(), template_id)
        flash(_("Template %(key)s version %(version)s is %(status)s now.", key=decided.key, version=decided.version,
                status=_("approved") if decided.status == "approved" else _("retired")), "info")
    except ServiceError as error:
        flash(str(error), "error")
    return redirect(url_for("changes.catalogue"))


def require_risk_editor() -> None:
    """Stop whoever may not edit the risk questionnaire (404)."""
    if not may_edit_risk_questions(current_actor()):
        abort(404)


@blueprint.get("/admin/change-risk")
@login_required
def risk_questions() -> str:
    """Show the risk questionnaire with its weights, to change and add questions."""
    require_risk_editor()
    return render_template("change/risk_questions.html", questions=risk_answers.all_questions())


@blueprint.post("/admin/change-risk")
@login_required
def save_risk_question() -> Response | tuple[str, int]:
    """Add a question, or change one's text, weight or whether it is asked."""
    require_risk_editor()
    form = request.form
    question_id = form.get("question_id") or ""
    weight = form.get("weight") or ""
    try:
        risk_answers.save_question(current_actor(), int(question_id) if question_id.isdigit() else None,
                                   risk_answers.QuestionValues(form.get("text") or "", form.get("text_zh") or "",
                                                               int(weight) if weight.isdigit() else 0,
                                                               form.get("active") == "yes"))
    except InvalidValues as invalid:
        flash(str(invalid), "error")
        return render_template("change/risk_questions.html", questions=risk_answers.all_questions()), 422
    flash(_("The risk questionnaire was saved."), "info")
    return redirect(url_for("changes.risk_questions"))
