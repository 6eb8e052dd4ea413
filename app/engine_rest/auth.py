"""Who calls /engine-rest: a FlowDesk API token (bearer) or a FlowDesk login and password (HTTP basic).

Both go through the checks /api/v1 and the sign-in page use (app/api/credentials.py); failed basic
sign-ins count against the sign-in page's throttle (app/web/shell/throttle.py). A session cookie never
authenticates /engine-rest, so it needs no CSRF token. What an actor may do is app/organisation/policies/.
"""
from collections.abc import Callable

from flask import g, request
from werkzeug.wrappers import Response

from app.api.credentials import CredentialsRefused, password_actor, token_actor
from app.engine_rest.errors import RestError, unauthorized
from app.organisation.policies import Actor

NO_CREDENTIALS = ("/engine-rest needs credentials: send 'Authorization: Basic <login:password in base64>' with a "
                  "FlowDesk login and password, or 'Authorization: Bearer <token>' with a FlowDesk API token "
                  "('flowdesk tokens create LOGIN --scope write').")


def authenticate() -> Response | None:
    """Take the actor from the bearer token or the basic login and password; answer 401 (or 403) otherwise."""
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    try:
        if scheme.lower() == "bearer" and credentials.strip():
            g.engine_rest_actor = token_actor(credentials.strip(), request.method)
            return None
        basic = request.authorization
        if basic is not None and basic.type == "basic" and basic.username:
            g.engine_rest_actor = password_actor(basic.username, basic.password or "")
            return None
    except CredentialsRefused as refused:
        if refused.status == 401:
            return unauthorized(refused.message)
        raise RestError(403, "AuthorizationException", refused.message) from refused
    return unauthorized(NO_CREDENTIALS)


def engine_rest_actor() -> Actor:
    """Return the actor the request's credentials name."""
    actor: Actor = g.engine_rest_actor
    return actor


def require(rule: Callable[[Actor], bool], what: str) -> Actor:
    """Return the actor if the policy lets them; raise Camunda's 403 naming what they tried otherwise."""
    actor = engine_rest_actor()
    if not rule(actor):
        raise RestError(403, "AuthorizationException",
                        f"{actor.login} may not {what}. Ask an administrator for the role that allows it "
                        "(outside workers need the 'worker' role).")
    return actor
