"""Who administers the organisation and the mail settings, and whose accounts, tokens and delegations one manages."""
from collections.abc import Collection

from app.organisation.policies.actor import Actor, is_staff
from app.organisation.policies.processes import may_keep_drafts
from app.platform.errors import NotAllowed


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


def may_look_up_people(actor: Actor) -> bool:
    """Staff and process owners look people and groups up by name; requesters do not.

    Staff to log on someone's behalf, reassign and forward; process owners to name a task's candidates and assignee
    in the modeller.
    """
    return is_staff(actor) or may_keep_drafts(actor)
