"""Who a request's credentials name, for every JSON edge (/api/v1 and /engine-rest): one check, two answer shapes.

A bearer token is a FlowDesk API token; HTTP basic is a FlowDesk login and password, checked as the
sign-in page checks them (the throttle is the edge's job: app/web/shell/throttle.py). A session cookie
never authenticates these edges, which is also why they need no CSRF token.
"""
from flask import current_app

from app.organisation.accounts import SignInRefused, actor_for, authenticate
from app.organisation.policies import Actor
from app.organisation.tokens import holder_of_token, scope_allows
from app.wiring import current_runtime

NO_TOKEN = ("This API needs a token: send the header 'Authorization: Bearer <token>'. "
            "An administrator creates one with 'flowdesk tokens create LOGIN'.")
BAD_TOKEN = "The token is unknown, expired or revoked, or its account is deactivated. Ask for a new one."


class CredentialsRefused(Exception):
    """Credentials that name nobody (401) or a token whose scope does not cover the request (403)."""

    def __init__(self, status: int, reason: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason  # invalid_token, insufficient_scope, wrong, inactive
        self.message = message


def token_actor(token: str, method: str) -> Actor:
    """Return the actor an API token belongs to; raise CredentialsRefused if it names nobody or may not do `method`."""
    holder = holder_of_token(current_runtime(), token)
    if holder is None:
        raise CredentialsRefused(401, "invalid_token", BAD_TOKEN)
    if not scope_allows(holder.scope, method):
        raise CredentialsRefused(403, "insufficient_scope", (
            f"This token may only read (its scope is '{holder.scope}'), and {method} changes data. "
            "Use a token with the scope 'write': 'flowdesk tokens create LOGIN --scope write'."))
    return actor_for(holder.user)


def password_actor(login: str, password: str) -> Actor:
    """Return the actor of an active account whose login and password match; raise CredentialsRefused otherwise."""
    try:
        user = authenticate(current_runtime(), login, password, current_app.config["PASSWORD_HASH_METHOD"])
    except SignInRefused as refused:
        raise CredentialsRefused(401, refused.reason, str(refused)) from refused
    return actor_for(user)
