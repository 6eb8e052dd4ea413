"""The ticket list: filters, full-text search, sorting, keyset pages, saved filters and CSV export.

Every signed-in person may open it; the service reads only the tickets they may see. The filters
travel in the query string (app.servicedesk.search.filters.PARAMETERS), so every link, a saved filter
and the CSV export carry exactly the list on screen.
"""
from typing import Any
from urllib.parse import parse_qsl, urlencode

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response as BaseResponse
from wtforms import SelectChoice

from app.organisation.departments import department_tree, flatten_tree
from app.organisation.groups import list_groups
from app.organisation.people import display_names
from app.organisation.policies import Actor, may_look_up_people, may_see_cmdb
from app.platform.errors import Conflict, InvalidValues, NotFound
from app.service_levels.policies import priority_matrix
from app.service_levels.priority import LEVEL_WORDS
from app.servicedesk.search.export import export_tickets
from app.servicedesk.search.filters import TicketQuery, filter_arguments, parse_ticket_query
from app.servicedesk.search.lookup import TicketPage, search_tickets
from app.servicedesk.search.saved_filters import delete_filter, list_filters, require_filter, save_filter
from app.servicedesk.tickets.categories import category_tree
from app.servicedesk.tickets.records import CHANNELS, NUMBER_PREFIXES, STATUSES
from app.servicedesk.tickets.status_words import status_in_words, status_vocabulary
from app.web.desk.ticket import picker
from app.web.desk.ticket_list_forms import (
    CHANNEL_WORDS,
    KIND_WORDS,
    DeleteFilterForm,
    SaveFilterForm,
    TicketFilterForm,
    with_any,
    worded_choices,
)
from app.web.shell.session import current_actor
from app.wiring import current_runtime

blueprint = Blueprint("tickets", __name__)


@blueprint.get("/tickets")
@login_required
def index() -> str:
    """List the tickets I may see, filtered, searched and sorted as the query string says."""
    form = filter_form()
    arguments = filter_arguments(request.args.items(multi=True))
    page, query = TicketPage([], None, None), None
    try:
        query = parse_ticket_query(arguments, current_actor().timezone, priority_matrix())
        page = read_page(query)
    except InvalidValues as refused:
        add_filter_errors(form, refused)
    return render_template(
        "tickets/list.html", form=form, page=page, query=query, arguments=arguments, filtered=is_filtered(arguments),
        query_string=urlencode(arguments), people=display_names(people_on(page)), status_words=status_words,
        saved=list_filters(current_actor().login), save_form=SaveFilterForm(query=urlencode(arguments)),
        export_url=list_url("tickets.export", arguments),
        next_url=list_url("tickets.index", arguments, ("after", page.next_after)) if page.next_after else None,
        previous_url=(list_url("tickets.index", arguments, ("before", page.previous_before))
                      if page.previous_before else None))


def list_url(endpoint: str, arguments: list[tuple[str, str]], *extra: tuple[str, str | None]) -> str:
    """Return the address of a list endpoint with the filter arguments (and a cursor) in its query string."""
    pairs = arguments + [(name, value) for name, value in extra if value]
    return url_for(endpoint) + ("?" + urlencode(pairs) if pairs else "")


def read_page(query: TicketQuery) -> TicketPage:
    """Read the page the cursor in the query string asks for; a damaged cursor starts from the first page."""
    after, before = request.args.get("after") or None, request.args.get("before") or None
    actor, now = current_actor(), current_runtime().clock.now()
    try:
        return search_tickets(actor, query, now, after=after, before=before)
    except InvalidValues as refused:
        if not set(refused.errors) <= {"after", "before"}:
            raise
        flash(_("A page link was damaged, so a list starts from the beginning again."), "warning")
        return search_tickets(actor, query, now)


def filter_form() -> TicketFilterForm:
    """Build the filter form from the query string, with its choices read now."""
    form = TicketFilterForm(formdata=request.args)
    matrix = priority_matrix()
    form.status.choices = worded_choices(STATUSES, status_vocabulary(current_actor()))
    form.priority.choices = worded_choices(matrix.codes, {})
    form.group.choices = with_any(_("Any group"), [SelectChoice(group.name) for group in list_groups()])
    form.kind.choices = with_any(_("Any kind"), worded_choices(tuple(NUMBER_PREFIXES), KIND_WORDS))
    form.impact.choices = with_any(_("Any impact"), worded_choices(matrix.impacts, LEVEL_WORDS))
    form.urgency.choices = with_any(_("Any urgency"), worded_choices(matrix.urgencies, LEVEL_WORDS))
    form.channel.choices = with_any(_("Any channel"), worded_choices(CHANNELS, CHANNEL_WORDS))
    form.category.choices = with_any(_("Any category"), category_choices(category_tree()))
    form.department.choices = with_any(_("Any department"), [
        SelectChoice(str(node.id), "\u00a0\u00a0" * depth + node.name)
        for node, depth in flatten_tree(department_tree())])
    offer_pickers(form, current_actor())
    return form


def offer_pickers(form: TicketFilterForm, actor: Actor) -> None:
    """Turn the people and CI filters into search-as-you-type pickers for those whose look-ups answer them."""
    if may_look_up_people(actor):
        form.assignee.render_kw = form.requester.render_kw = picker("pickers.users")
    if may_see_cmdb(actor):
        form.ci.render_kw = picker("pickers.cis")


def category_choices(nodes: list[Any], depth: int = 0) -> list[SelectChoice]:
    """Return the category tree as choices, each indented by its depth."""
    choices = []
    for node in nodes:
        choices.append(SelectChoice(str(node.id), "\u00a0\u00a0" * depth + node.name))
        choices += category_choices(node.children, depth + 1)
    return choices


def add_filter_errors(form: TicketFilterForm, refused: InvalidValues) -> None:
    """Show the service's refusal of filter values next to their fields."""
    for name, messages in refused.errors.items():
        if name in form:
            form[name].errors = list(messages)
    flash(_("Some filters could not be used; correct the marked values."), "error")


def is_filtered(arguments: list[tuple[str, str]]) -> bool:
    """Say whether any filter (not merely an order) narrows the list."""
    return any(name != "sort" for name, _value in arguments)


def people_on(page: TicketPage) -> set[str]:
    """Return the logins shown on a page (requesters and assignees)."""
    return {login for row in page.rows for login in (row.requester, row.assignee) if login}


def status_words(status: str, requester: str) -> str:
    """Return a status in the words of the reader's audience (the same words as the filter and the ticket page)."""
    return status_in_words(current_actor(), status, requester)


@blueprint.get("/tickets/export.csv")
@login_required
def export() -> BaseResponse:
    """Download every ticket of the filtered list that I may see as CSV (the filters on screen, all pages)."""
    arguments = filter_arguments(request.args.items(multi=True))
    actor = current_actor()
    try:
        query = parse_ticket_query(arguments, actor.timezone, priority_matrix())
    except InvalidValues:
        return redirect(list_url("tickets.index", arguments))  # the list shows what is wrong
    now = current_runtime().clock.now()
    lines = export_tickets(actor, query, now)
    return Response(stream_with_context(lines), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="tickets-{now:%Y%m%d-%H%M}.csv"'})


@blueprint.post("/tickets/filters")
@login_required
def save() -> BaseResponse:
    """Save the list's current filter under a name; a name used before gets the new filter."""
    form = SaveFilterForm()
    query_string = form.query.data or ""
    if not form.validate_on_submit():
        flash(" ".join(str(message) for messages in form.errors.values() for message in messages), "error")
        return redirect(list_url("tickets.index", filter_arguments(parse_qsl(query_string))))
    actor = current_actor()
    try:
        replaced = save_filter(current_runtime(), actor.login, form.name.data or "", query_string, actor.timezone)
    except (InvalidValues, Conflict) as refused:
        flash(str(refused), "error")
    else:
        flash(_("The filter “%(name)s” now shows this list.", name=form.name.data) if replaced else
              _("The filter “%(name)s” was saved; find it under Saved filters.", name=form.name.data), "info")
    return redirect(list_url("tickets.index", filter_arguments(parse_qsl(query_string))))


@blueprint.route("/tickets/filters/<int:filter_id>/delete", methods=["GET", "POST"])
@login_required
def delete(filter_id: int) -> str | BaseResponse:
    """Ask to confirm, then delete one of my saved filters."""
    login = current_actor().login
    try:
        saved = require_filter(login, filter_id)
    except NotFound:
        abort(404)
    form = DeleteFilterForm()
    if form.validate_on_submit():
        try:
            name = delete_filter(login, filter_id)
        except NotFound:
            abort(404)
        flash(_("The saved filter “%(name)s” was deleted.", name=name), "info")
        return redirect(url_for("tickets.index"))
    return render_template("tickets/delete_filter.html", form=form, saved=saved)
