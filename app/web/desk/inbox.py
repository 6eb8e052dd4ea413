"""The task inbox for agents and approvers: my tasks, the group queue, claim and release.

The task page itself (form, completion, reassignment) lives in app/web/desk/task_form.py and is
registered on this blueprint.
"""
from datetime import datetime
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from app.organisation.policies import INBOX_ROLES
from app.platform.errors import NotAllowed, NotFound, TaskAlreadyFinished
from app.web.desk import task_form
from app.web.shell.auth import safe_next
from app.web.shell.session import current_actor, requires_role
from app.workflow.inbox import SORTS, Cursor, InboxPage, InboxQuery, list_inbox, process_names
from app.workflow.runtime import current_runtime
from app.workflow.tasks import claim_task, release_task

blueprint = Blueprint("inbox", __name__)
TABLE_TIME = "yyyy-MM-dd HH:mm"  # compact and unambiguous in every language
NONE_KEY = "none"  # the cursor key of rows without a due date or priority


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
    query = inbox_query(scope)
    page = list_inbox(query)
    return render_template(
        "inbox/list.html", scope=scope, page=page, query=query, processes=process_names(),
        groups=sorted(query.groups), filtered=is_filtered(query), next_url=next_page_url(scope, query, page),
        first_url=url_for(request.endpoint or "inbox.mine", **filter_args(query)),
        here=request.full_path if request.query_string else request.path, table_time=TABLE_TIME)


def inbox_query(scope: str) -> InboxQuery:
    """Read the filters, order and cursor from the query string; ignore values that make no sense."""
    actor = current_actor()
    args = request.args
    sort = args.get("sort") or "due"
    if sort not in SORTS:
        sort = "due"
    return InboxQuery(
        scope=scope, login=actor.login, groups=tuple(sorted(actor.groups)), now=current_runtime().clock.now(),
        process=args.get("process") or None, min_priority=whole_number(args.get("priority")),
        group=args.get("group") or None, overdue=args.get("overdue") in ("1", "on", "true", "y"), sort=sort,
        after=read_cursor(sort, args.get("after_key"), args.get("after_id")),
    )


def whole_number(text: str | None) -> int | None:
    """Read a whole number a database integer can hold, or None for blank, unreadable or huge text."""
    try:
        number = int(text) if text else None
    except ValueError:
        return None
    return number if number is not None and abs(number) < 2 ** 31 else None


def read_cursor(sort: str, key: str | None, task_id: str | None) -> Cursor | None:
    """Read the cursor a "Next page" link carries; None when it is missing or malformed."""
    if not key or not task_id:
        return None
    if key == NONE_KEY:
        return Cursor(None, task_id)
    if sort == "priority":
        priority = whole_number(key)
        return Cursor(priority, task_id) if priority is not None else None
    try:
        due_at = datetime.fromisoformat(key)
    except ValueError:
        return None
    return Cursor(due_at, task_id) if due_at.tzinfo is not None else None


def cursor_key_text(cursor: Cursor) -> str:
    """Write a cursor's key for a URL."""
    if cursor.key is None:
        return NONE_KEY
    return cursor.key.isoformat() if isinstance(cursor.key, datetime) else str(cursor.key)


def filter_args(query: InboxQuery) -> dict[str, Any]:
    """Return the query-string values of a query's filters and order (not its cursor)."""
    args: dict[str, Any] = {"sort": query.sort}
    for name, value in (("process", query.process), ("priority", query.min_priority), ("group", query.group)):
        if value is not None:
            args[name] = value
    if query.overdue:
        args["overdue"] = "1"
    return args


def is_filtered(query: InboxQuery) -> bool:
    """Say whether any filter narrows the list."""
    return any(value is not None for value in (query.process, query.min_priority, query.group)) or query.overdue


def next_page_url(scope: str, query: InboxQuery, page: InboxPage) -> str | None:
    """Return the link to the page after this one, or None on the last page."""
    if page.next_cursor is None:
        return None
    endpoint = "inbox.mine" if scope == "mine" else "inbox.queue"
    return url_for(endpoint, **filter_args(query), after_key=cursor_key_text(page.next_cursor),
                   after_id=page.next_cursor.id)


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
