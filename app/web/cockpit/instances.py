"""The instance pages: the list for process owners and auditors, and one instance on its diagram."""
from typing import Any

from flask import Blueprint, Response, abort, render_template, request
from flask_login import login_required

from app.organisation.policies import may_operate_instances
from app.platform.errors import NotFound
from app.servicedesk.processes.case_replay import may_replay
from app.web.desk.task_form import local_moment
from app.web.shell.paging import page_after
from app.web.shell.session import current_actor, requires_role, select_locale
from app.web.studio.instance_actions import CancelForm, RetriesForm, RetryForm, VariableForm
from app.wiring import current_runtime
from app.workflow.instances.lifecycle import STATUSES, require_visible_instance
from app.workflow.instances.repair import Repair
from app.workflow.instances.views import STATUS_WORDS, instance_diagram, list_instance_rows, show_instance_page

blueprint = Blueprint("instances", __name__)
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL: larger ones name nothing (404)
# The XML is the process owner's upload: never let a browser run anything in it when opened directly.
DIAGRAM_HEADERS = {"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff",
                   "Content-Security-Policy": "default-src 'none'; sandbox"}


@blueprint.get("/instances")
@requires_role("process_owner", "auditor")
def index() -> str:
    """List instances, newest first, filtered by process and status."""
    status = request.args.get("status") or None
    process_id = request.args.get("process") or None
    after = page_after()
    found = list_instance_rows(status, process_id, after)
    return render_template("instances/index.html", found=found, status=status if status in STATUSES else None,
                           process_id=process_id, statuses=[(name, STATUS_WORDS[name]) for name in STATUSES],
                           paged=after is not None)


@blueprint.get(f"/instances/<int(max={MAX_ID}):instance_id>")
@login_required
def show(instance_id: int) -> str:
    """Show an instance on its diagram with its tasks, timers, variables and history."""
    require_visible(instance_id)
    page = show_instance_page(current_runtime(), instance_id, current_actor(), select_locale())
    return render_template("instances/show.html", page=page, item=page.summary, operate=operator_forms(),
                           repair_values=repair_values(page.repair),
                           may_replay=may_replay(current_actor(), instance_id))


def repair_values(repair: Repair | None) -> dict[str, str]:
    """Return the text each repair editor starts with: the value now, a date-time as the reader's wall-clock time,
    nothing for a value its editor cannot show (the page says what it is above the editor)."""
    values: dict[str, str] = {}
    for field in repair.fields if repair else ():
        value = "" if field.value is None else str(field.value)
        if field.kind == "moment":
            try:
                value = local_moment(value).strftime("%Y-%m-%dT%H:%M")
            except ValueError:
                value = ""
        elif field.kind == "date" and len(value) != 10:
            value = ""
        values[field.name] = value
    return values


def operator_forms() -> dict[str, Any] | None:
    """Return the intervention forms for process owners and admins, or None for everyone else."""
    if not may_operate_instances(current_actor()):
        return None
    return {"retry": RetryForm(prefix="retry"), "cancel": CancelForm(prefix="cancel"),
            "variable": VariableForm(prefix="variable"), "retries": RetriesForm(prefix="retries")}


@blueprint.get(f"/instances/<int(max={MAX_ID}):instance_id>/diagram.bpmn")
@login_required
def diagram(instance_id: int) -> Response:
    """Send the diagram XML of the version the instance runs on."""
    require_visible(instance_id)
    return Response(instance_diagram(instance_id), mimetype="application/xml",
                    headers=DIAGRAM_HEADERS)


def require_visible(instance_id: int) -> None:
    """Answer 404 for an unknown instance and, alike, for one the signed-in person may not see."""
    try:
        require_visible_instance(current_actor(), instance_id)
    except NotFound:
        abort(404)
