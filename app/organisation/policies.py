"""Who may see and do what: the Actor, and pure rules over it and plain facts, with no I/O.

| role          | may                                                                        |
|---------------|----------------------------------------------------------------------------|
| requester     | start processes from the portal; see their own requests and instances      |
| agent         | work the inbox: group queue, claim, release, complete; see instances with  |
|               | a task of theirs or of their groups                                        |
| approver      | the same inbox rights, for approval tasks offered to them                  |
| manager       | see every ticket; approve major incidents; receive escalations             |
| process_owner | see every instance and its diagram; deploy diagrams; send messages; start  |
|               | a process with variables beyond its start form (API, command line);        |
|               | open /processes; retry, cancel and correct running instances; move them    |
|               | to another version of their process; read a process's insight (heatmap,   |
|               | paths, rework, conformance); replay a period's cases through a draft       |
|               | (what-if)                                                                  |
| auditor       | see every instance and read every history; read a process's insight;       |
|               | export evidence bundles; change nothing (read-only)                        |
| problem-managers (group) | open and work problems, publish workarounds, record known errors, |
|               | accept or dismiss suggested problems (managers and admins too)             |
| change-managers (group) | see and edit every change, work its assessment and review; propose and   |
|               | approve standard-change templates (another's, not their own)               |
| change-advisory-board, ecab (groups) | see every change, decide the CAB tasks offered to them  |
| worker        | an outside program: fetch, lock and finish external tasks (/engine-rest)   |
| admin         | everything, including the organisation and reassigning any task           |

Whoever has an open task on a ticket (assigned, or offered to them or their group) sees that ticket.
Tasks are forwarded and reassigned only to people and groups who work tickets (see works_tickets).
"""
from collections.abc import Collection
from dataclasses import dataclass

from app.platform.errors import NotAllowed, NotFound

SYSTEM_ACTOR_ID = 0  # no account has it: user ids start at 1


@dataclass(frozen=True)
class Actor:
    """The signed-in person as every permission rule sees them."""

    id: int
    login: str
    display_name: str
    language: str
    timezone: str
    groups: frozenset[str]
    roles: frozenset[str]
    lead_of: frozenset[str]

    def has_role(self, *roles: str) -> bool:
        """Say whether the actor holds any of these roles (admins hold every role)."""
        return "admin" in self.roles or bool(self.roles.intersection(roles))

    def login_unless(self, user_id: int) -> str | None:
        """Return the actor's login to name them in what a person is told of a change, or None for one's own."""
        return None if self.id == user_id else self.login


def system_actor(login: str = "system") -> Actor:
    """Return the actor of the command line and of set-up scripts: an administrator without an account."""
    return Actor(SYSTEM_ACTOR_ID, login, login, "en", "UTC", frozenset(), frozenset({"admin"}), frozenset())


INBOX_ROLES = ("agent", "approver")
READ_ONLY_ROLES = ("auditor",)
READ_ONLY_DECIDERS = ("admin", *READ_ONLY_ROLES)  # the only roles roles_read_only looks at
ALL_INSTANCE_ROLES = ("process_owner", "auditor")
ALL_TICKET_ROLES = ("manager", "auditor")


def may_use_inbox(actor: Actor) -> bool:
    """Agents and approvers (and admins) work the task inbox."""
    return actor.has_role(*INBOX_ROLES)


def is_read_only(actor: Actor) -> bool:
    """Auditors change nothing: whatever else they hold, the auditor role makes an account read-only."""
    return roles_read_only(actor.roles)


def roles_read_only(roles: Collection[str]) -> bool:
    """Say whether these roles make an account read-only (the auditor role, unless the account is an admin)."""
    return "admin" not in roles and bool(set(roles).intersection(READ_ONLY_ROLES))


def check_may_write(actor: Actor, what: str) -> None:
    """Refuse any change (NotAllowed) by a read-only actor; `what` says what they tried, e.g. 'add a note'."""
    if is_read_only(actor):
        raise NotAllowed(f"{actor.login} may not {what}: auditors read everything but change nothing. "
                         "Ask an agent or an administrator to do it.")


def works_tickets(roles: Collection[str]) -> bool:
    """Say whether someone with these roles works tickets (agents, approvers, admins), so may be handed one."""
    if "admin" in roles:
        return True
    return bool(set(roles).intersection(INBOX_ROLES)) and not roles_read_only(roles)


def group_works_tickets(member_roles: Collection[Collection[str]]) -> bool:
    """Say whether tickets may be forwarded to a group: it has active members, and every one works tickets.

    A group with a single requester or auditor in it would let that person accept and resolve what is
    forwarded there (a requester her own major incident).
    """
    return bool(member_roles) and all(works_tickets(roles) for roles in member_roles)


def may_receive_task(roles: Collection[str], login: str, task_users: Collection[str]) -> bool:
    """Say whether a task may be handed to someone: a person it is drawn for by name, or one who works tickets."""
    return login in task_users or works_tickets(roles)


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


def may_administer(actor: Actor) -> bool:
    """Only admins manage the organisation."""
    return "admin" in actor.roles


def check_may_administer(actor: Actor, what: str) -> None:
    """Refuse an organisation change (NotAllowed) unless the actor is an admin; `what` says what they tried."""
    if not may_administer(actor):
        raise NotAllowed(f"{actor.login} may not {what}: only administrators change the organisation. "
                         "Ask an administrator to do it.")


def may_clear_bounce(actor: Actor) -> bool:
    """Admins clear an address's undeliverable mark, once they have checked the address (staff see the mark)."""
    return may_administer(actor)


def may_configure_mail(actor: Actor) -> bool:
    """Only admins change how FlowDesk sends mail (relay, sender, links) and send a test mail through it."""
    return may_administer(actor)


def check_may_configure_mail(actor: Actor, what: str) -> None:
    """Refuse a change to the mail settings (NotAllowed) unless the actor is an admin."""
    if not may_configure_mail(actor):
        raise NotAllowed(f"{actor.login} may not {what}: only administrators change how FlowDesk sends mail. "
                         "Ask an administrator to do it.")


def may_deactivate(actor: Actor, user_id: int) -> bool:
    """Admins deactivate any account but their own: nobody could sign in to undo that."""
    return may_administer(actor) and user_id != actor.id


def may_manage_credentials_of(actor: Actor, user_id: int) -> bool:
    """People see and revoke their own API tokens and sessions; admins those of anyone."""
    return actor.id == user_id or may_administer(actor)


def may_manage_delegations_of(actor: Actor, user_id: int) -> bool:
    """People set who decides their approvals while they are away; admins set anyone's."""
    return actor.id == user_id or may_administer(actor)


def may_give_roles(actor: Actor, user_id: int, roles: Collection[str]) -> bool:
    """Admins set anyone's roles, but keep the admin role on their own account: nobody could give it back."""
    return may_administer(actor) and (user_id != actor.id or "admin" in roles)


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


def may_operate_instances(actor: Actor) -> bool:
    """Process owners (and admins) retry, cancel and correct running instances; read-only accounts do not.

    Each of these is recorded in the instance's history as an intervention.
    """
    return actor.has_role("process_owner") and not is_read_only(actor)


def check_may_operate_instances(actor: Actor, what: str) -> None:
    """Refuse an intervention on an instance (NotAllowed) unless may_operate_instances; `what` says what was tried."""
    if not may_operate_instances(actor):
        raise NotAllowed(f"{actor.login} may not {what}: only process owners and administrators operate running "
                         "instances. Ask one of them to do it.")


def may_migrate_instances(actor: Actor) -> bool:
    """Process owners (and admins) move running instances to another version of their process; read-only ones do not.

    Each move is recorded in the instance's history (instance_migrated).
    """
    return actor.has_role("process_owner") and not is_read_only(actor)


def check_may_migrate_instances(actor: Actor, what: str) -> None:
    """Refuse a migration (NotAllowed) unless may_migrate_instances; `what` says what was tried."""
    if not may_migrate_instances(actor):
        raise NotAllowed(f"{actor.login} may not {what}: only process owners and administrators move running "
                         "instances to another version. Ask one of them to do it.")


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


def may_see_every_instance(actor: Actor) -> bool:
    """Process owners, auditors and admins see every instance."""
    return actor.has_role(*ALL_INSTANCE_ROLES)


def may_see_instance(actor: Actor, started_by: str | None, task_people: Collection[str | None],
                     task_groups: Collection[str]) -> bool:
    """Say whether an actor may see an instance.

    task_people: everyone an open task is assigned or offered to by name, and everyone who worked
    one of its tasks before; task_groups: the groups its open tasks are offered to.
    """
    if may_see_every_instance(actor) or started_by == actor.login:
        return True
    if not may_use_inbox(actor):
        return False
    return actor.login in task_people or bool(actor.groups.intersection(task_groups))


def may_replay_case(actor: Actor, started_by: str | None, requester: str | None) -> bool:
    """Say whether an actor may replay a case step by step: auditors, process owners and admins every case; a
    requester her own (started by her, or the ticket filed for her), reading only what her ticket shows her."""
    return may_see_every_instance(actor) or actor.login in {started_by, requester} - {None}


EVIDENCE_EXPORTER_ROLES = ("auditor",)


def may_export_evidence(actor: Actor) -> bool:
    """Auditors (and admins) export evidence bundles: every event of a case with all its data, signed.

    Process owners see every instance but not every variable (a requester's view of them, see
    instance_data_visible_to), while a bundle must carry each event's full data for its chain to be checked:
    so they do not export.
    """
    return actor.has_role(*EVIDENCE_EXPORTER_ROLES)


def may_verify_all_history(actor: Actor) -> bool:
    """Auditors (and admins) verify the whole history's hash chains from the web; a case's own chain is verified by
    whoever may replay it (may_replay_case)."""
    return actor.has_role("auditor")


def check_may_verify_all_history(actor: Actor) -> None:
    """Refuse a whole-history verification (NotAllowed) unless may_verify_all_history."""
    if not may_verify_all_history(actor):
        raise NotAllowed(f"{actor.login} may not verify the whole history: auditors and administrators do. A case's "
                         "own history is verified on its replay page.")


def check_may_export_evidence(actor: Actor) -> None:
    """Refuse an evidence export (NotAllowed) unless may_export_evidence."""
    if not may_export_evidence(actor):
        raise NotAllowed(f"{actor.login} may not export evidence bundles: only auditors and administrators do, "
                         "because a bundle holds every event's full data. Ask one of them.")


QUEUE_TAKER_ROLES = ("admin",)  # the roles that take tasks from the unassigned-task queue besides its group


def unassigned_queue_offer(groups: Collection[str], users: Collection[str], assignee: str | None,
                           unassigned_task_group: str | None) -> str | None:
    """Return the group whose unassigned-task queue a new task goes to (drawn for nobody), or None.

    Camunda lets any user with the right authorization claim a task without assignee or candidates; FlowDesk
    offers it to the queue of one configured group (UNASSIGNED_TASK_GROUP), marked apart from a drawn offer
    to that group, so that both the group's members and those may_take_queued_tasks allows take it.
    """
    if groups or users or assignee or not unassigned_task_group:
        return None
    return unassigned_task_group


def may_take_queued_tasks(roles: Collection[str]) -> bool:
    """Admins claim and complete tasks of the unassigned-task queue, besides the members of its group.

    The one rule: the task queries bind its answer (app/workflow/tasks/offers.py) and the task actions ask it.
    """
    return bool(set(roles).intersection(QUEUE_TAKER_ROLES))


def may_reassign(actor: Actor, task_groups: Collection[str]) -> bool:
    """Admins, and leads of a group the task is offered to, may hand a task to a named person (not read-only ones)."""
    if is_read_only(actor):
        return False
    return "admin" in actor.roles or bool(actor.lead_of.intersection(task_groups))


def may_see_every_ticket(actor: Actor) -> bool:
    """Managers, auditors and admins see every ticket."""
    return actor.has_role(*ALL_TICKET_ROLES)


def is_staff(actor: Actor) -> bool:
    """Staff (agents, approvers, managers, auditors, admins) see a ticket's internal notes and files."""
    return may_see_every_ticket(actor) or may_use_inbox(actor)


def may_see_ticket(actor: Actor, requester: str, group: str | None, worked_on: bool,
                   has_open_task: bool = False, watching: bool = False, kind: str = "incident") -> bool:
    """Say whether an actor may see a ticket.

    Requesters see their own, and those they watch (a requester whose ticket was closed as a duplicate of
    another follows the original, on its public side; one starts watching only a ticket one sees); whoever
    has an open task on it (assigned, or offered to them or their group) sees it too; agents also their
    groups' tickets and those they worked on (assigned to them now or before, or noted on), and watching
    gives them no more (a forwarded ticket leaves their sight with its group); managers, auditors and admins
    see all. Problems (PRB tickets) are seen by all staff, who link their incidents to them; problem managers
    see every incident, whose causes they look for.
    """
    if may_see_every_ticket(actor) or requester == actor.login or has_open_task:
        return True
    if (kind == "problem" and may_see_problems(actor)) or (kind == "incident" and may_manage_problems(actor)):
        return True
    if kind == "change" and may_see_every_change(actor):
        return True
    if not may_use_inbox(actor):
        return watching
    return worked_on or (group is not None and group in actor.groups)


REQUESTER_CHANNELS = ("portal", "api")


def check_may_log_ticket(actor: Actor, requester: str, ci_id: int | None, channel: str,
                         given_priority: str | None) -> None:
    """Refuse (NotAllowed) a ticket the actor may not log as asked, on the pages and the API alike.

    Auditors log nothing; staff log for anyone, name the affected CI, the channel and a monitoring
    priority; everyone else logs for themselves through the portal or the API, and impact and urgency
    decide the priority.
    """
    check_may_write(actor, "log a ticket")
    if is_staff(actor):
        return
    if requester != actor.login:
        raise NotAllowed(f"{actor.login} may log tickets only for themselves; leave the requester empty.")
    if ci_id is not None:
        raise NotAllowed("Requesters do not choose the affected configuration item: the service desk sets it when "
                         "it classifies the ticket. Describe the item in the description instead.")
    if channel not in REQUESTER_CHANNELS:
        raise NotAllowed(f"Requesters log tickets through the portal or the API, not the '{channel}' channel; "
                         "leave the channel empty.")
    if given_priority:
        raise NotAllowed("Requesters do not set the priority: the impact and the urgency decide it. "
                         "Leave the priority empty.")


CMDB_READER_ROLES = ("agent", "manager", "auditor", "process_owner")
CMDB_EDITOR_ROLES = ("agent",)
ARTICLE_WRITER_ROLES = ("agent", "manager")


def may_see_cmdb(actor: Actor) -> bool:
    """Agents, managers, auditors, process owners (and admins) read the CMDB."""
    return actor.has_role(*CMDB_READER_ROLES)


def may_edit_cmdb(actor: Actor) -> bool:
    """Agents (and admins) create and change CIs, their relations and CSV imports; read-only accounts do not."""
    return actor.has_role(*CMDB_EDITOR_ROLES) and not is_read_only(actor)


def may_define_ci_types(actor: Actor) -> bool:
    """Only admins define CI types and their attributes: every CI of a type follows them."""
    return "admin" in actor.roles


def may_write_articles(actor: Actor) -> bool:
    """Agents and managers (and admins) write, publish and categorise knowledge articles; read-only accounts do not."""
    return actor.has_role(*ARTICLE_WRITER_ROLES) and not is_read_only(actor)


def may_read_article(actor: Actor, status: str) -> bool:
    """Everyone signed in reads published articles; drafts are for writers only."""
    return status == "published" or may_write_articles(actor)


WORKER_ROLES = ("worker",)


def may_work_external_tasks(actor: Actor) -> bool:
    """Outside workers (and admins) fetch, lock, complete and fail external tasks; read-only accounts do not."""
    return actor.has_role(*WORKER_ROLES) and not is_read_only(actor)


def may_manage_external_tasks(actor: Actor) -> bool:
    """Outside workers, process owners (and admins) set external tasks' retries and priorities, resolving incidents;
    read-only accounts do not."""
    return actor.has_role(*WORKER_ROLES, "process_owner") and not is_read_only(actor)


def may_see_external_tasks(actor: Actor) -> bool:
    """Outside workers read the external tasks they may take; process owners, auditors and admins read them all."""
    return may_work_external_tasks(actor) or may_see_every_instance(actor)


def may_watch_the_desk(actor: Actor) -> bool:
    """Managers (and admins) see on their home page the escalations, breaches and major incidents of the desk."""
    return actor.has_role("manager")


def watched_groups(actor: Actor) -> frozenset[str]:
    """Return the groups whose queue health a person's home page shows: the groups she leads."""
    return actor.lead_of


def may_look_up_people(actor: Actor) -> bool:
    """Staff and process owners look people and groups up by name; requesters do not.

    Staff to log on someone's behalf, reassign and forward; process owners to name a task's candidates and assignee
    in the modeller.
    """
    return is_staff(actor) or may_keep_drafts(actor)


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


PROBLEM_MANAGERS_GROUP = "problem-managers"


def may_see_problems(actor: Actor) -> bool:
    """Staff see every problem and its known error, to link their incidents to it and use its workaround."""
    return is_staff(actor)


def may_manage_problems(actor: Actor) -> bool:
    """Problem managers (their group), managers and admins open, change and decide problems; read-only ones do not.

    Changing is: the root cause and workaround, publishing the workaround, the known error, suggested problems.
    """
    if is_read_only(actor):
        return False
    return actor.has_role("manager") or PROBLEM_MANAGERS_GROUP in actor.groups


def check_may_manage_problems(actor: Actor, what: str) -> None:
    """Refuse (NotAllowed) a change to problems unless may_manage_problems; `what` says what was tried."""
    if not may_manage_problems(actor):
        raise NotAllowed(f"{actor.login} may not {what}: problems are managed by the {PROBLEM_MANAGERS_GROUP} group, "
                         "managers and administrators. Ask one of them to do it.")


CHANGE_MANAGERS_GROUP = "change-managers"
CAB_GROUP = "change-advisory-board"
ECAB_GROUP = "ecab"
# the stages in which a change's record may still be edited; after them the CAB decided on what it read
CHANGE_EDITABLE_STAGES = ("new", "assess")


def may_raise_change(actor: Actor) -> bool:
    """Staff who may write (agents, approvers, managers, admins) raise changes; requesters and auditors do not."""
    return is_staff(actor) and not is_read_only(actor)


def check_may_raise_change(actor: Actor) -> None:
    """Refuse (NotAllowed) raising a change unless may_raise_change."""
    check_may_write(actor, "raise a change")
    if not may_raise_change(actor):
        raise NotAllowed(f"{actor.login} may not raise a change: changes are raised by the service desk's staff. "
                         "Log an incident or a request instead, or ask an agent.")


def may_manage_changes(actor: Actor) -> bool:
    """Change managers (their group), managers and admins edit any change; read-only ones do not."""
    return not is_read_only(actor) and (actor.has_role("manager") or CHANGE_MANAGERS_GROUP in actor.groups)


def may_see_every_change(actor: Actor) -> bool:
    """Change managers and the (emergency) CAB's members read every change, as do managers, auditors and admins.

    Everyone else sees the changes they requested, own (as assignee) or whose group they are in
    (may_see_ticket).
    """
    return may_see_every_ticket(actor) or bool({CHANGE_MANAGERS_GROUP, CAB_GROUP, ECAB_GROUP} & actor.groups)


def may_read_changes(actor: Actor) -> bool:
    """Staff read the change list (each the changes they may see); requesters do not."""
    return is_staff(actor) or may_see_every_change(actor)


def check_may_edit_change(actor: Actor, requester: str, owner: str, stage: str) -> None:
    """Refuse (NotAllowed) an edit of a change's record by anyone but its requester, its owner and
    the change managers, or after the stages in which it may be edited."""
    check_may_write(actor, "edit a change")
    if actor.login not in (requester, owner) and not may_manage_changes(actor):
        raise NotAllowed(f"{actor.login} may not edit this change: its requester, its owner and the "
                         f"{CHANGE_MANAGERS_GROUP} group edit it. Add a note instead.")
    if stage not in CHANGE_EDITABLE_STAGES:
        raise NotAllowed(f"The change is at its {stage} stage, past its assessment, so its record is fixed: the CAB "
                         "decided on what it read. Add a note, or ask the owner to reschedule it in its flow.")


def may_manage_change_templates(actor: Actor) -> bool:
    """Change managers and admins propose, approve and retire standard-change templates."""
    return not is_read_only(actor) and (actor.has_role("admin") or CHANGE_MANAGERS_GROUP in actor.groups)


def check_may_decide_change_template(actor: Actor, proposed_by: str) -> None:
    """Refuse (NotAllowed) approving or retiring a template unless a change manager or admin other than its
    proposer (four eyes) does it."""
    if not may_manage_change_templates(actor):
        raise NotAllowed(f"{actor.login} may not decide on standard changes: the {CHANGE_MANAGERS_GROUP} group and "
                         "administrators do.")
    if actor.login == proposed_by and not actor.has_role("admin"):
        raise NotAllowed(f"{actor.login} proposed this template and may not approve it too; ask another change "
                         "manager.")


def may_edit_risk_questions(actor: Actor) -> bool:
    """Administrators edit the risk questionnaire and its weights."""
    return "admin" in actor.roles


def may_see_change_calendar(actor: Actor) -> bool:
    """Staff (agents, approvers, managers, auditors, admins) see the change calendar and check a change's window;
    requesters do not (it names CIs, implementers and changes they may not see)."""
    return is_staff(actor)


def check_may_see_change_calendar(actor: Actor, what: str) -> None:
    """Refuse (NotAllowed) the change calendar and its checks unless may_see_change_calendar."""
    if not may_see_change_calendar(actor):
        raise NotAllowed(f"{actor.login} may not {what}: the change calendar is for the service desk's staff.")


def may_override_schedule_block(actor: Actor) -> bool:
    """Change managers (their group) and admins book a change over a hard collision block, with a reason."""
    return not is_read_only(actor) and ("admin" in actor.roles or CHANGE_MANAGERS_GROUP in actor.groups)


def may_set_change_schedule(actor: Actor) -> bool:
    """Admins set the collision rules, the hops of related CIs and the freeze and maintenance windows."""
    return "admin" in actor.roles


def check_may_set_change_schedule(actor: Actor, what: str) -> None:
    """Refuse (NotAllowed) a change to the collision rules or windows unless the actor is an admin."""
    if not may_set_change_schedule(actor):
        raise NotAllowed(f"{actor.login} may not {what}: only administrators set the change calendar's rules.")
CATALOGUE_EDITOR_ROLES = ("process_owner",)


def may_order_item(actor: Actor, department_ids: Collection[int], audience: Collection[tuple[str, str]]) -> bool:
    """Say whether someone may see and order a catalogue item: anyone who uses the portal when the item names no
    audience; else a member of one of its departments (department_ids: the actor's and those above it), a holder
    of one of its roles, or a member of one of its groups. Admins see every item. Portal, API and CLI ask this."""
    if not may_use_portal(actor):
        return False
    if not audience or "admin" in actor.roles:
        return True
    departments = {str(department_id) for department_id in department_ids}
    for kind, value in audience:
        if (kind == "department" and value in departments) or (kind == "role" and value in actor.roles) \
                or (kind == "group" and value in actor.groups):
            return True
    return False


def may_edit_catalogue(actor: Actor) -> bool:
    """Process owners and admins add and change catalogue items; a read-only account changes none."""
    return actor.has_role(*CATALOGUE_EDITOR_ROLES) and not is_read_only(actor)


def check_may_edit_catalogue(actor: Actor, what: str) -> None:
    """Refuse (NotAllowed) a change to the catalogue unless may_edit_catalogue."""
    if not may_edit_catalogue(actor):
        raise NotAllowed(f"{actor.login} may not {what}: the catalogue is kept by process owners and administrators.")


def may_order_for_others(on_behalf: str, people: Collection[str], actor_login: str) -> bool:
    """Say whether an order for these people fits its item: 'self' only the orderer, 'one' one person, 'many' any."""
    others = [login for login in people if login != actor_login]
    if on_behalf == "self":
        return not others
    if on_behalf == "one":
        return len(people) <= 1
    return True
# --- reports ---------------------------------------------------------------------------------------

REPORT_EVERYTHING_ROLES = ("manager", "auditor", "process_owner")


@dataclass(frozen=True)
class ReportReach:
    """Which tickets' numbers a person reads in reports: all of them, those of some groups, or their own work."""

    everything: bool
    groups: frozenset[str] = frozenset()
    assignee: str | None = None


def report_reach(actor: Actor) -> ReportReach | None:
    """Decide which KPIs' tickets an actor may count, on pages, the API, exports and subscriptions alike.

    Managers, auditors, process owners and admins read every ticket's numbers; a group lead those of the groups
    she leads; any other agent her own work (the tickets assigned to her); anyone else no report (None).
    """
    if actor.has_role(*REPORT_EVERYTHING_ROLES):
        return ReportReach(everything=True)
    if actor.lead_of:
        return ReportReach(everything=False, groups=actor.lead_of)
    if actor.has_role("agent"):
        return ReportReach(everything=False, assignee=actor.login)
    return None


def may_see_reports(actor: Actor) -> bool:
    """Managers, process owners, auditors, group leads and agents read reports (each within their reach)."""
    return report_reach(actor) is not None


# --- satisfaction surveys --------------------------------------------------------------------------

@dataclass(frozen=True)
class SurveyReach:
    """Whose survey answers a person reads: every one, those of the groups she leads, and always her own."""

    everything: bool
    groups: frozenset[str] = frozenset()
    requester: str = ""


def survey_reach(actor: Actor) -> SurveyReach:
    """Decide whose survey answers an actor reads, on pages, the API and exports alike.

    Managers, auditors, process owners and admins read every answer; a group lead those of the tickets her groups
    worked (to recover the service); everyone her own answers. An agent does not read the scores of her own
    tickets one by one: the reports show them summed.
    """
    if actor.has_role(*REPORT_EVERYTHING_ROLES):
        return SurveyReach(everything=True)
    return SurveyReach(everything=False, groups=actor.lead_of, requester=actor.login)


def may_edit_survey_rules(actor: Actor) -> bool:
    """Process owners and admins set when tickets are surveyed; a read-only account sets nothing."""
    return may_edit_catalogue(actor)


def check_may_edit_survey_rules(actor: Actor, what: str) -> None:
    """Refuse (NotAllowed) a change to the survey rules unless may_edit_survey_rules."""
    if not may_edit_survey_rules(actor):
        raise NotAllowed(f"{actor.login} may not {what}: the survey rules are kept by process owners and "
                         "administrators.")
