"""Who reads and edits the CMDB and defines its CI types."""
from app.organisation.policies.actor import Actor, is_read_only

CMDB_READER_ROLES = ("agent", "manager", "auditor", "process_owner")
CMDB_EDITOR_ROLES = ("agent",)


def may_see_cmdb(actor: Actor) -> bool:
    """Agents, managers, auditors, process owners (and admins) read the CMDB."""
    return actor.has_role(*CMDB_READER_ROLES)


def may_edit_cmdb(actor: Actor) -> bool:
    """Agents (and admins) create and change CIs, their relations and CSV imports; read-only accounts do not."""
    return actor.has_role(*CMDB_EDITOR_ROLES) and not is_read_only(actor)


def may_define_ci_types(actor: Actor) -> bool:
    """Only admins define CI types and their attributes: every CI of a type follows them."""
    return "admin" in actor.roles
