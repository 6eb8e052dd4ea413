"""The flowdesk command line: a Flask CLI group over the app factory."""
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import FlaskGroup
from sqlalchemy.exc import OperationalError, ProgrammingError

from app.factory import create_app
from app.messaging import undelivered
from app.organisation import accounts, departments, groups, users
from app.organisation.models import ROLES
from app.organisation.policies import Actor, system_actor
from app.organisation.users import UserDetails
from app.platform.errors import InvalidValues, ServiceError
from app.wiring import current_runtime
from app.workflow import catalog, deployment, history, instances, tasklist, tasks, timers
from engine.errors import EngineError
from forms import parse_cli_assignments


def fail(message: str, code: int = 1) -> None:
    """Print a one-line message on stderr and exit non-zero."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn every error into one line on stderr and a non-zero exit; never a traceback."""
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InvalidValues as exc:
            for field, messages in exc.errors.items():
                for message in messages:
                    click.echo(f"error: {field}: {message}", err=True)
            fail(str(exc))
        except (ServiceError, EngineError) as exc:
            fail(str(exc))
        except (OperationalError, ProgrammingError) as exc:
            detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            fail(f"the database refused the request ({detail}); run 'flowdesk init-db' if it is new.")
        except OSError as exc:
            fail(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # the promise is: no traceback, ever
            fail(f"unexpected {type(exc).__name__}: {exc}", code=2)
    return wrapper


def emit(data: Any, as_json: bool, lines: Callable[[], list[str]]) -> None:
    """Print data as JSON or as human-readable lines."""
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
        return
    for line in lines():
        click.echo(line)


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=True)
def main() -> None:
    """FlowDesk: IT service management where every flow is a BPMN diagram."""


@main.command("init-db")
@reports_errors
def init_db() -> None:
    """Create or upgrade the database schema (safe to run twice)."""
    from flask_migrate import upgrade

    upgrade()
    click.echo("The database schema is up to date.")


@main.command("deploy")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--as", "actor", default="cli", show_default=True, help="Who deploys.")
@json_option
@reports_errors
def deploy(files: tuple[str, ...], actor: str, as_json: bool) -> None:
    """Deploy BPMN files; changed processes become a new version."""
    runtime = current_runtime()
    results: list[dict[str, Any]] = []
    refused: list[str] = []
    for file_name in files:
        content = Path(file_name).read_bytes()
        try:
            deployed = deployment.deploy_diagram(runtime, content, Path(file_name).name, actor)
        except EngineError as exc:
            refused.append(str(exc))
            continue
        results.extend(d.to_dict() for d in deployed)
    emit(results, as_json, lambda: [
        f"{r['process_id']}\t{r['name']}\tversion {r['version']}" + ("" if r["created"] else " (unchanged)")
        for r in results])
    for message in refused:
        click.echo(f"refused: {message}", err=True)
    if refused:
        sys.exit(1)


@main.command("processes")
@json_option
@reports_errors
def processes(as_json: bool) -> None:
    """List deployed processes with their latest version and instance counts."""
    rows = [p.to_dict() for p in catalog.list_processes()]
    emit(rows, as_json, lambda: [
        f"{r['process_id']}\t{r['name']}\tv{r['latest_version']}\tdeployed {r['deployed_at']}\t"
        f"running {r['running']}\tcompleted {r['completed']}" for r in rows] or ["No process is deployed."])


@main.command("start")
@click.argument("process_id")
@click.option("--var", "variables", multiple=True, metavar="NAME=VALUE", help="A start variable or form field.")
@click.option("--business-key", default=None, help="The ticket number this instance belongs to.")
@click.option("--as", "actor", default=None, help="Who starts it.")
@json_option
@reports_errors
def start(process_id: str, variables: tuple[str, ...], business_key: str | None, actor: str | None,
          as_json: bool) -> None:
    """Start an instance of the latest version of a process and print its id."""
    values = parse_assignments(variables)
    instance_id = instances.start_instance(current_runtime(), process_id, values, business_key, actor)
    emit({"instance_id": instance_id}, as_json, lambda: [str(instance_id)])


def parse_assignments(pairs: tuple[str, ...]) -> dict[str, str]:
    """Parse NAME=VALUE options, failing with one line on a malformed one."""
    try:
        return parse_cli_assignments(pairs)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


@main.command("tasks")
@click.option("--user", default=None, help="Tasks this user may work on.")
@click.option("--group", default=None, help="Tasks offered to this group.")
@click.option("--instance", "instance_id", type=int, default=None, help="Tasks of one instance.")
@json_option
@reports_errors
def list_tasks(user: str | None, group: str | None, instance_id: int | None, as_json: bool) -> None:
    """List open user tasks."""
    found = tasklist.list_tasks(user, group, instance_id)
    rows = [t.to_dict(with_fields=as_json) for t in found]
    emit(rows, as_json, lambda: [
        f"{r['id']}\t{r['name']}\t{r['process_id']}\tinstance {r['instance_id']}\t{r['business_key'] or '-'}\t"
        f"groups {','.join(r['candidate_groups']) or '-'}\tusers {','.join(r['candidate_users']) or '-'}\t"
        f"assignee {r['assignee'] or '-'}\tpriority {r['priority'] if r['priority'] is not None else '-'}\t"
        f"due {r['due_at'] or '-'}" for r in rows] or ["No open tasks."])


@main.command("claim")
@click.argument("task_id")
@click.option("--as", "actor", required=True, help="Who claims it.")
@reports_errors
def claim(task_id: str, actor: str) -> None:
    """Claim an open task."""
    tasks.claim_task(current_runtime(), task_id, actor)
    click.echo(f"Task {task_id} is now assigned to {actor}.")


@main.command("release")
@click.argument("task_id")
@click.option("--as", "actor", required=True, help="Who releases it.")
@reports_errors
def release(task_id: str, actor: str) -> None:
    """Release a claimed task back to its candidates."""
    tasks.release_task(current_runtime(), task_id, actor)
    click.echo(f"Task {task_id} is back in its group queue.")


@main.command("complete")
@click.argument("task_id")
@click.option("--as", "actor", required=True, help="Who completes it.")
@click.option("--field", "fields", multiple=True, metavar="NAME=VALUE", help="A form field value.")
@json_option
@reports_errors
def complete(task_id: str, actor: str, fields: tuple[str, ...], as_json: bool) -> None:
    """Complete a task with its form values."""
    status = tasks.complete_task(current_runtime(), task_id, actor, parse_assignments(fields))
    emit({"task_id": task_id, "instance_status": status}, as_json,
         lambda: [f"Task {task_id} completed; the instance is {status}."])


@main.command("instances")
@click.option("--status", default=None, help="running, completed, cancelled or needs_attention.")
@click.option("--process", "process_id", default=None, help="Only this process id.")
@click.option("--limit", default=100, show_default=True)
@json_option
@reports_errors
def list_instances(status: str | None, process_id: str | None, limit: int, as_json: bool) -> None:
    """List instances, newest first."""
    rows = [i.to_dict() for i in instances.list_instances(status, process_id, limit)]
    emit(rows, as_json, lambda: [
        f"{r['id']}\t{r['process_id']} v{r['version']}\t{r['business_key'] or '-'}\t{r['status']}\t"
        f"started {r['started_at']}" for r in rows] or ["No instances."])


@main.command("show")
@click.argument("instance_id", type=int)
@json_option
@reports_errors
def show(instance_id: int, as_json: bool) -> None:
    """Show an instance: status, version, variables, open tasks, waiting timers."""
    details = instances.show_instance(current_runtime(), instance_id).to_dict()
    emit(details, as_json, lambda: describe_instance(details))


def describe_instance(d: dict[str, Any]) -> list[str]:
    """Render instance details as lines."""
    lines = [f"Instance {d['id']}: {d['process_id']} version {d['version']}, {d['status']}",
             f"Business key: {d['business_key'] or '-'}", f"Started {d['started_at']} by {d['started_by'] or '-'}"]
    if d["last_error"]:
        lines.append(f"Last error: {d['last_error']}")
    lines.append("Variables:")
    lines += [f"  {name} = {json.dumps(value, ensure_ascii=False)}" for name, value in sorted(d["variables"].items())]
    lines.append("Open tasks:" if d["open_tasks"] else "Open tasks: none")
    lines += [f"  {t['id']}\t{t['name']}\tassignee {t['assignee'] or '-'}\tdue {t['due_at'] or '-'}"
              for t in d["open_tasks"]]
    lines.append("Waiting timers:" if d["timers"] else "Waiting timers: none")
    lines += [f"  {t['element_id']}\t{t['name']}\t{t['kind']}\tdue {t['due_at']}" for t in d["timers"]]
    return lines


@main.command("fire-timers")
@json_option
@reports_errors
def fire_timers(as_json: bool) -> None:
    """Fire every timer that is due now (one pass)."""
    result = timers.fire_due_timers(current_runtime())
    rows = [f.to_dict() for f in result.fired]
    lines = ([f"fired {r['name']} ({r['element_id']}) on instance {r['instance_id']}" for r in rows]
             + [f"failed: {f}" for f in result.failed]
             + [f"repaired the task and timer rows of instance {i}" for i in result.repaired]
             + [f"postponed instance {i} to the next pass: the database kept failing" for i in result.postponed])
    emit({"fired": rows, "failed": [str(f) for f in result.failed], "repaired": result.repaired,
          "postponed": result.postponed}, as_json, lambda: lines or ["No timer was due."])


@main.command("scheduler")
@reports_errors
def scheduler() -> None:
    """Run timers and the outbox every FLOWDESK_TIMER_POLL_SECONDS until stopped."""
    from flask import current_app

    from app.scheduler import run_blocking

    run_blocking(current_app._get_current_object())


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--threads", default=8, show_default=True, help="Request threads.")
@click.option("--scheduler/--no-scheduler", "with_scheduler", default=True, show_default=True,
              help="Run the timer and outbox jobs in this process (turn off when 'flowdesk scheduler' runs them).")
@reports_errors
def serve(host: str, port: int, threads: int, with_scheduler: bool) -> None:
    """Serve the web app (waitress) with its scheduler in the same process, for one-machine installs."""
    from flask import current_app
    from waitress import serve as serve_wsgi

    from app.scheduler import start_background

    app = current_app._get_current_object()
    if with_scheduler:
        start_background(app)
        click.echo(f"FlowDesk is serving http://{host}:{port}/ (the scheduler runs in this process; "
                   f"Ctrl+C stops both).")
    else:
        click.echo(f"FlowDesk is serving http://{host}:{port}/ (no scheduler here: run 'flowdesk scheduler').")
    serve_wsgi(app, host=host, port=port, threads=threads)


@main.command("history")
@click.argument("instance_id", type=int)
@json_option
@reports_errors
def show_history(instance_id: int, as_json: bool) -> None:
    """Print an instance's events in order."""
    instances.list_instances_by_id(instance_id)
    entries = history.list_history(history.instance_stream(instance_id))
    rows = [e.to_dict() for e in entries]
    emit(rows, as_json, lambda: [
        f"{r['seq']:>4}  {r['at']}  {r['kind']:<18} {r['element_id'] or '-':<20} {r['actor'] or '-':<12} "
        f"{json.dumps(r['data'], ensure_ascii=False) if r['data'] else ''}" for r in rows])


@main.command("verify-history")
@json_option
@reports_errors
def verify_history(as_json: bool) -> None:
    """Recompute every hash chain and name the first broken event of each stream."""
    checked, breaks = history.verify_history()
    data = {"checked": checked, "broken": [b.__dict__ for b in breaks]}
    emit(data, as_json, lambda: [f"Checked {checked} events; every chain holds."] if not breaks else [
        f"BROKEN {b.stream} at event {b.seq} (row id {b.event_id}): {b.reason}" for b in breaks])
    if breaks:
        sys.exit(1)


@main.command("retry")
@click.argument("instance_id", type=int)
@click.option("--as", "actor", default="cli", show_default=True)
@reports_errors
def retry(instance_id: int, actor: str) -> None:
    """Resume an instance that needs attention."""
    status = instances.retry_instance(current_runtime(), instance_id, actor)
    click.echo(f"Instance {instance_id} resumed; it is {status}.")


@main.command("cancel")
@click.argument("instance_id", type=int)
@click.option("--reason", required=True, help="Why the instance is cancelled (kept in its history).")
@click.option("--as", "actor", default="cli", show_default=True)
@reports_errors
def cancel(instance_id: int, reason: str, actor: str) -> None:
    """Cancel a running instance: its open tasks and timers go away."""
    instances.cancel_instance(current_runtime(), instance_id, actor, reason)
    click.echo(f"Instance {instance_id} is cancelled.")


@main.group("users")
def users_group() -> None:
    """Manage users, their groups and roles."""


def cli_actor() -> Actor:
    """Return who organisation commands act as: whoever runs the command line administers the installation."""
    return system_actor("cli")


def password_hash_method() -> str:
    """Return the password hash the app is configured with."""
    return str(current_app.config["PASSWORD_HASH_METHOD"])


def user_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by users add and users update."""
    for option in reversed([
        click.option("--groups", default=None, help="Comma-separated group names (replaces the current ones)."),
        click.option("--roles", default=None, help=f"Comma-separated roles: {', '.join(ROLES)}."),
        click.option("--lead-of", default="", help="Comma-separated groups this user leads."),
        click.option("--name", "display_name", default=None, help="Display name."),
        click.option("--email", default=None),
        click.option("--phone", default=None),
        click.option("--department", "department_id", type=int, default=None, help="Department id."),
        click.option("--language", default=None, help="en or zh_CN."),
        click.option("--timezone", default=None, help="IANA name, e.g. Asia/Shanghai."),
        click.option("--password", default=None, help="Password (prompted for when given as '-')."),
    ]):
        command = option(command)
    return command


def user_details(groups: str | None, roles: str | None, lead_of: str, password: str | None,
                 **fields: Any) -> UserDetails:
    """Build UserDetails from command-line options."""
    if password == "-":
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return UserDetails(groups=split_names(groups), roles=split_names(roles), lead_of=split_names(lead_of) or (),
                       password=password, **fields)


def split_names(text: str | None) -> list[str] | None:
    """Split a comma-separated option; None when the option was not given."""
    return None if text is None else [n.strip() for n in text.split(",") if n.strip()]


@users_group.command("add")
@click.argument("login")
@user_options
@reports_errors
def add_user(login: str, **options: Any) -> None:
    """Add a user (requester unless --roles says otherwise)."""
    details = user_details(**options)
    users.add_user(current_runtime(), cli_actor(), login, details.groups or [], details=details,
                   password_hash_method=password_hash_method())
    click.echo(f"User {login} added" + (f" to {', '.join(details.groups)}." if details.groups else "."))


@users_group.command("update")
@click.argument("login")
@user_options
@reports_errors
def update_user(login: str, **options: Any) -> None:
    """Change a user's details, groups or roles."""
    users.update_user(cli_actor(), login, user_details(**options), password_hash_method=password_hash_method())
    click.echo(f"User {login} updated.")


@users_group.command("deactivate")
@click.argument("login")
@reports_errors
def deactivate_user(login: str) -> None:
    """Stop a user from signing in (their open tasks stay, for reassignment)."""
    users.set_active(cli_actor(), login, False)
    click.echo(f"User {login} can no longer sign in.")


@users_group.command("activate")
@click.argument("login")
@reports_errors
def activate_user(login: str) -> None:
    """Let a deactivated user sign in again."""
    users.set_active(cli_actor(), login, True)
    click.echo(f"User {login} can sign in again.")


@users_group.command("list")
@json_option
@reports_errors
def list_users(as_json: bool) -> None:
    """List users, their groups and roles."""
    rows = [{"login": u.login, "display_name": u.display_name, "active": u.active, "groups": g,
             "roles": users.roles_of(u.id), "language": u.language, "timezone": u.timezone}
            for u, g in users.list_users()]
    emit(rows, as_json, lambda: [
        f"{r['login']}\t{r['display_name']}\t{','.join(r['groups'])}\t{','.join(r['roles'])}"
        + ("" if r["active"] else "\t(deactivated)") for r in rows])


@main.group("departments")
def departments_group() -> None:
    """Manage the department tree."""


@departments_group.command("add")
@click.argument("name")
@click.option("--parent", type=int, default=None, help="Parent department id.")
@reports_errors
def add_department(name: str, parent: int | None) -> None:
    """Add a department."""
    department = departments.add_department(cli_actor(), name, parent)
    click.echo(f"Department {department.id} '{department.name}' added.")


@departments_group.command("list")
@json_option
@reports_errors
def list_departments(as_json: bool) -> None:
    """Print the department tree with ids and the number of people in each."""
    tree = departments.department_tree()
    emit([node.to_dict() for node in tree], as_json, lambda: [
        f"{'  ' * depth}{node.id}\t{node.name}\t{node.people} {'person' if node.people == 1 else 'people'}"
        for node, depth in departments.flatten_tree(tree)] or ["No department exists yet."])


@main.group("groups")
def groups_group() -> None:
    """Manage the groups tasks are offered to."""


@groups_group.command("list")
@json_option
@reports_errors
def list_groups(as_json: bool) -> None:
    """List groups with their member and lead counts."""
    rows = [group.to_dict() for group in groups.list_groups()]
    emit(rows, as_json, lambda: [
        f"{r['name']}\t{r['display_name'] or '-'}\t{r['members']} members\t{r['leads']} leads" for r in rows
    ] or ["No group exists yet."])


@groups_group.command("add")
@click.argument("name")
@click.option("--name", "display_name", default=None, help="Display name.")
@reports_errors
def add_group(name: str, display_name: str | None) -> None:
    """Add a group (its name is what diagrams use as a candidate group)."""
    group = groups.add_group(cli_actor(), name, display_name)
    click.echo(f"Group {group.name} added.")


@main.group("tokens")
def tokens_group() -> None:
    """Manage API tokens."""


@tokens_group.command("create")
@click.argument("login")
@click.option("--name", default="cli", show_default=True, help="What the token is for.")
@reports_errors
def create_token(login: str, name: str) -> None:
    """Create a bearer token for the JSON API and print it (it is shown only once)."""
    click.echo(accounts.create_token(current_runtime(), cli_actor(), login, name))


@main.group("outbox")
def outbox_group() -> None:
    """See the notifications that are not delivered yet, and resend dead ones."""


@outbox_group.command("list")
@click.option("--dead", "dead_only", is_flag=True, help="Only dead messages (every attempt failed).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=undelivered.LIST_LIMIT, show_default=True)
@json_option
@reports_errors
def list_outbox(dead_only: bool, limit: int, as_json: bool) -> None:
    """List dead messages (newest first), then waiting ones in the order they will be tried."""
    rows = [message.to_dict() for message in undelivered.list_undelivered(dead_only, limit)]
    emit(rows, as_json, lambda: [describe_message(r) for r in rows] or [
        "No message is dead." if dead_only else "Every message was delivered; none waits and none is dead."])


def describe_message(row: dict[str, Any]) -> str:
    """Return one line about an undelivered message."""
    pending = row["status"] == "pending"
    when = f"next try {row['next_attempt_at']}" if pending else "resend with 'flowdesk outbox resend ID --as ADMIN'"
    error = f"\t{row['last_error']}" if row["last_error"] else ""
    return (f"{row['id']}\t{row['status']}\t{row['channel']}\t{row['recipient']}\t{row['subject']}\t"
            f"attempts {row['attempts']}\t{when}{error}")


@outbox_group.command("resend")
@click.argument("message_id", type=int)
@click.option("--as", "login", required=True, help="The administrator who resends it (recorded with the message).")
@reports_errors
def resend_outbox_message(message_id: int, login: str) -> None:
    """Put a dead message back in the queue with its attempts reset; the next delivery pass sends it."""
    actor = accounts.actor_for(users.require_active_user(login))
    message = undelivered.resend_message(current_runtime(), actor, message_id)
    click.echo(f"Message {message.id} to {message.recipient} is back in the queue; the next delivery pass sends it.")
