"""The signal command: broadcast a signal to every instance waiting for it and start every process it starts."""
import click

from app.cli.base import emit, json_option, main, reports_errors
from app.cli.workflow import parse_assignments
from app.organisation.accounts import actor_for
from app.organisation.policies import system_actor
from app.organisation.users import require_active_user
from app.wiring import current_runtime
from app.workflow.outside.signal_broadcast import Broadcast, Signal, broadcast_signal
from app.workflow.outside.typed_variables import BadVariable, typed_variables


@main.command("signal")
@click.argument("name")
@click.option("--var", "variables", multiple=True, metavar="NAME[:TYPE]=VALUE",
              help="A process variable the signal brings; TYPE is one of string, boolean, long, integer, double, "
                   "date or json, and untyped text is read as JSON when it is JSON.")
@click.option("--instance", "instance_id", type=int, default=None,
              help="Only this instance, which must wait for the signal (no process starts).")
@click.option("--as", "login", default=None,
              help="The process owner who broadcasts it (an active user with the process_owner role); without it, "
                   "'cli'.")
@json_option
@reports_errors
def signal(name: str, variables: tuple[str, ...], instance_id: int | None, login: str | None, as_json: bool) -> None:
    """Broadcast the signal NAME (as drawn in the diagram): every instance waiting for it receives it, and every
    process with a signal start event for it starts. A signal nobody waits for changes nothing."""
    actor = actor_for(require_active_user(login)) if login is not None else system_actor("cli")
    try:
        values = typed_variables(parse_assignments(variables))
    except BadVariable as exc:
        raise click.UsageError(str(exc)) from None
    went = broadcast_signal(current_runtime(), actor, Signal(name, values, instance_id))
    emit(went.to_dict(), as_json, lambda: describe(name, went))


def describe(name: str, went: Broadcast) -> list[str]:
    """Return where a signal went, in lines."""
    if not went.resumed and not went.started:
        return [f"nobody waits for the signal '{name}': nothing changed"]
    return [*(f"resumed instance {instance_id}" for instance_id in went.resumed),
            *(f"started instance {instance_id}" for instance_id in went.started)]
