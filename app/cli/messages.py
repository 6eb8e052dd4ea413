"""The message command: deliver a message to the instance waiting for it, or start a process by it."""
import click

from app.cli.base import emit, json_option, main, reports_errors
from app.cli.workflow import parse_assignments
from app.organisation.accounts import actor_for
from app.organisation.policies import system_actor
from app.organisation.users import require_active_user
from app.wiring import current_runtime
from app.workflow.outside.messages import Message, correlate_message
from app.workflow.outside.typed_variables import BadVariable, typed_variables


@main.command("message")
@click.argument("name")
@click.option("--business-key", default=None, help="Only the instance with this business key (or start one with it).")
@click.option("--instance", "instance_id", type=int, default=None, help="Only this instance.")
@click.option("--correlate", "keys", multiple=True, metavar="NAME[:TYPE]=VALUE",
              help="Only the instance whose process variable NAME equals VALUE (repeatable; TYPE as for --var).")
@click.option("--var", "variables", multiple=True, metavar="NAME[:TYPE]=VALUE",
              help="A process variable the message brings; TYPE is one of string, boolean, long, integer, double, "
                   "date or json, and untyped text is read as JSON when it is JSON.")
@click.option("--as", "login", default=None,
              help="The process owner who sends it (an active user with the process_owner role); without it, 'cli'.")
@json_option
@reports_errors
def message(name: str, business_key: str | None, instance_id: int | None, keys: tuple[str, ...],
            variables: tuple[str, ...], login: str | None, as_json: bool) -> None:
    """Send the message NAME (as drawn in the diagram): resume the one instance waiting for it, or start a process."""
    actor = actor_for(require_active_user(login)) if login is not None else system_actor("cli")
    try:
        correlation_keys = typed_variables(parse_assignments(keys))
        values = typed_variables(parse_assignments(variables))
    except BadVariable as exc:
        raise click.UsageError(str(exc)) from None
    correlation = correlate_message(current_runtime(), actor, Message(
        name, business_key, correlation_keys, values, instance_id))
    emit(correlation.to_dict(), as_json, lambda: [
        f"{'started' if correlation.started else 'resumed'} instance {correlation.instance_id} "
        f"at {correlation.element_id}"])
