"""The admin pages of the department tree: add, rename, move and delete departments."""
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.organisation import departments
from app.web.admin.base import Page, blueprint, find_or_404
from app.web.admin.forms import (
    ConfirmForm,
    DepartmentForm,
    MoveDepartmentForm,
    RenameDepartmentForm,
    department_choices,
    parent_id_of,
)
from app.web.shell.session import current_actor, requires_role


@blueprint.get("/admin/departments")
@requires_role("admin")
def department_tree() -> str:
    """Show the department tree with the number of people in each, and the form to add one."""
    return render_departments(new_department_form(departments.department_tree()))


def new_department_form(tree: list[departments.DepartmentNode]) -> DepartmentForm:
    """Build the add-a-department form with the tree as parent choices."""
    form = DepartmentForm()
    form.parent_id.choices = department_choices(tree, _("(top level)"))
    return form


def render_departments(form: DepartmentForm, status: int = 200) -> Any:
    """Render the tree page."""
    return render_template("admin/departments.html", tree=departments.department_tree(), form=form), status


@blueprint.post("/admin/departments")
@requires_role("admin")
def create_department() -> Page:
    """Add a department."""
    form = new_department_form(departments.department_tree())
    if not form.validate_on_submit():
        return render_departments(form, 400)
    department = departments.add_department(current_actor(), form.name.data or "", parent_id_of(form.parent_id.data))
    flash(_("Department %(name)s was added.", name=department.name), "info")
    return redirect(url_for("admin.department_tree"))


@blueprint.get("/admin/departments/<int:department_id>")
@requires_role("admin")
def show_department(department_id: int) -> str:
    """Show a department with the forms to rename, move or delete it."""
    department = find_or_404(departments.require_department, department_id)
    rename = RenameDepartmentForm(formdata=None, name=department.name)
    move = move_form(department_id)
    move.parent_id.data = str(department.parent_id or "")
    return render_department(department, rename=rename, move=move)


def move_form(department_id: int) -> MoveDepartmentForm:
    """Build the move form; the department's own branch is left out of the choices."""
    form = MoveDepartmentForm()
    form.parent_id.choices = department_choices(departments.department_tree(), _("(top level)"),
                                                leave_out=set(departments.subtree_ids(department_id)))
    return form


def render_department(department: Any, **forms: Any) -> Any:
    """Render a department page; forms not given start empty."""
    node = next(n for n, _ in departments.flatten_tree(departments.department_tree()) if n.id == department.id)
    forms.setdefault("rename", RenameDepartmentForm(formdata=None, name=department.name))
    forms.setdefault("move", move_form(department.id))
    forms.setdefault("delete", ConfirmForm(formdata=None))
    status = 400 if any(form.errors for form in forms.values()) else 200
    return render_template("admin/department.html", department=department, node=node, **forms), status


@blueprint.post("/admin/departments/<int:department_id>/rename")
@requires_role("admin")
def rename_department(department_id: int) -> Page:
    """Give a department a new name."""
    department = find_or_404(departments.require_department, department_id)
    form = RenameDepartmentForm()
    if not form.validate_on_submit():
        return render_department(department, rename=form)
    departments.rename_department(current_actor(), department_id, form.name.data or "")
    flash(_("The department is now called %(name)s.", name=department.name), "info")
    return redirect(url_for("admin.department_tree"))


@blueprint.post("/admin/departments/<int:department_id>/move")
@requires_role("admin")
def move_department(department_id: int) -> Page:
    """Put a department under another parent; a move into its own branch is refused."""
    department = find_or_404(departments.require_department, department_id)
    form = MoveDepartmentForm()
    form.parent_id.choices = department_choices(departments.department_tree(), _("(top level)"))
    if form.validate_on_submit():
        try:
            departments.move_department(current_actor(), department_id, parent_id_of(form.parent_id.data))
        except departments.DepartmentCycle:
            form.parent_id.errors = [_("A department cannot move under itself or one of its own "
                                       "sub-departments. Choose a parent outside its branch.")]
        else:
            flash(_("Department %(name)s was moved.", name=department.name), "info")
            return redirect(url_for("admin.department_tree"))
    return render_department(department, move=form)


@blueprint.post("/admin/departments/<int:department_id>/delete")
@requires_role("admin")
def delete_department(department_id: int) -> Page:
    """Delete an empty department, once confirmed."""
    department = find_or_404(departments.require_department, department_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_department(department, delete=form)
    try:
        name = departments.delete_department(current_actor(), department_id)
    except departments.DepartmentNotEmpty:
        flash(_("Department %(name)s still has people or sub-departments. Move them elsewhere first.",
                name=department.name), "error")
        return redirect(url_for("admin.show_department", department_id=department_id))
    flash(_("Department %(name)s was deleted.", name=name), "info")
    return redirect(url_for("admin.department_tree"))
