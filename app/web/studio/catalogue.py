"""The catalogue's editors' pages (process owners and admins): every item, and an item's form with the diagram
version it pins and the approval levels that version draws."""
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.organisation.policies import may_edit_catalogue
from app.platform.errors import InvalidValues, NotAllowed, NotFound
from app.servicedesk.catalogue.items import (
    approval_levels,
    editable_item,
    list_all_items,
    list_categories,
    save_item,
)
from app.servicedesk.catalogue.models import ON_BEHALF
from app.web.shell.session import current_actor, requires
from app.wiring import current_runtime
from app.workflow.catalog import list_startable_processes

blueprint = Blueprint("catalogue_admin", __name__)
TEXT_FIELDS = ("name", "name_zh", "description", "description_zh", "icon", "category", "process_id", "version",
               "unit_price", "max_quantity", "sla_hours", "on_behalf")


@blueprint.get("/catalogue-items")
@requires(may_edit_catalogue)
def index() -> str:
    """List every catalogue item, active or not."""
    return render_template("studio/catalogue.html", items=list_all_items())


@blueprint.get("/catalogue-items/new")
@requires(may_edit_catalogue)
def new() -> Response:
    """Open the form of a new item under the key asked for."""
    key = request.args.get("key", "").strip().lower()
    if not key:
        abort(404)
    return redirect(url_for("catalogue_admin.edit", key=key))


@blueprint.route("/catalogue-items/<key>", methods=["GET", "POST"])
@requires(may_edit_catalogue)
def edit(key: str) -> str | Response | tuple[str, int]:
    """Show an item's form (a new item when the key is new); save it."""
    if request.method == "POST":
        return save(key)
    try:
        item, definition, audience = editable_item(key)
    except NotFound:
        return render_edit(key, {"on_behalf": "self", "max_quantity": 1, "unit_price": 0, "active": True}, None)
    values: dict[str, Any] = {name: getattr(item, name, None) for name in TEXT_FIELDS}
    values.update(process_id=definition.process_id, version=definition.version, active=item.active,
                  audience="\n".join(f"{kind}:{value}" for kind, value in audience),
                  category=request.args.get("category") or category_name(item.category_id))
    return render_edit(key, values, approval_levels(definition.bpmn_xml))


def category_name(category_id: int | None) -> str:
    """Return a catalogue category's name, or ''."""
    return dict(list_categories()).get(category_id, "") if category_id else ""


def save(key: str) -> Response | tuple[str, int]:
    """Save the posted item; show the form again with each refusal beside its field."""
    values: dict[str, Any] = {name: request.form.get(name, "") for name in TEXT_FIELDS}
    values["active"] = request.form.get("active") == "on"
    values["audience"] = [line.strip() for line in request.form.get("audience", "").splitlines() if line.strip()]
    try:
        save_item(current_runtime(), current_actor(), key, values)
    except InvalidValues as refused:
        flash(str(refused), "error")
        return render_edit(key, {**values, "audience": request.form.get("audience", "")}, None, refused.errors), 422
    except NotAllowed:
        abort(403)
    flash(_("The item was saved. Requests already filed keep the version they started with."), "info")
    return redirect(url_for("catalogue_admin.edit", key=key))


def render_edit(key: str, values: dict[str, Any], levels: list[str] | None,
                errors: dict[str, list[str]] | None = None) -> str:
    """Render an item's form."""
    return render_template("studio/catalogue_item.html", key=key, values=values, levels=levels, errors=errors or {},
                           on_behalf=ON_BEHALF, processes=list_startable_processes())
