"""The task inbox for agents and approvers: my tasks, the group queue, claim and release.

The task page itself (form, completion, reassignment) lives in app/web/desk/task_form.py and is
registered on this blueprint.
"""
from datetime import datetime, timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from app.organisation.accounts import Actor
from app.organisation.policies import INBOX_ROLES
from app.platform.errors import InvalidValues, NotAllowed, NotFound, TaskAlreadyFinished
from app.servicedesk.desk.queue_rows import queue_tickets
from app.servicedesk.desk.ticket_page import SLA_STATE_WORDS
from app.web.desk import task_form
from app.web.shell.auth import safe_next
from app.web.shell.session import current_actor, requires_role, select_locale
from app.wiring import current_runtime
from app.workflow.catalog import process_names
from app.workflow.tasks.actions import claim_task, claim_tasks, release_task
from app.workflow.tasks.tasklist import SORTS, TaskPage, TaskQuery, list_task_page, urgency

blueprint = Blueprint("inbox", __name__)
PAGE_SIZE = 50


@blueprint.get("/inbox")
@requires_role(*INBOX_ROLES)
def mine() -> str:
    """Show the open tasks assigned to me."""
    return render_inbox("mine")


@blueprint.get("/inbox/queue")
@requires_role(*INBOX_ROLES)
def queue() -> str:
    """Show the unclaimed tasks offered to my groups or to me by name."""
    return render_inbox("queue")


def render_inbox(scope: str) -> str:
    """Render one page of a scope with the filters and order the query string asks for."""
    actor = current_actor()
    now = current_runtime().clock.now()
    query = inbox_query(scope, actor, now)
    page = read_page(actor, query)
    later_page = bool(request.args.get("after") or request.args.get("before"))
    return render_template(
        "inbox/list.html", scope=scope, page=page, query=query, overdue=query.due_before is not None,
        urgencies={task.id: urgency(task.due_at, now) for task in page.tasks}, processes=process_names(select_locale()),
        tickets=queue_tickets(actor, (task.business_key for task in page.tasks), now), sla_words=SLA_STATE_WORDS,
        left_words=left_words,
        groups=sorted(actor.groups), filtered=is_filtered(query),
        next_url=page_url(query, after=page.next_after), previous_url=page_url(query, before=page.previous_before),
        first_url=url_for(request.endpoint or "inbox.mine", **filter_args(query)) if later_page else None,
        here=request.full_path if request.query_string else request.path)


def left_words(left: timedelta) -> str:
    """Say how long until a target ("3 hours left"), or how long ago it was missed ("2 hours late")."""
    if left < timedelta(0):
        return _("%(time)s late", time=format_timedelta(-left, threshold=1))
    return _("%(time)s left", time=format_timedelta(left, threshold=1))


def read_page(actor: Actor, query: TaskQuery) -> TaskPage:
    """Read the page the query string's cursor names; a damaged cursor starts the list afresh, with a note."""
    after, before = request.args.get("after") or None, request.args.get("before") or None
    try:
        return list_task_page(actor, query, after=after, before=before, limit=PAGE_SIZE)
    except InvalidValues:
        if after is None and before is None:
            raise
        flash(_("A page link was damaged, so a list starts from the beginning again."), "warning")
        return list_task_page(actor, query, limit=PAGE_SIZE)


def inbox_query(scope: str, actor: Actor, now: datetime) -> TaskQuery:
    """Read the filters and order from the query string; ignore values that make no sense.

    The group list offers only the user's own groups, so another group's name is ignored too.
    """
    args = request.args
    sort = args.get("sort") or "due"
    group = args.get("group") or None
    return TaskQuery(
        scope=scope, process=args.get("process") or None, min_priority=whole_number(args.get("priority")),
        group=group if group in actor.groups else None, sort=sort if sort in SORTS else "due",
        due_before=now if args.get("overdue") in ("1", "on", "true", "y") else None,
    )


def whole_number(text: str | None) -> int | None:
    """Read a whole number a database integer can hold, or None for blank, unreadable or huge text."""
    try:
        number = int(text) if text else None
    except ValueError:
        return None
    return number if number is not None and abs(number) < 2 ** 31 else None


def filter_args(query: TaskQuery) -> dict[str, Any]:
    """Return the query-string values of a query's filters and order (not its cursor)."""
    args: dict[str, Any] = {"sort": query.sort}
    for name, value in (("process", query.process), ("priority", query.min_priority), ("group", query.group)):
        if value is not None:
            args[name] = value
    if query.due_before is not None:
        args["overdue"] = "1"
    return args


def is_filtered(query: TaskQuery) -> bool:
    """Say whether any filter narrows the list."""
    return any(value is not None for value in (query.process, query.min_priority, query.group, query.due_before))


def page_url(query: TaskQuery, **cursor: str | None) -> str | None:
    """Return the link to the page a cursor names (after= or before=), with the same filters; None without one."""
    if all(value is None for value in cursor.values()):
        return None
    endpoint = "inbox.mine" if query.scope == "mine" else "inbox.queue"
    return url_for(endpoint, **{**filter_args(query), **cursor})


@blueprint.post("/tasks/<task_id>/claim")
@requires_role(*INBOX_ROLES)
def claim(task_id: str) -> Response:
    """Claim a task from the queue and go back where the button was."""
    try:
        claim_task(current_runtime(), task_id, current_actor().login)
        flash(_("Task claimed. You find it under My tasks."), "info")
    except NotAllowed:
        flash(_("You cannot claim this task: someone else has claimed it, or it is not offered to you."), "error")
    except (TaskAlreadyFinished, NotFound):
        flash_closed(task_id)
    return redirect(safe_next(request.form.get("next")) or url_for("inbox.queue"))


@blueprint.post("/tasks/claim")
@requires_role(*INBOX_ROLES)
def claim_several() -> Response:
    """Claim the tasks ticked in the queue; say how many were claimed and why any others were not."""
    chosen = request.form.getlist("task_id")
    back = redirect(safe_next(request.form.get("next")) or url_for("inbox.queue"))
    if not chosen:
        flash(_("Tick the tasks to claim first."), "warning")
        return back
    refused = claim_tasks(current_runtime(), chosen, current_actor().login)
    claimed = len(set(chosen)) - len(refused)
    if claimed:
        flash(_("%(count)d tasks claimed. You find them under My tasks.", count=claimed), "info")
    if refused:
        flash(_("%(count)d tasks were not claimed: someone else has claimed them, they are closed, or they are "
                "not offered to you.", count=len(refused)), "error")
    return back


@blueprint.post("/tasks/<task_id>/release")
@requires_role(*INBOX_ROLES)
def release(task_id: str) -> Response:
    """Give a task back to the queue and go back where the button was."""
    try:
        release_task(current_runtime(), task_id, current_actor().login)
        flash(_("Task released. It is back in the group queue."), "info")
    except NotAllowed:
        flash(_("You cannot release this task because it is not assigned to you."), "error")
    except (TaskAlreadyFinished, NotFound):
        flash_closed(task_id)
    return redirect(safe_next(request.form.get("next")) or url_for("inbox.mine"))


def flash_closed(task_id: str) -> None:
    """Flash why a task is not open any more; a task id that never existed is a 404."""
    message = task_form.closed_message(task_id)
    if message is None:
        abort(404)
    flash(message, "warning")


# Any signed-in person may open a task page: the service lets only its assignee and candidates see it, so
# requesters answer, confirm and rate their own incidents on the same form pages agents use.
blueprint.add_url_rule("/tasks/<task_id>", "task", login_required(task_form.task), methods=["GET", "POST"])
blueprint.add_url_rule("/tasks/<task_id>/reassign", "reassign", requires_role(*INBOX_ROLES)(task_form.reassign),
                       methods=["POST"])
