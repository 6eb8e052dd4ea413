"""The portal's request catalogue: items by category with search, an item's order page (its diagram's start form,
quantity, for whom), drafts, "request again" and the receipt. Who sees which item is the one catalogue policy."""
import json
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from app.organisation.people import display_names
from app.platform.errors import InvalidValues, NotAllowed, NotFound, StepFailed
from app.servicedesk.catalogue.items import ItemView, items_for, list_categories, orderable_item
from app.servicedesk.catalogue.orders import (
    Order,
    answers_again,
    discard_draft,
    list_drafts,
    my_draft,
    order_item,
    save_draft,
)
from app.servicedesk.catalogue.progress import request_progress
from app.servicedesk.tickets.visibility import find_visible_ticket
from app.web.desk.task_form import set_form_moment
from app.web.portal.pages import submitted_values
from app.web.shell.session import current_actor, requires_role, select_locale
from app.wiring import current_runtime
from forms import build_form_class

blueprint = Blueprint("catalogue", __name__)
ORDER_FIELDS = ("quantity", "requested_for")
ON_BEHALF_WORDS = {"self": _l("For yourself only."), "one": _l("For yourself or one other person."),
                   "many": _l("For yourself or several people: each person gets a request of their own.")}


@blueprint.get("/portal/catalogue")
@requires_role("requester")
def browse() -> str:
    """List the items the requester may order, by category, matching the search; her drafts above."""
    actor, locale = current_actor(), select_locale()
    search = request.args.get("q", "").strip()[:200]
    category = request.args.get("category", type=int)
    items = items_for(current_runtime(), actor, locale, search, category)
    return render_template("portal/catalogue.html", items=items, categories=list_categories(locale), search=search,
                           category=category, drafts=list_drafts(actor), locale=locale)


def order_form(view: ItemView, data: MultiDict[str, str] | None = None) -> FlaskForm:
    """Return the item's start form, filled from posted or saved answers."""
    form = build_form_class(view.fields, base=FlaskForm)(formdata=data) if data is not None \
        else build_form_class(view.fields, base=FlaskForm)()
    set_form_moment(form)
    return form


def answers_as_formdata(answers: dict[str, Any]) -> MultiDict[str, str]:
    """Return saved answers as form data (a list of people as one line)."""
    data: MultiDict[str, str] = MultiDict()
    for name, value in answers.items():
        data[name] = ", ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
    return data


def posted_people(text: str) -> list[str]:
    """Return the logins written in the 'for whom' field, separated by commas, spaces or lines."""
    return [login for login in text.replace(",", " ").split() if login]


@blueprint.route("/portal/catalogue/<key>", methods=["GET", "POST"])
@requires_role("requester")
def order(key: str) -> str | Response | tuple[str, int]:
    """Show an item's order page (resuming a draft or a past request); file the order or save it as a draft."""
    try:
        view = orderable_item(current_runtime(), current_actor(), key, select_locale())
    except NotFound:
        abort(404)
    draft_id = request.values.get("draft", type=int)
    if request.method == "GET":
        saved = saved_answers(draft_id)
        return render_order(view, order_form(view, answers_as_formdata(saved) if saved else None), saved, draft_id)
    form = order_form(view, request.form)
    answers = {**submitted_values(view.fields, request.form), "quantity": request.form.get("quantity", "1"),
               "requested_for": request.form.get("requested_for", "")}
    if request.form.get("action") == "draft":
        draft = save_draft(current_runtime(), current_actor(), key, answers, draft_id)
        flash(_("Your draft was saved. Finish it any time from the catalogue."), "info")
        return redirect(url_for("catalogue.order", key=key, draft=draft.id))
    if not form.validate():
        flash(_("The form has errors. Correct the marked fields and submit it again."), "error")
        return render_order(view, form, answers, draft_id), 422
    return file_order(view, form, answers, draft_id)


def file_order(view: ItemView, form: FlaskForm, answers: dict[str, Any],
               draft_id: int | None) -> str | Response | tuple[str, int]:
    """File the order; on success drop its draft and show the receipt, else the page with each refusal."""
    values = {name: value for name, value in answers.items() if name not in ORDER_FIELDS}
    try:
        tickets = order_item(current_runtime(), current_actor(), view.item.key,
                             Order(values, answers["quantity"], posted_people(answers["requested_for"])))
    except InvalidValues as refused:
        order_errors = {name: list(messages) for name, messages in refused.errors.items() if name in ORDER_FIELDS}
        for field_id, messages in refused.errors.items():
            if field_id in form:
                form[field_id].errors = list(messages)
        flash(str(refused), "error")
        return render_order(view, form, answers, draft_id, order_errors), 422
    except StepFailed:
        flash(_("Your request was filed, but its first step failed. The service desk has been told."), "warning")
        return redirect(url_for("portal.requests"))
    except (NotAllowed, NotFound):
        abort(403)
    if draft_id is not None:
        try:
            discard_draft(current_actor(), draft_id)
        except NotFound:
            pass
    return redirect(url_for("catalogue.receipt", numbers=",".join(ticket.number for ticket in tickets)))


def saved_answers(draft_id: int | None) -> dict[str, Any]:
    """Return a draft's answers (or those of the past request named by ?again), or none."""
    if draft_id is not None:
        try:
            return dict(json.loads(my_draft(current_actor(), draft_id).answers))
        except NotFound:
            abort(404)
    number = request.args.get("again")
    if number:
        try:
            _key, answers = answers_again(current_actor(), find_visible_ticket(current_actor(), number))
        except NotFound:
            abort(404)
        return answers
    return {}


def render_order(view: ItemView, form: FlaskForm, answers: dict[str, Any], draft_id: int | None,
                 order_errors: dict[str, list[str]] | None = None) -> str:
    """Render an item's order page."""
    first_editable = next((spec.id for spec in view.fields if not spec.readonly), None)
    return render_template("portal/order.html", view=view, form=form, answers=answers, draft_id=draft_id,
                           first_editable=first_editable, order_errors=order_errors or {},
                           on_behalf_words=ON_BEHALF_WORDS[view.item.on_behalf])


@blueprint.get("/portal/catalogue/again/<number>")
@requires_role("requester")
def again(number: str) -> Response:
    """Open a past request's item with its answers filled in."""
    try:
        key, _answers = answers_again(current_actor(), find_visible_ticket(current_actor(), number))
    except NotFound:
        abort(404)
    return redirect(url_for("catalogue.order", key=key, again=number))


@blueprint.post("/portal/drafts/<int:draft_id>/discard")
@requires_role("requester")
def discard(draft_id: int) -> Response:
    """Throw a draft away."""
    try:
        discard_draft(current_actor(), draft_id)
    except NotFound:
        abort(404)
    flash(_("The draft was discarded."), "info")
    return redirect(url_for("catalogue.browse"))


@blueprint.get("/portal/receipt/<numbers>")
@requires_role("requester")
def receipt(numbers: str) -> str:
    """Show what was just ordered: each request's number, item, total and the approvals it waits for."""
    actor, locale = current_actor(), select_locale()
    filed = []
    for number in numbers.split(",")[:50]:
        try:
            ticket = find_visible_ticket(actor, number)
        except NotFound:
            abort(404)
        progress = request_progress(ticket, locale)
        if progress is None:
            abort(404)
        filed.append((ticket, progress))
    names = display_names([ticket.requester for ticket, _ in filed])
    return render_template("portal/receipt.html", filed=filed, names=names)
