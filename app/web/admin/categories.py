"""The admin pages of the ticket category tree: each category's process, default group, SLA policy and approval."""
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.organisation import groups
from app.platform.errors import Conflict, InvalidValues, NotFound
from app.service_levels import policies as service_levels
from app.servicedesk.tickets import categories
from app.web.admin.base import Page, add_field_errors, blueprint, find_or_404
from app.web.admin.sla_forms import CategoryForm, branch_ids
from app.web.shell.session import requires_role
from app.workflow import catalog


@blueprint.get("/admin/categories")
@requires_role("admin")
def category_list() -> Page:
    """Show the category tree and the form to add a category."""
    return render_categories(category_form(None))


@blueprint.post("/admin/categories")
@requires_role("admin")
def create_category() -> Page:
    """Add a category."""
    form = category_form(None)
    if form.validate_on_submit() and save_category(form, None):
        flash(_("Category %(name)s was added.", name=form.name.data), "info")
        return redirect(url_for("admin.category_list"))
    return render_categories(form)


@blueprint.route("/admin/categories/<int:category_id>", methods=["GET", "POST"])
@requires_role("admin")
def edit_category(category_id: int) -> Page:
    """Show a category's form and save its changes."""
    category = find_or_404(categories.require_category, category_id)
    form = category_form(category)
    if form.validate_on_submit() and save_category(form, category_id):
        flash(_("The changes to category %(name)s were saved.", name=form.name.data), "info")
        return redirect(url_for("admin.category_list"))
    status = 422 if form.errors else 200
    return render_template("admin/category_form.html", form=form, category=category,
                           processes=process_ids()), status


def category_form(category: Any) -> CategoryForm:
    """Build the category form with its choices; an existing category fills it on first display."""
    if category is not None and request.method == "GET":
        form = CategoryForm(data={"name": category.name, "parent_id": str(category.parent_id or ""),
                                  "process_id": category.process_id, "default_group": category.default_group or "",
                                  "sla_policy": category.sla_policy or "",
                                  "requires_approval": category.requires_approval,
                                  "closed_reply_policy": category.closed_reply_policy or "new"})
    else:
        form = CategoryForm()
    tree = categories.category_tree()
    policies = [policy.name for policy, _calendar, _targets in service_levels.list_policies()]
    form.set_choices(tree, [group.name for group in groups.list_groups()], policies,
                     branch_ids(tree, category.id) if category is not None else set())
    return form


def save_category(form: CategoryForm, category_id: int | None) -> bool:
    """Create or update the category; on refusal put the service's messages next to the fields."""
    values = form.values()
    try:
        if category_id is None:
            categories.create_category(**values)
        else:
            categories.update_category(category_id, **values)
    except InvalidValues as refused:
        if "process_id" in refused.errors:  # said in the reader's language, naming the process typed
            refused.errors.pop("process_id")
            form.process_id.errors = [*form.process_id.errors, _(
                "No process %(process)s is deployed, so tickets of this category could not start. Deploy it first "
                "or choose a deployed process.", process=values["process_id"])]
        add_field_errors(form, refused)
    except Conflict:
        form.name.errors = [*form.name.errors, _(
            "Another category at this place of the tree is already called %(name)s. Choose another name or "
            "another parent.", name=values["name"])]
    except NotFound:
        form.parent_id.errors = [*form.parent_id.errors, _(
            "The chosen parent no longer exists. Choose another parent.")]
    else:
        return True
    return False


def render_categories(form: CategoryForm) -> Page:
    """Render the tree page (422 when the add form was posted with errors)."""
    status = 422 if form.errors else 200
    return render_template("admin/categories.html", tree=categories.category_tree(), form=form,
                           processes=process_ids()), status


def process_ids() -> list[str]:
    """Return the ids of the deployed processes, offered as suggestions."""
    return [process.process_id for process in catalog.list_processes()]
