"""Bearer-token authentication for the API and the role checks of its endpoints.

The API reads only the Authorization header: a session cookie never authenticates it, which
is also why it needs no CSRF token. The token check itself is app/api/credentials.py, shared with /engine-rest.
"""
from collections.abc import Callable

from flask import g, request
from werkzeug.wrappers import Response

from app.api.credentials import NO_TOKEN, CredentialsRefused, token_actor
from app.api.problems import Problem, problem_response
from app.organisation.policies import Actor
from app.platform.errors import NotAllowed

PUBLIC_ENDPOINTS = frozenset({"api.openapi_document"})
REALM = 'Bearer realm="FlowDesk API"'


def authenticate() -> Response | None:
    """Take the actor from the request's bearer token; answer 401 when there is no valid one."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return unauthorized(REALM, NO_TOKEN)
    try:
        g.api_actor = token_actor(token, request.method)
    except CredentialsRefused as refused:
        if refused.status == 401:
            return unauthorized(f'{REALM}, error="invalid_token"', refused.message)
        return problem_response(Problem(403, "insufficient-scope", "Insufficient scope", refused.message),
                                {"WWW-Authenticate": f'{REALM}, error="insufficient_scope", scope="write"'})
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
