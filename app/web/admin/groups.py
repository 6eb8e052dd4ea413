"""The admin pages of groups: members, leads, display names."""
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.organisation import groups
from app.platform.errors import Conflict, InvalidValues, NotFound
from app.web.admin.base import Page, add_field_errors, blueprint, find_or_404
from app.web.admin.forms import (
    STRATEGY_LABELS,
    STRATEGY_MEANINGS,
    ActionForm,
    GroupForm,
    GroupNameForm,
    GroupStrategyForm,
    MemberForm,
)
from app.web.shell.session import current_actor, requires_role


@blueprint.get("/admin/groups")
@requires_role("admin")
def group_list() -> str:
    """List groups with their member counts, and the form to add one."""
    return render_template("admin/groups.html", groups=groups.list_groups(), form=GroupForm(formdata=None))


@blueprint.post("/admin/groups")
@requires_role("admin")
def create_group() -> Page:
    """Add a group."""
    form = GroupForm()
    if form.validate_on_submit():
        try:
            group = groups.add_group(current_actor(), form.name.data or "", form.display_name.data)
        except Conflict:
            form.name.errors = [_("A group with this name already exists.")]
        except InvalidValues as refused:
            add_field_errors(form, refused)
        else:
            flash(_("Group %(name)s was added.", name=group.name), "info")
            return redirect(url_for("admin.show_group", name=group.name))
    return render_template("admin/groups.html", groups=groups.list_groups(), form=form), 400


@blueprint.get("/admin/groups/<name>")
@requires_role("admin")
def show_group(name: str) -> Page:
    """Show a group's members and leads, with the forms to change them."""
    group = find_or_404(groups.require_group, name)
    return render_group(group, MemberForm(formdata=None))


def render_group(group: Any, member_form: MemberForm, status: int = 200,
                 strategy_form: GroupStrategyForm | None = None) -> Any:
    """Render a group page."""
    strategy_form = strategy_form or GroupStrategyForm(formdata=None, obj=group)
    return render_template("admin/group.html", group=group, members=groups.list_members(group.name),
                           member_form=member_form, name_form=GroupNameForm(formdata=None, obj=group),
                           strategy_form=strategy_form, strategy_meanings=STRATEGY_MEANINGS), status


@blueprint.post("/admin/groups/<name>/display-name")
@requires_role("admin")
def rename_group(name: str) -> Response:
    """Change a group's display name."""
    find_or_404(groups.require_group, name)
    form = GroupNameForm()
    if form.validate_on_submit():
        groups.rename_group(current_actor(), name, form.display_name.data or "")
        flash(_("The display name of %(name)s was saved.", name=name), "info")
    return redirect(url_for("admin.show_group", name=name))


@blueprint.post("/admin/groups/<name>/assignment-strategy")
@requires_role("admin")
def change_assignment_strategy(name: str) -> Page:
    """Choose how the group's tickets pick a member."""
    group = find_or_404(groups.require_group, name)
    form = GroupStrategyForm()
    if form.validate_on_submit():
        try:
            groups.set_assignment_strategy(current_actor(), name, form.assignment_strategy.data or "")
        except InvalidValues as refused:
            add_field_errors(form, refused)
        else:
            strategy = STRATEGY_LABELS[form.assignment_strategy.data or ""]
            flash(_("The assignment strategy of %(name)s is now: %(strategy)s.", name=name, strategy=strategy), "info")
            return redirect(url_for("admin.show_group", name=name))
    return render_group(group, MemberForm(formdata=None), 422, strategy_form=form)


@blueprint.post("/admin/groups/<name>/members")
@requires_role("admin")
def add_group_member(name: str) -> Page:
    """Put a person in the group."""
    group = find_or_404(groups.require_group, name)
    form = MemberForm()
    if form.validate_on_submit():
        login = (form.login.data or "").strip()
        try:
            groups.add_member(current_actor(), name, login, bool(form.is_lead.data))
        except NotFound:
            form.login.errors = [_("There is no user '%(login)s'.", login=login)]
        else:
            flash(_("%(login)s is now a member of %(name)s.", login=login, name=name), "info")
            return redirect(url_for("admin.show_group", name=name))
    return render_group(group, form, 400)


@blueprint.post("/admin/groups/<name>/members/<login>/remove")
@requires_role("admin")
def remove_group_member(name: str, login: str) -> Response:
    """Take a person out of the group."""
    if ActionForm().validate_on_submit():
        find_or_404(groups.remove_member, current_actor(), name, login)
        flash(_("%(login)s is no longer a member of %(name)s.", login=login, name=name), "info")
    return redirect(url_for("admin.show_group", name=name))


@blueprint.post("/admin/groups/<name>/members/<login>/lead")
@requires_role("admin")
def toggle_group_lead(name: str, login: str) -> Response:
    """Make a member a lead of the group, or take the lead flag away."""
    if ActionForm().validate_on_submit():
        make_lead = request.form.get("lead") == "1"
        find_or_404(groups.set_lead, current_actor(), name, login, make_lead)
        flash(_("%(login)s now leads %(name)s.", login=login, name=name) if make_lead else
              _("%(login)s no longer leads %(name)s.", login=login, name=name), "info")
    return redirect(url_for("admin.show_group", name=name))
