"""The organisation's admin pages (admins only): users here; departments and groups in their own modules."""
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from app.messaging.mail.bounces import address_mark
from app.organisation import departments, groups, tokens, user_search
from app.organisation import users as user_service
from app.organisation.models import ROLES
from app.organisation.policies import may_deactivate
from app.platform.errors import Conflict, InvalidValues, NotAllowed, NotFound, TaskAlreadyFinished
from app.web.admin import calendars as admin_calendars
from app.web.admin import categories as admin_categories
from app.web.admin import change_schedule as admin_change_schedule
from app.web.admin import credentials as admin_credentials
from app.web.admin import departments as admin_departments
from app.web.admin import groups as admin_groups
from app.web.admin import mail as admin_mail
from app.web.admin import problem_settings as admin_problem_settings
from app.web.admin import reply_templates as admin_reply_templates
from app.web.admin import service_levels as admin_service_levels
from app.web.admin import settings as admin_settings
from app.web.admin.base import Page, add_field_errors, blueprint, find_or_404
from app.web.admin.forms import (
    ROLE_LABELS,
    ConfirmForm,
    FilterForm,
    NewUserForm,
    ReassignForm,
    UserForm,
    department_choices,
)
from app.web.shell.profile_forms import COMMON_TIMEZONES
from app.web.shell.session import current_actor, requires_role, sign_in
from app.wiring import current_runtime
from app.workflow.tasks.actions import reassign_task
from app.workflow.tasks.personal import list_personal_tasks

# Importing these modules adds their pages to the blueprint.
__all__ = ["admin_calendars", "admin_categories", "admin_change_schedule", "admin_credentials", "admin_departments",
           "admin_groups", "admin_mail", "admin_problem_settings", "admin_reply_templates", "admin_service_levels",
           "admin_settings", "blueprint"]


@blueprint.get("/admin")
@requires_role("admin")
def index() -> Response:
    """Send admins to the user list."""
    return redirect(url_for("admin.users"))


@blueprint.get("/admin/users")
@requires_role("admin")
def users() -> str:
    """List users with search, filters and keyset pagination."""
    tree = departments.department_tree()
    form = FilterForm(formdata=request.args)
    form.group.choices = [SelectChoice("", _("Any group"))] + [SelectChoice(g.name) for g in groups.list_groups()]
    form.role.choices = [SelectChoice("", _("Any role"))] + [SelectChoice(r, str(ROLE_LABELS[r])) for r in ROLES]
    form.department.choices = department_choices(tree, _("Any department"))
    query = users_query(form)
    page = user_search.search_users(query, after=form.after.data or None, before=form.before.data or None)
    filters = {key: value for key, value in request.args.items() if key not in ("after", "before") and value}
    return render_template("admin/users.html", form=form, page=page, filters=filters,
                           filtered=bool(filters))


def users_query(form: FilterForm) -> user_search.UserQuery:
    """Turn the list's filter form into a query."""
    department = form.department.data
    return user_search.UserQuery(
        text=form.q.data or "", group=form.group.data or None, role=form.role.data or None,
        department_id=int(department) if department and department.isdigit() else None,
        active={"yes": True, "no": False}.get(form.active.data or ""))


@blueprint.route("/admin/users/new", methods=["GET", "POST"])
@requires_role("admin")
def new_user() -> Page:
    """Show the new-user form and create the user."""
    form = user_form(form_class=NewUserForm)
    if form.validate_on_submit():
        try:
            user_service.add_user(current_runtime(), current_actor(), form.login.data, [], details=form.details(),
                                  password_hash_method=current_app.config["PASSWORD_HASH_METHOD"])
        except Conflict:
            form.login.errors = [_("A user with this login already exists; choose another login.")]
        except InvalidValues as refused:
            add_field_errors(form, refused)
        else:
            flash(_("User %(login)s was created.", login=form.login.data), "info")
            return redirect(url_for("admin.edit_user", login=form.login.data))
    return render_template("admin/user_form.html", form=form, user=None, timezones=COMMON_TIMEZONES)


@blueprint.route("/admin/users/<login>", methods=["GET", "POST"])
@requires_role("admin")
def edit_user(login: str) -> Page:
    """Show a user's form and open tasks, and save changes."""
    user = find_or_404(user_service.require_user, login)
    form = user_form(user)
    if form.validate_on_submit():
        try:
            saved = user_service.update_user(current_actor(), login, form.details(),
                                             password_hash_method=current_app.config["PASSWORD_HASH_METHOD"])
        except InvalidValues as refused:
            add_field_errors(form, refused)
        except NotAllowed:  # the one refusal an admin meets here: taking the admin role from themselves
            form.roles.errors = [_("You cannot remove the administrator role from your own account.")]
        else:
            if form.password.data and saved.id == current_actor().id:
                sign_in(saved)  # a new password ended every session, this one included: go on in a new one
            flash(_("The changes to %(login)s were saved.", login=login), "info")
            return redirect(url_for("admin.edit_user", login=login))
    return render_template("admin/user_form.html", form=form, user=user, timezones=COMMON_TIMEZONES,
                           tasks=list_personal_tasks(login), mail_mark=address_mark(user.email),
                           tokens=tokens.list_tokens(current_runtime(), current_actor(), login))


def user_form(user: Any = None, form_class: type[UserForm] = UserForm) -> UserForm:
    """Build the user form with its choices, filled from a user on first display."""
    form = form_class(obj=user) if user is not None and request.method == "GET" else form_class()
    names = [g.name for g in groups.list_groups()]
    form.set_choices(departments.department_tree(), names)
    if user is not None and request.method == "GET":
        memberships = user_service.memberships_of(user.id)
        form.department_id.data = str(user.department_id or "")
        form.groups.data = list(memberships)
        form.lead_of.data = [name for name, lead in memberships.items() if lead]
        form.roles.data = user_service.roles_of(user.id)
    elif request.method == "GET":
        form.roles.data = ["requester"]
    return form


@blueprint.route("/admin/users/<login>/deactivate", methods=["GET", "POST"])
@requires_role("admin")
def deactivate_user(login: str) -> Page:
    """Confirm, then stop a user from signing in; their open tasks stay for reassignment."""
    user = find_or_404(user_service.require_user, login)
    if not may_deactivate(current_actor(), user.id):
        flash(_("You cannot deactivate your own account."), "error")
        return redirect(url_for("admin.edit_user", login=login))
    return change_active(login, False)


@blueprint.route("/admin/users/<login>/reactivate", methods=["GET", "POST"])
@requires_role("admin")
def reactivate_user(login: str) -> Page:
    """Confirm, then let a deactivated user sign in again."""
    return change_active(login, True)


def change_active(login: str, active: bool) -> Page:
    """Show the confirmation step and, once confirmed, deactivate or reactivate the user."""
    user = find_or_404(user_service.require_user, login)
    form = ConfirmForm()
    if form.validate_on_submit():
        user_service.set_active(current_actor(), login, active)
        flash(_("%(login)s can sign in again.", login=login) if active else
              _("%(login)s can no longer sign in. Reassign their open tasks below.", login=login), "info")
        return redirect(url_for("admin.edit_user", login=login))
    return render_template("admin/confirm_active.html", form=form, user=user, active=active,
                           tasks=list_personal_tasks(login))


@blueprint.post("/admin/users/<login>/tasks/<task_id>/reassign")
@requires_role("admin")
def reassign_user_task(login: str, task_id: str) -> Response:
    """Hand one of a user's open tasks to someone else."""
    form = ReassignForm()
    if not form.validate_on_submit():
        flash(_("Enter the login of the person who should take the task over."), "error")
        return redirect(url_for("admin.edit_user", login=login))
    new_login = (form.new_login.data or "").strip()
    try:
        reassign_task(current_runtime(), task_id, current_actor(), new_login, form.reason.data or "")
    except NotFound:
        flash(_("The task is no longer open, or there is no active user '%(login)s'. Check the login and "
                "try again.", login=new_login), "error")
    except TaskAlreadyFinished:
        flash(_("The task was completed or cancelled meanwhile; nothing needs reassigning."), "info")
    except NotAllowed:
        flash(_("You may not reassign this task."), "error")
    else:
        flash(_("The task now belongs to %(login)s.", login=new_login), "info")
    return redirect(url_for("admin.edit_user", login=login))
