"""The CMDB pages: the CI list and a CI's page with its relations, impact view, tickets and history.

Creating and editing CIs, CI types and the CSV transfer have their own modules; importing them here adds
their pages to the blueprint.
"""
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from app.cmdb import impact as cmdb_impact
from app.cmdb import queries as cmdb_queries
from app.cmdb.items import SEARCH_MAX, CiPage, CiView, list_ci_changes, list_cis
from app.cmdb.values import CI_STATUSES
from app.organisation import groups
from app.organisation.people import display_names
from app.platform.cursors import write_cursor
from app.platform.errors import Conflict, InvalidValues, NotFound
from app.platform.ids import MAX_ID
from app.servicedesk.tickets.by_ci import list_ci_tickets
from app.web.admin.base import Page, find_or_404
from app.web.admin.forms import ConfirmForm
from app.web.cmdb import ci_types as cmdb_types
from app.web.cmdb import edit as cmdb_edit
from app.web.cmdb import transfer as cmdb_transfer
from app.web.cmdb.base import blueprint, editors_only, readers_only
from app.web.cmdb.forms import RELATION_CHOICES, STATUS_LABELS, CiFilterForm, RelationForm
from app.web.shell.paging import page_cursor
from app.web.shell.session import current_actor

__all__ = ["blueprint", "cmdb_edit", "cmdb_transfer", "cmdb_types"]
CI_PAGE_SIZE = 50
RELATION_PAGE_SIZE = 25
IMPACT_PAGE_SIZE = 25
TICKET_PAGE_SIZE = 20
LIST_FILTERS = ("q", "type", "status", "owner_group", "location")


@blueprint.get("/cmdb")
@readers_only
def index() -> Page:
    """List CIs by name with search, filters and keyset pages."""
    form = CiFilterForm(formdata=request.args)
    types = cmdb_queries.list_ci_types()
    form.type.choices = [SelectChoice("", "–")] + [SelectChoice(t.name, t.display_name) for t in types]
    form.status.choices = [SelectChoice("", "–")] + [SelectChoice(s, STATUS_LABELS[s]) for s in CI_STATUSES]
    form.owner_group.choices = [SelectChoice("", "–")] + [SelectChoice(g.name) for g in groups.list_groups()]
    after = page_cursor("after", str, int)
    status = 200
    try:
        page = list_cis(type_name=form.type.data or None, owner_group=form.owner_group.data or None,
                        status=form.status.data or None, search=(form.q.data or "").strip() or None,
                        location=(form.location.data or "").strip() or None, after=after, limit=CI_PAGE_SIZE)
    except InvalidValues as refused:
        page, status = CiPage([], None), 400
        for name in refused.errors:
            form[name].errors = [_("This is longer than %(count)d characters; shorten it.", count=SEARCH_MAX)]
        flash(_("Some filters could not be used; correct the marked values."), "error")
    filters = {key: request.args[key] for key in LIST_FILTERS if request.args.get(key)}
    return render_template("cmdb/list.html", form=form, page=page, filters=filters, paged=after is not None,
                           next_cursor=write_cursor(*page.next_after) if page.next_after else None,
                           type_names={t.name: t.display_name for t in types}, has_types=bool(types)), status


@blueprint.get(f"/cmdb/<int(max={MAX_ID}):ci_id>")
@readers_only
def show(ci_id: int) -> Page:
    """Show a CI: its facts, relations both ways, what it affects, its tickets and its change history."""
    return render_ci_page(ci_id, RelationForm(formdata=None))


def render_ci_page(ci_id: int, relation_form: RelationForm, status: int = 200) -> Page:
    """Render a CI's page with each of its lists at the page its query arguments ask for."""
    ci = find_or_404(cmdb_queries.ci_details, ci_id)
    types = cmdb_queries.list_ci_types()
    relation_form.target_type.choices = ([SelectChoice("", "–")]
                                         + [SelectChoice(t.name, t.display_name) for t in types])
    outgoing = cmdb_impact.list_relations(ci_id, "outgoing", page_cursor("uses_after", str, str, int),
                                          RELATION_PAGE_SIZE)
    incoming = cmdb_impact.list_relations(ci_id, "incoming", page_cursor("used_by_after", str, str, int),
                                          RELATION_PAGE_SIZE)
    impact = cmdb_impact.list_impacted_cis(ci_id, page_cursor("impact_after", int, int), IMPACT_PAGE_SIZE)
    tickets_after = page_cursor("tickets_after", int)
    tickets = list_ci_tickets(current_actor(), ci_id, tickets_after[0] if tickets_after else None,
                                           TICKET_PAGE_SIZE)
    changes = list(reversed(list_ci_changes(ci_id)))
    return render_template(
        "cmdb/show.html", ci=ci, relation_form=relation_form, outgoing=outgoing, incoming=incoming,
        impact=impact, tickets=tickets, changes=changes,
        people=display_names([change.actor for change in changes]), type_names={t.name: t.display_name for t in types},
        cursors=next_cursors(outgoing.next_after, incoming.next_after, impact.next_after, tickets.next_after),
        attribute_labels={f"attributes.{fact.name}": fact.label for fact in ci.attributes},
        args={key: value for key, value in request.args.items() if key.endswith("_after")}), status


def next_cursors(*keys: Any) -> dict[str, str | None]:
    """Write the next-page cursors of the CI page's lists, by query argument."""
    names = ("uses_after", "used_by_after", "impact_after", "tickets_after")
    return {name: (write_cursor(*key) if isinstance(key, tuple) else write_cursor(key)) if key is not None else None
            for name, key in zip(names, keys, strict=True)}


@blueprint.post(f"/cmdb/<int(max={MAX_ID}):ci_id>/relations")
@editors_only
def add_relation(ci_id: int) -> Page:
    """Relate the CI to another one, named by its name (and type when the name is not enough)."""
    ci = find_or_404(cmdb_queries.ci_details, ci_id)
    form = RelationForm()
    other = relation_target(form) if form.validate_on_submit() else None
    if other is not None:
        direction, kind = (form.relation.data or "").split(":")
        source, target = (ci_id, other.id) if direction == "outgoing" else (other.id, ci_id)
        try:
            cmdb_impact.add_relation(current_actor(), source, target, kind)
        except (InvalidValues, Conflict) as refused:
            form.target_name.errors = [str(refused)]
        else:
            flash(_("%(ci)s %(relation)s %(other)s now.", ci=ci.name, other=other.name,
                    relation=RELATION_CHOICES[form.relation.data or ""]), "info")
            return redirect(url_for("cmdb.show", ci_id=ci_id, _anchor="relations"))
    return render_ci_page(ci_id, form, 400)


def relation_target(form: RelationForm) -> CiView | None:
    """Return the one CI the form names; otherwise say on the form why it names none or several."""
    name = form.target_name.data or ""
    found = cmdb_queries.find_cis_named(name, form.target_type.data or None)
    if len(found) == 1:
        return found[0]
    if not found and form.target_type.data:
        form.target_name.errors = [_("There is no %(type)s named '%(name)s'. Check the spelling and the type.",
                                     type=form.target_type.data, name=name)]
    elif not found:
        form.target_name.errors = [_("There is no configuration item named '%(name)s'. Check the spelling.",
                                     name=name)]
    else:
        form.target_name.errors = [_("Several configuration items are named '%(name)s' (%(types)s). Choose the "
                                     "type of the one you mean.", name=name,
                                     types=", ".join(ci.type_name for ci in found))]
    return None


@blueprint.route(f"/cmdb/<int(max={MAX_ID}):ci_id>/relations/<int(max={MAX_ID}):source_id>/<kind>/"
                 f"<int(max={MAX_ID}):target_id>/remove", methods=["GET", "POST"])
@editors_only
def remove_relation(ci_id: int, source_id: int, kind: str, target_id: int) -> Page:
    """Confirm, then remove a relation of the CI."""
    if ci_id not in (source_id, target_id) or cmdb_impact.find_relation(source_id, target_id, kind) is None:
        abort(404)
    source, target = cmdb_queries.ci_details(source_id), cmdb_queries.ci_details(target_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            cmdb_impact.remove_relation(current_actor(), source_id, target_id, kind)
        except NotFound:
            flash(_("Someone removed this relation meanwhile; nothing else changed."), "info")
        else:
            flash(_("The relation '%(source)s %(relation)s %(target)s' was removed.", source=source.name,
                    target=target.name, relation=RELATION_CHOICES[f"outgoing:{kind}"]), "info")
        return redirect(url_for("cmdb.show", ci_id=ci_id, _anchor="relations"))
    return render_template("cmdb/confirm_remove.html", form=form, ci_id=ci_id, source=source, target=target,
                           kind=kind)
