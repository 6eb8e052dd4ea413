"""The survey rules page (process owners and admins): when resolved tickets are surveyed, and the latest decisions."""
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from app.organisation.policies import may_edit_survey_rules
from app.platform.errors import InvalidValues, NotAllowed, NotFound
from app.servicedesk.surveys.answers import list_surveys
from app.servicedesk.surveys.rules import BOUNDS, OUT_OF_BOUNDS, delete_rule, list_rules, save_rule, scope_choices
from app.web.shell.session import current_actor, requires
from app.wiring import current_runtime

blueprint = Blueprint("survey_rules", __name__)
FIELD_LABELS = {
    "sample_percent": _l("Sample share (%)"), "delay_working_days": _l("Delay after resolution (working days)"),
    "min_days_between": _l("At most one survey per person every (days)"),
    "remind_after_days": _l("Remind after (days)"), "expire_after_days": _l("Expire after (days)"),
    "low_score": _l("Open a recovery task at or below score"), "comment_below": _l("Require a comment below score"),
    "recovery_hours": _l("Recovery task deadline (hours)")}
SCOPE_WORDS = {"default": _l("Every other ticket (default)"), "category": _l("Category"),
               "item": _l("Catalogue item")}
REASON_WORDS = {
    "sampled_in": _l("Sent: in the sample"), "sampled_out": _l("Skipped: outside the sample"),
    "no_rule": _l("Skipped: no rule covers the ticket"), "disabled": _l("Skipped: the rule is off"),
    "no_requester": _l("Skipped: the ticket has no requester"),
    "requester_is_assignee": _l("Skipped: the requester worked the ticket herself"),
    "recently_surveyed": _l("Skipped: the person was surveyed recently"),
    "flow_not_deployed": _l("Skipped: the survey diagram is not deployed"),
    "reopened": _l("Skipped: the ticket was reopened before sending"),
    "rated_on_ticket": _l("Skipped: already rated on the ticket")}
STATUS_WORDS = {"scheduled": _l("Scheduled"), "sent": _l("Sent"), "answered": _l("Answered"),
                "expired": _l("Expired"), "skipped": _l("Skipped")}
DEFAULTS = {"sample_percent": 100, "delay_working_days": 1, "min_days_between": 30, "remind_after_days": 3,
            "expire_after_days": 10, "low_score": 2, "comment_below": 3, "recovery_hours": 24}


@blueprint.get("/survey-rules")
@requires(may_edit_survey_rules)
def index() -> str:
    """List the rules, the form of a new or changed rule, and the latest survey decisions."""
    key = request.args.get("key", "default")
    chosen = next((rule for rule in list_rules() if rule.key == key), None)
    if chosen is None:
        return render_page({**DEFAULTS, "key": key, "enabled": True})
    return render_page({**chosen.values, "key": key, "enabled": chosen.enabled})


def render_page(values: dict[str, Any], errors: dict[str, list[str]] | None = None,
                status: int = 200) -> Any:
    """Render the page with the form's values and errors."""
    return render_template("studio/survey_rules.html", rules=list_rules(), choices=scope_choices(),
                           values=values, errors=errors or {}, labels=FIELD_LABELS, bounds=BOUNDS,
                           scopes=SCOPE_WORDS, reasons=REASON_WORDS, statuses=STATUS_WORDS,
                           surveys=list_surveys(current_actor(), limit=50)), status


@blueprint.post("/survey-rules")
@requires(may_edit_survey_rules)
def save() -> Response | tuple[str, int]:
    """Save the posted rule; show the form again with each refusal beside its field."""
    key = request.form.get("key", "")
    values: dict[str, Any] = {field: request.form.get(field, type=int) for field in BOUNDS}
    enabled = request.form.get("enabled") == "on"
    try:
        save_rule(current_actor(), current_runtime().clock, key, enabled, values)
    except InvalidValues as refused:
        errors = {field: [field_message(field, message) for message in messages]
                  for field, messages in refused.errors.items()}
        return render_page({**values, "key": key, "enabled": enabled}, errors, 400)
    except (NotFound, NotAllowed) as refused:
        return render_page({**values, "key": key, "enabled": enabled}, {"key": [_(str(refused))]}, 400)
    flash(_("The survey rule is saved."), "success")
    return redirect(url_for("survey_rules.index"))


def field_message(field: str, message: str) -> str:
    """Return a refusal of a rule's field in the reader's language."""
    if field in BOUNDS and message == OUT_OF_BOUNDS % {"low": BOUNDS[field][0], "high": BOUNDS[field][1]}:
        return _("Give a whole number from %(low)s to %(high)s.", low=BOUNDS[field][0], high=BOUNDS[field][1])
    return _(message)


@blueprint.post("/survey-rules/<key>/delete")
@requires(may_edit_survey_rules)
def delete(key: str) -> Response:
    """Remove a rule."""
    try:
        delete_rule(current_actor(), key)
    except NotFound:
        flash(_("That survey rule was removed already."), "error")
        return redirect(url_for("survey_rules.index"))
    flash(_("The survey rule is removed."), "success")
    return redirect(url_for("survey_rules.index"))
