"""flowdesk users, departments, groups and tokens: the organisation."""
from collections.abc import Callable
from typing import Any

import click
from flask import current_app

from app.cli.base import emit, json_option, main, reports_errors
from app.organisation import departments, groups, passwords, sessions, tokens, users
from app.organisation.models import ROLES
from app.organisation.policies import Actor, system_actor
from app.organisation.users import UserDetails
from app.wiring import current_runtime


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


def user_access_command(name: str, active: bool, summary: str, done: str) -> None:
    """Add a command that lets a user sign in (activate) or stops them (deactivate)."""
    @users_group.command(name, help=summary)
    @click.argument("login")
    @reports_errors
    def set_access(login: str) -> None:
        users.set_active(cli_actor(), login, active)
        click.echo(done.format(login=login))


user_access_command("deactivate", False, "Stop a user from signing in (their open tasks stay, for reassignment).",
                    "User {login} can no longer sign in.")
user_access_command("activate", True, "Let a deactivated user sign in again.", "User {login} can sign in again.")


@users_group.command("reset-password")
@click.argument("login")
@click.option("--password", default="-", help="The temporary password (prompted for when '-', the default).")
@click.option("--must-change/--no-must-change", default=True, show_default=True,
              help="Whether the person must choose a new password at the next sign-in.")
@reports_errors
def reset_password(login: str, password: str, must_change: bool) -> None:
    """Give a person a temporary password; every session of theirs ends."""
    if password == "-":
        password = click.prompt("Temporary password", hide_input=True, confirmation_prompt=True)
    passwords.reset_password(current_runtime(), cli_actor(), login, password, password_hash_method(),
                             must_change=must_change)
    click.echo(f"The password of {login} was reset; every session of theirs ended.")


@users_group.command("sign-out")
@click.argument("login")
@reports_errors
def sign_out_user(login: str) -> None:
    """Sign a person out everywhere (every browser session ends; API tokens are revoked separately)."""
    sessions.end_sessions_of(current_runtime(), cli_actor(), login)
    click.echo(f"{login} was signed out everywhere.")


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
@click.option("--scope", type=click.Choice(tokens.TOKEN_SCOPES), default="write", show_default=True,
              help="read: GET requests only; write: whatever the person may do.")
@click.option("--days", type=int, default=tokens.DEFAULT_TOKEN_DAYS, show_default=True,
              help=f"Days until the token expires (1 to {tokens.MAX_TOKEN_DAYS}).")
@reports_errors
def create_token(login: str, name: str, scope: str, days: int) -> None:
    """Create a bearer token for the JSON API and print it (it is shown only once)."""
    click.echo(tokens.create_token(current_runtime(), cli_actor(), login, name, scope, days))


@tokens_group.command("list")
@click.argument("login", required=False)
@json_option
@reports_errors
def list_tokens(login: str | None, as_json: bool) -> None:
    """List API tokens (of one person, or everyone's): scope, expiry, last use, state; never the token itself."""
    rows = [{"id": t.id, "login": t.login, "name": t.name, "scope": t.scope, "status": t.status,
             "created_at": t.created_at, "created_by": t.created_by, "expires_at": t.expires_at,
             "last_used_at": t.last_used_at, "revoked_at": t.revoked_at, "revoked_by": t.revoked_by}
            for t in tokens.list_tokens(current_runtime(), cli_actor(), login)]
    emit(rows, as_json, lambda: [
        f"{r['id']}\t{r['login']}\t{r['name']}\t{r['scope']}\t{r['status']}\texpires {r['expires_at'] or 'never'}"
        f"\tlast used {r['last_used_at'] or 'never'}" for r in rows] or ["No API token exists."])


@tokens_group.command("revoke")
@click.argument("token_id", type=int)
@reports_errors
def revoke_token(token_id: int) -> None:
    """Revoke an API token at once (its id from 'flowdesk tokens list')."""
    token = tokens.revoke_token(current_runtime(), cli_actor(), token_id)
    click.echo(f"Token {token.id} '{token.name}' of {token.login} is revoked.")
