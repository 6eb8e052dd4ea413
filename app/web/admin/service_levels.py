"""The admin pages of service levels: the overview of policies and calendars, and the SLA policy forms."""
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.platform.errors import InvalidValues, NotFound
from app.service_levels import policies as service_levels
from app.service_levels.settings import PolicyDetails, require_policy
from app.web.admin.base import Page, blueprint, find_or_404
from app.web.admin.calendars import calendar_summaries
from app.web.admin.forms import ActionForm
from app.web.admin.sla_forms import PRIORITY_CODES, PolicyForm, working_time_label
from app.web.shell.session import requires_role
from app.wiring import current_runtime


@blueprint.get("/admin/service-levels")
@requires_role("admin")
def service_level_list() -> str:
    """List the SLA policies with their targets, and the business calendars."""
    policies = [{"id": policy.id, "name": policy.name, "calendar": calendar, "warning_share": policy.warning_share,
                 "targets": {t.priority: (t.response_minutes, t.resolution_minutes) for t in targets}}
                for policy, calendar, targets in service_levels.list_policies()]
    return render_template("admin/service_levels.html", policies=policies, calendars=calendar_summaries(),
                           codes=PRIORITY_CODES, duration=working_time_label, defaults=built_in_targets(),
                           default_form=ActionForm(formdata=None))


def built_in_targets() -> list[tuple[str, int, int]]:
    """Return the built-in (priority, response, resolution minutes) that apply while no policy is stored."""
    return [(code, response, resolution)
            for code, (response, resolution) in service_levels.DEFAULT_TARGET_MINUTES.items()]


@blueprint.post("/admin/service-levels/defaults")
@requires_role("admin")
def store_default_service_levels() -> Response:
    """Store the built-in calendar and policy as admin data, so that admins can change them."""
    if ActionForm().validate_on_submit():
        service_levels.ensure_default_service_levels(current_runtime().clock.now())
        flash(_("The built-in calendar and the standard policy are stored; change them below."), "info")
    return redirect(url_for("admin.service_level_list"))


@blueprint.route("/admin/service-levels/policies/new", methods=["GET", "POST"])
@requires_role("admin")
def new_policy() -> Page:
    """Show the form of a new SLA policy and create it."""
    form = policy_form(None)
    if form.validate_on_submit():
        name = form.name.data or ""
        if name in policy_names():
            form.name.errors = [_("A policy named %(name)s already exists. Open it from the list to change it, or "
                                  "choose another name.", name=name)]
        elif save_policy(form, name):
            flash(_("The SLA policy %(name)s was created.", name=name), "info")
            return redirect(url_for("admin.service_level_list"))
    return render_policy_form(form, None)


@blueprint.route("/admin/service-levels/policies/<int:policy_id>", methods=["GET", "POST"])
@requires_role("admin")
def edit_policy(policy_id: int) -> Page:
    """Show an SLA policy's form and save its calendar, warning share and targets."""
    policy = find_or_404(require_policy, policy_id)
    form = policy_form(policy)
    form.name.data = policy.name  # the name stays: categories refer to the policy by it
    if form.validate_on_submit() and save_policy(form, policy.name):
        flash(_("The SLA policy %(name)s was saved.", name=policy.name), "info")
        return redirect(url_for("admin.service_level_list"))
    return render_policy_form(form, policy)


def policy_form(policy: PolicyDetails | None) -> PolicyForm:
    """Build the policy form with the calendars to choose from; a stored policy fills it on first display."""
    if request.method == "POST":
        form = PolicyForm()
    else:
        form = PolicyForm(data=policy_values(policy))
        form.fill_targets(policy.targets if policy is not None else {})
    form.calendar.choices = [row.name for row in service_levels.list_calendars()]
    return form


def policy_values(policy: PolicyDetails | None) -> dict[str, Any]:
    """Return the first values of the policy form: the policy's, or the built-in ones for a new policy."""
    if policy is None:
        return {"calendar": service_levels.DEFAULT_CALENDAR, "warning_percent": "75"}
    return {"name": policy.name, "calendar": policy.calendar_name,
            "warning_percent": str(round(policy.warning_share * 100))}


def save_policy(form: PolicyForm, name: str) -> bool:
    """Save the policy; on refusal put the service's messages next to the fields and return False."""
    try:
        service_levels.save_policy(name, form.calendar.data or "", form.targets(), current_runtime().clock.now(),
                                   form.warning_share())
    except InvalidValues as refused:
        show_policy_errors(form, refused)
        return False
    except NotFound:
        form.calendar.errors = [_("The chosen calendar no longer exists. Choose another calendar.")]
        return False
    return True


def show_policy_errors(form: PolicyForm, refused: InvalidValues) -> None:
    """Put the service's messages (keyed name, warning_share, targets or targets.<priority>) next to their fields."""
    for key, messages in refused.errors.items():
        if key.startswith("targets.") and key.removeprefix("targets.") in PRIORITY_CODES:
            field = form.target_fields(key.removeprefix("targets."))[0]
        elif key == "warning_share":
            field = form.warning_percent
        elif key == "name":
            field = form.name
        else:
            field = form.p1_response
        field.errors = [*field.errors, *messages]


def render_policy_form(form: PolicyForm, policy: PolicyDetails | None) -> Page:
    """Render the policy form (422 when it was posted with errors)."""
    status = 422 if form.errors else 200
    return render_template("admin/policy_form.html", form=form, policy=policy, codes=PRIORITY_CODES), status


def policy_names() -> list[str]:
    """Return the names of the stored policies."""
    return [policy.name for policy, _calendar, _targets in service_levels.list_policies()]
