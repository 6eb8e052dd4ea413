"""Signed one-click links in mail: who may do what on which ticket, until when.

A link carries (login, ticket number, action, when it was made) signed with the installation's secret key
(itsdangerous), and is refused after its age limit. 'view' only opens the ticket; 'confirm', 'approve' and 'survey'
change something, so their link opens a page that asks first and acts on its POST button (mail scanners follow every
GET link they see). 'rate' links of older closing mails are still read until they expire, but no longer made.
"""
from dataclasses import dataclass
from datetime import datetime

from itsdangerous import BadSignature, URLSafeSerializer

ACTIONS = ("view", "confirm", "approve", "survey")
OLD_ACTIONS = ("rate",)  # read (they open the ticket), no longer signed
LINK_MAX_AGE_SECONDS = {"view": 30 * 24 * 3600, "confirm": 14 * 24 * 3600, "rate": 30 * 24 * 3600,
                        "approve": 14 * 24 * 3600, "survey": 90 * 24 * 3600}
_SALT = "flowdesk-mail-link"


class LinkRefused(ValueError):
    """The link is damaged, forged or too old."""


@dataclass(frozen=True)
class LinkClaim:
    """What a valid link lets its holder do."""

    login: str
    number: str
    action: str


def sign_link(secret_key: str | bytes, claim: LinkClaim, now: datetime) -> str:
    """Return the token of a link that lets claim.login do claim.action on claim.number, stamped now."""
    if claim.action not in ACTIONS:
        raise ValueError(f"A mail link's action is one of {', '.join(ACTIONS)}, not '{claim.action}'.")
    payload = [claim.login, claim.number, claim.action, int(now.timestamp())]
    return str(URLSafeSerializer(secret_key, salt=_SALT).dumps(payload))


def read_link(secret_key: str | bytes, token: str, now: datetime) -> LinkClaim:
    """Return the claim of a valid link, or raise LinkRefused saying why it is not.

    The age is measured against the clock passed in (the link carries the moment it was made, under the signature).
    """
    try:
        login, number, action, made_at = URLSafeSerializer(secret_key, salt=_SALT).loads(token)
    except (BadSignature, ValueError, TypeError):
        raise LinkRefused("This link is not valid. Open the ticket in FlowDesk instead.") from None
    if action not in ACTIONS and action not in OLD_ACTIONS:
        raise LinkRefused("This link is not valid. Open the ticket in FlowDesk instead.")
    if now.timestamp() - float(made_at) > LINK_MAX_AGE_SECONDS[action]:
        raise LinkRefused("This link has expired. Open the ticket in FlowDesk instead.")
    return LinkClaim(str(login), str(number), str(action))
