"""Who starts, deploys and drafts processes, reads their insight, sends messages and signals, and runs what-ifs."""
from collections.abc import Collection

from app.organisation.policies.actor import Actor, is_read_only
from app.organisation.policies.instances import may_see_every_instance
from app.platform.errors import NotAllowed, NotFound


def may_use_portal(actor: Actor) -> bool:
    """Requesters (and admins) use the portal to start processes; a read-only account starts nothing."""
    return actor.has_role("requester") and not is_read_only(actor)


def may_start_process(actor: Actor, starter_groups: Collection[str], starter_users: Collection[str]) -> bool:
    """Say whether someone may start a process from the portal: anyone who uses the portal, unless its diagram
    names who starts it (camunda:candidateStarterGroups / candidateStarterUsers: change requests are for staff);
    then those groups and people, and admins."""
    if not may_use_portal(actor):
        return False
    if not starter_groups and not starter_users:
        return True
    return "admin" in actor.roles or actor.login in starter_users or bool(actor.groups.intersection(starter_groups))


def may_set_process_variables(actor: Actor) -> bool:
    """Process owners and admins (the command line is one) may start a process with variables beyond its start form.

    They draw the diagrams, so they know which variables an assignee or a condition reads (`${requester}`);
    everyone else fills the start form and nothing more, which is all the portal's start page offers.
    """
    return actor.has_role("process_owner") and not is_read_only(actor)


def may_deploy(actor: Actor) -> bool:
    """Process owners (and admins) deploy diagrams; a read-only account deploys nothing."""
    return actor.has_role("process_owner") and not is_read_only(actor)


def may_open_process_studio(actor: Actor) -> bool:
    """Process owners (and admins) open the process pages: versions, change notes, instances needing attention.

    Uploading a version there asks may_deploy as well.
    """
    return actor.has_role("process_owner")


def may_see_process_insight(actor: Actor) -> bool:
    """Process owners, auditors (and admins) read a version's insight: its heatmap, paths, rework and the cases
    that left the plain run, with their ticket numbers."""
    return actor.has_role("process_owner", "auditor")


def check_may_see_process_insight(actor: Actor, what: str) -> None:
    """Refuse to show a process's insight (NotAllowed) unless may_see_process_insight; `what` says what was asked."""
    if not may_see_process_insight(actor):
        raise NotAllowed(f"{actor.login} may not {what}: only process owners, auditors and administrators read "
                         "how cases ran through a process. Ask one of them.")


def may_send_messages(actor: Actor) -> bool:
    """Process owners (and admins, and the integrations acting with their tokens) send messages to processes.

    A message starts a process or moves a waiting instance on with variables of its own, past every form:
    the power of whoever drew the process, not of someone who works one of its tasks.
    """
    return actor.has_role("process_owner") and not is_read_only(actor)


def check_may_send_messages(actor: Actor, what: str) -> None:
    """Refuse a message (NotAllowed) from anyone but process owners and admins; `what` says what they tried."""
    if not may_send_messages(actor):
        raise NotAllowed(f"{actor.login} may not {what}: only process owners and administrators send messages "
                         "to processes. Ask one of them, or use a token of theirs for the integration.")


def may_broadcast_signals(actor: Actor) -> bool:
    """Process owners (and admins, and the integrations acting with their tokens) broadcast signals.

    A signal reaches every instance of every process that waits for it and starts every process that starts by
    it, with variables of its own, past every form: more reach than a message, and so the same people, never an
    agent or requester (whose work a diagram signals from within its own steps) nor a read-only account.
    """
    return actor.has_role("process_owner") and not is_read_only(actor)


def check_may_broadcast_signals(actor: Actor, what: str) -> None:
    """Refuse a broadcast (NotAllowed) from anyone but process owners and admins; `what` says what they tried."""
    if not may_broadcast_signals(actor):
        raise NotAllowed(f"{actor.login} may not {what}: only process owners and administrators broadcast "
                         "signals. Ask one of them, or use a token of theirs for the integration.")


def may_list_processes(actor: Actor) -> bool:
    """Whoever may start, deploy or follow every process reads the deployed processes and their versions."""
    return may_use_portal(actor) or may_deploy(actor) or may_see_every_instance(actor)


def may_keep_drafts(actor: Actor) -> bool:
    """Process owners and admins read and save the draft diagrams of processes; a read-only account saves none."""
    return actor.has_role("process_owner") and not is_read_only(actor)


def check_may_keep_drafts(actor: Actor, what: str) -> None:
    """Raise NotAllowed unless the actor may read and save draft diagrams."""
    if not may_keep_drafts(actor):
        raise NotAllowed(f"{actor.login} may not {what}: drafts are for process owners and administrators.")


def may_run_what_if(actor: Actor) -> bool:
    """Process owners (and admins) replay a period's cases through a draft diagram (the what-if); it changes
    nothing, but drafts are theirs, so a read-only account runs none."""
    return may_keep_drafts(actor)


def check_may_run_what_if(actor: Actor) -> None:
    """Raise NotAllowed unless the actor may run a what-if on a draft."""
    if not may_run_what_if(actor):
        raise NotAllowed(f"{actor.login} may not replay cases through a draft (what-if): it is for process owners "
                         "and administrators.")


def may_see_what_if_run(actor: Actor, requested_by: str) -> bool:
    """Who asked for a what-if run follows it and reads its outcome, as do admins; while they may run what-ifs."""
    return may_run_what_if(actor) and (actor.login == requested_by or "admin" in actor.roles)


def check_may_see_what_if_run(actor: Actor, requested_by: str) -> None:
    """Raise NotFound unless the actor may see this what-if run (another's run is not theirs to know of)."""
    if not may_see_what_if_run(actor, requested_by):
        raise NotFound("No what-if run has this number among yours; start one from the draft's what-if page.")


def may_cancel_what_if_run(actor: Actor, requested_by: str) -> bool:
    """Only who asked for a what-if run cancels it: it is their question, whoever else may read it."""
    return may_run_what_if(actor) and actor.login == requested_by


def check_may_cancel_what_if_run(actor: Actor, requested_by: str) -> None:
    """Raise NotAllowed unless the actor may cancel this what-if run."""
    if not may_cancel_what_if_run(actor, requested_by):
        raise NotAllowed(f"{actor.login} may not cancel this what-if: only {requested_by}, who started it, may.")
