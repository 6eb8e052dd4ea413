"""Bearer-token authentication for the API and the role checks of its endpoints.

The API reads only the Authorization header: a session cookie never authenticates it, which
is also why it needs no CSRF token.
"""
from collections.abc import Callable

from flask import g, request
from werkzeug.wrappers import Response

from app.api.problems import Problem, problem_response
from app.organisation.accounts import actor_for
from app.organisation.policies import Actor
from app.organisation.tokens import holder_of_token, scope_allows
from app.platform.errors import NotAllowed
from app.wiring import current_runtime

PUBLIC_ENDPOINTS = frozenset({"api.openapi_document"})
REALM = 'Bearer realm="FlowDesk API"'


def authenticate() -> Response | None:
    """Take the actor from the request's bearer token; answer 401 when there is no valid one."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return unauthorized(REALM, "This API needs a token: send the header 'Authorization: Bearer <token>'. "
                                   "An administrator creates one with 'flowdesk tokens create LOGIN'.")
    holder = holder_of_token(current_runtime(), token)
    if holder is None:
        return unauthorized(f'{REALM}, error="invalid_token"', "The token is unknown, expired or revoked, or its "
                                                               "account is deactivated. Ask for a new one.")
    if not scope_allows(holder.scope, request.method):
        return problem_response(Problem(
            403, "insufficient-scope", "Insufficient scope",
            f"This token may only read (its scope is '{holder.scope}'), and {request.method} changes data. "
            "Use a token with the scope 'write': 'flowdesk tokens create LOGIN --scope write'."),
            {"WWW-Authenticate": f'{REALM}, error="insufficient_scope", scope="write"'})
    g.api_actor = actor_for(holder.user)
    return None


def unauthorized(challenge: str, detail: str) -> Response:
    """Return the 401 problem with its WWW-Authenticate challenge."""
    return problem_response(Problem(401, "unauthorized", "Unauthorized", detail), {"WWW-Authenticate": challenge})


def api_actor() -> Actor:
    """Return the actor the request's token belongs to."""
    actor: Actor = g.api_actor
    return actor


def require(rule: Callable[[Actor], bool], what: str) -> Actor:
    """Return the actor if the permission rule lets them; raise NotAllowed naming what they tried."""
    actor = api_actor()
    if not rule(actor):
        raise NotAllowed(f"{actor.login} may not {what}.")
    return actor
