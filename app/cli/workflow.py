"""flowdesk commands for diagrams, instances, tasks, timers and history."""
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from app.cli.base import emit, json_option, main, reports_errors
from app.organisation import accounts, users
from app.organisation.accounts import require_process_owner
from app.organisation.policies import Actor, may_set_process_variables, system_actor
from app.wiring import current_runtime
from app.workflow import catalog, deployment, timers
from app.workflow.instances import history, interventions
from app.workflow.instances import lifecycle as instances
from app.workflow.outside.typed_variables import BadVariable, split_typed_name, typed_variables
from app.workflow.runtime import Runtime
from app.workflow.tasks import actions as tasks
from app.workflow.tasks import tasklist
from engine.errors import DiagramRefused
from forms import parse_cli_assignments

FORM_SUFFIX = ".form"  # a Camunda Forms file, deployed beside the diagrams that name it


@main.command("deploy")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--as", "actor", default=None,
              help="The process owner who deploys (an active user with the process_owner role); without it, 'cli'.")
@click.option("--note", default=None, help="What changed and why; kept with each new version and shown on /processes.")
@json_option
@reports_errors
def deploy(files: tuple[str, ...], actor: str | None, note: str | None, as_json: bool) -> None:
    """Deploy BPMN files (with the Camunda Forms .form files they use); changed processes become a new version."""
    runtime = current_runtime()
    actor = require_process_owner(actor).login if actor is not None else "cli"
    forms = {Path(name).name: Path(name).read_bytes() for name in files if name.endswith(FORM_SUFFIX)}
    diagrams = [name for name in files if not name.endswith(FORM_SUFFIX)]
    if not diagrams:
        raise click.UsageError("Only form files were given; deploy them in the same command as the diagrams "
                               "that use them.")
    named = [(Path(file_name).read_bytes(), Path(file_name).name) for file_name in diagrams]
    deployed, refusals = deployment.deploy_each(runtime, named, actor, forms=forms, note=note)
    results = [d.to_dict() for d in deployed]
    refused = [str(problem) for exc in refusals  # every problem of a refused diagram, one line each
               for problem in (exc.problems if isinstance(exc, DiagramRefused) else (exc,))]
    emit(results, as_json, lambda: [
        f"{r['process_id']}\t{r['name']}\tversion {r['version']}" + ("" if r["created"] else " (unchanged)")
        for r in results])
    warnings = {problem for item in deployed for problem in item.warnings}
    for warning in sorted(warnings, key=lambda problem: (problem.element_id or "", problem.message)):
        click.echo(f"warning: {warning.element_id}: {warning.message}", err=True)
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
@click.option("--var", "variables", multiple=True, metavar="NAME[:TYPE]=VALUE",
              help="A start-form field, or another variable the diagram reads; TYPE is one of string (the "
                   "default), boolean, long, integer, double, date (ISO 8601, kept in UTC) or json.")
@click.option("--business-key", default=None, help="The ticket number this instance belongs to.")
@click.option("--as", "actor", default=None, help="Who starts it.")
@json_option
@reports_errors
def start(process_id: str, variables: tuple[str, ...], business_key: str | None, actor: str | None,
          as_json: bool) -> None:
    """Start an instance of the latest version of a process and print its id.

    The command line acts as the server's operator, so it may pass variables beyond the start form.
    """
    try:
        values = typed_variables(parse_assignments(variables))
    except BadVariable as exc:
        raise click.UsageError(str(exc)) from None
    instance_id = instances.start_instance(current_runtime(), process_id, values, business_key, actor,
                                           more_variables=may_set_process_variables(tasklist.OPERATOR))
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
        f"due {r['due_at'] or '-'}" + (f"\tfollow up {r['follow_up_at']}" if r["follow_up_at"] else "")
        for r in rows] or ["No open tasks."])


def task_hand_command(name: str, use_case: Callable[[Runtime, str, str], None], summary: str, who: str,
                      done: str) -> None:
    """Add a command that hands a task to or from the person named by --as (claim, release)."""
    @main.command(name, help=summary)
    @click.argument("task_id")
    @click.option("--as", "actor", required=True, help=who)
    @reports_errors
    def hand(task_id: str, actor: str) -> None:
        use_case(current_runtime(), task_id, actor)
        click.echo(done.format(task_id=task_id, actor=actor))


task_hand_command("claim", tasks.claim_task, "Claim an open task.", "Who claims it.",
                  "Task {task_id} is now assigned to {actor}.")
task_hand_command("release", tasks.release_task, "Release a claimed task back to its candidates.",
                  "Who releases it.", "Task {task_id} is back in its group queue.")


@main.command("reassign")
@click.argument("task_id")
@click.option("--to", "new_assignee", required=True, help="Who gets the task (a login).")
@click.option("--reason", default="", help="Why (kept in the instance's history).")
@click.option("--as", "actor", required=True, help="Who hands it over: an admin or a lead of the task's group.")
@reports_errors
def reassign(task_id: str, new_assignee: str, reason: str, actor: str) -> None:
    """Hand an open task to a named person, as the inbox's reassign does."""
    acting = accounts.actor_for(users.require_active_user(actor))
    tasks.reassign_task(current_runtime(), task_id, acting, new_assignee, reason)
    click.echo(f"Task {task_id} is now assigned to {new_assignee}.")


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
    lines += [f"Incident: {i['element_id']} (topic {i['topic']}) failed with no retries left: "
              f"{i['error_message'] or 'no message'}; fix the cause, then run 'flowdesk retry {d['id']}'"
              for i in d["incidents"]]
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


@main.command("checkpoint-history")
@reports_errors
def checkpoint_history() -> None:
    """Sign the heads of the history streams that grew since the last checkpoint (the scheduler does it too)."""
    count = history.write_checkpoint(current_runtime().clock.now())
    click.echo(f"Signed the heads of {count} streams." if count else "Nothing new to sign since the last checkpoint.")


def operator(login: str) -> Actor:
    """Return who operates an instance from the command line: the server's operator, or the named active user."""
    if login == "cli":
        return system_actor("cli")
    return accounts.actor_for(users.require_active_user(login))


@main.command("retry")
@click.argument("instance_id", type=int)
@click.option("--reason", default="", help="Why (kept in the instance's history with the intervention).")
@click.option("--as", "actor", default="cli", show_default=True)
@reports_errors
def retry(instance_id: int, reason: str, actor: str) -> None:
    """Resume an instance that needs attention, or retry the failed external tasks of its incidents."""
    status = interventions.retry_as_operator(current_runtime(), operator(actor), instance_id, reason)
    click.echo(f"Instance {instance_id} resumed; it is {status}.")


@main.command("cancel")
@click.argument("instance_id", type=int)
@click.option("--reason", required=True, help="Why the instance is cancelled (kept in its history).")
@click.option("--as", "actor", default="cli", show_default=True)
@reports_errors
def cancel(instance_id: int, reason: str, actor: str) -> None:
    """Cancel a running instance: its open tasks and timers go away."""
    interventions.cancel_as_operator(current_runtime(), operator(actor), instance_id, reason)
    click.echo(f"Instance {instance_id} is cancelled.")


@main.command("set-variable")
@click.argument("instance_id", type=int)
@click.argument("assignment", metavar="NAME[:TYPE]=VALUE")
@click.option("--reason", required=True, help="Why the value changes (kept in the instance's history).")
@click.option("--as", "actor", default="cli", show_default=True)
@reports_errors
def set_variable(instance_id: int, assignment: str, reason: str, actor: str) -> None:
    """Give a variable of a running instance (or one that needs attention) a new value, checked like its form field."""
    ((key, text),) = parse_assignments((assignment,)).items()
    name, type_name = split_typed_name_or_usage(key)
    value = interventions.set_variable_as_operator(current_runtime(), operator(actor), instance_id, name,
                                                   type_name or "string", text, reason)
    click.echo(f"Instance {instance_id}: {name} = {json.dumps(value, ensure_ascii=False)}.")


def split_typed_name_or_usage(key: str) -> tuple[str, str | None]:
    """Split NAME:TYPE, failing with one line on an unknown type."""
    try:
        return split_typed_name(key)
    except BadVariable as exc:
        raise click.UsageError(str(exc)) from None
