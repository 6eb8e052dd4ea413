"""A ticket's status in words, one vocabulary per audience: staff read the desk's words, requesters their own,
and anyone else following a ticket without being staff (a colleague watching it) the requester's words with
her in the third person ("Waiting for the requester's answer", never "your").

The badge on the ticket page, the ticket list and its status filter all read here, so an audience never
sees two names for one status.
"""
from typing import Any

from flask_babel import lazy_gettext as _l

from app.organisation.policies import Actor, is_staff

STAFF_STATUS_WORDS = {
    "new": _l("New"), "assigned": _l("Assigned"), "in_progress": _l("In progress"),
    "pending_requester": _l("Pending requester"), "resolved": _l("Resolved"), "closed": _l("Closed"),
    "cancelled": _l("Cancelled"),
}
REQUESTER_STATUS_WORDS = {
    "new": _l("Received – waiting to be looked at"),
    "assigned": _l("With a team – waiting to be picked up"),
    "in_progress": _l("Being worked on"),
    "pending_requester": _l("Waiting for your answer"),
    "resolved": _l("Resolved – please confirm the fix"),
    "closed": _l("Closed"),
    "cancelled": _l("Cancelled"),
}
WATCHER_STATUS_WORDS = {
    **REQUESTER_STATUS_WORDS,
    "pending_requester": _l("Waiting for the requester's answer"),
    "resolved": _l("Resolved – waiting for the requester to confirm"),
}


def status_vocabulary(actor: Actor) -> dict[str, Any]:
    """Return the status words of the actor's audience: staff words for the desk, requester words for the rest."""
    return STAFF_STATUS_WORDS if is_staff(actor) else REQUESTER_STATUS_WORDS


def status_in_words(actor: Actor, status: str, requester: str) -> str:
    """Return a ticket's status in the words of the actor's audience (the raw value only for an unknown status):
    staff words, the requester's own, or, to another reader who is not staff, the requester's in the third person.
    """
    words = status_vocabulary(actor)
    if words is REQUESTER_STATUS_WORDS and actor.login != requester:
        words = WATCHER_STATUS_WORDS
    return str(words.get(status, status))
