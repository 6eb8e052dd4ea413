"""Who sees a note or a file on a ticket (staff only, or the requester too) and who may choose which, and the
same rule for an instance's variables and history.

One rule for the pages, the API and the CLI: staff choose, and write for staff only unless they say
otherwise; requesters write what the service desk and they both see, and are refused anything else.
"""
from collections.abc import Callable

from app.organisation.accounts import Actor
from app.organisation.policies import is_staff
from app.platform.errors import InvalidValues, NotAllowed

VISIBILITIES = ("internal", "public")
# what -> the refusal a requester gets for asking to hide it from themselves
REQUESTER_REFUSALS = {
    "note": "Requesters write notes that the service desk and they both see; make the note public.",
    "file": "Requesters attach files that the service desk and they both see; make the file public.",
}


def visibility_for(actor: Actor, visibility: str | None, what: str) -> str:
    """Return the visibility of a note or file the actor adds; refuse an unknown one and a requester's internal one.

    None means the actor did not choose: internal for staff, public for requesters.
    """
    if visibility is None:
        return "internal" if is_staff(actor) else "public"
    if visibility not in VISIBILITIES:
        article = "An attachment" if what == "file" else "A note"
        raise InvalidValues(f"{article} is {' or '.join(VISIBILITIES)}, not '{visibility}'.",
                            {"visibility": ["Choose internal or public."]})
    if visibility != "public" and not is_staff(actor):
        raise NotAllowed(REQUESTER_REFUSALS[what])
    return visibility


def sees_internal(actor: Actor) -> bool:
    """Say whether the actor reads a ticket's internal notes and files (staff do; requesters do not)."""
    return is_staff(actor)


# Instance variables that mirror the ticket record, which whoever may see the ticket reads in full.
TICKET_VARIABLES = frozenset({"ticket", "requester", "title", "description", "priority", "impact", "urgency",
                              "assigned_group", "assignee"})

def visible_instance_variables(actor: Actor,
                               requester_fields: Callable[[], frozenset[str]]) -> frozenset[str] | None:
    """Return the names of an instance's variables the actor reads; None when they read every one.

    The one rule for instance data, the rule of a ticket's notes: staff read everything; anyone else
    (the requester, a process owner) reads what a requester's ticket and forms show them: the variables
    mirroring the ticket, and the fields of the start form and of the tasks drawn for the requester
    (requester_fields). An approver's comment or a forward reason stays with the staff, as its note does.
    """
    if sees_internal(actor):
        return None
    return TICKET_VARIABLES | requester_fields()
