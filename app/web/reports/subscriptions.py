"""The report subscriptions page: a person's scheduled report mails, subscribing from the dashboard, ending one."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from app.organisation.policies import may_see_reports
from app.platform.errors import InvalidValues, NotFound
from app.reports.exports import EXPORT_FORMATS
from app.reports.subscriptions import RULE_EXAMPLE, list_subscriptions, subscribe, unsubscribe
from app.web.shell.session import current_actor, requires
from app.wiring import current_runtime

blueprint = Blueprint("report_subscriptions", __name__)
FILTER_FIELDS = ("from", "to", "group", "category", "priority", "service")


@blueprint.get("/reports/subscriptions")
@requires(may_see_reports)
def index() -> str:
    """List the signed-in person's report subscriptions, with the form to add one for the dashboard's filter."""
    query = {name: request.args[name] for name in FILTER_FIELDS if request.args.get(name)}
    return render_template("reports/subscriptions.html", subscriptions=list_subscriptions(current_actor()),
                           query=query, formats=EXPORT_FORMATS, example=RULE_EXAMPLE, errors={})


@blueprint.post("/reports/subscriptions")
@requires(may_see_reports)
def create() -> Response | tuple[str, int]:
    """Subscribe to the dashboard's filter on a schedule."""
    form = request.form
    query = {name: form[name] for name in FILTER_FIELDS if form.get(name)}
    try:
        subscribe(current_actor(), query, form.get("rule", ""), form.get("export_format", "pdf"),
                  current_runtime().clock.now())
    except InvalidValues as error:
        flash(str(error), "error")
        return render_template("reports/subscriptions.html", subscriptions=list_subscriptions(current_actor()),
                               query=query, formats=EXPORT_FORMATS, example=RULE_EXAMPLE,
                               errors=error.errors, rule=form.get("rule", "")), 422
    flash(gettext("Subscribed: the report will be mailed to you on that schedule."), "success")
    return redirect(url_for("report_subscriptions.index"))


@blueprint.post("/reports/subscriptions/<int:subscription_id>/delete")
@requires(may_see_reports)
def delete(subscription_id: int) -> Response:
    """End one of the signed-in person's subscriptions."""
    try:
        unsubscribe(current_actor(), subscription_id)
        flash(gettext("The subscription has ended."), "success")
    except NotFound as error:
        flash(str(error), "error")
    return redirect(url_for("report_subscriptions.index"))
