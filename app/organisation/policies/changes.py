"""Who raises, sees, edits and decides changes and standard-change templates, and edits the risk questions."""
from app.organisation.policies.actor import Actor, check_may_write, is_read_only, is_staff, may_see_every_ticket
from app.platform.errors import NotAllowed

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
