"""Who orders which catalogue item, for whom, and who edits the catalogue."""
from collections.abc import Collection

from app.organisation.policies.actor import Actor, is_read_only
from app.organisation.policies.processes import may_use_portal
from app.platform.errors import NotAllowed

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
