"""The sign-in throttle: refused sign-ins per login and client address, and per address, counted once for every
door a password opens (the sign-in page and HTTP basic on /engine-rest share the counters).
"""
import hashlib
import math
import time
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, current_app, request
from werkzeug.wrappers import Response

from app.extensions import limiter

Target = TypeVar("Target", bound=Callable[..., Any] | Blueprint)


def client_address() -> str:
    """Key the throttle of one client address (over every login it tries)."""
    return f"address:{request.remote_addr or 'unknown'}"


def tried_login() -> str:
    """Return the login a request tries: HTTP basic's user name, else the sign-in form's login."""
    basic = request.authorization
    if basic is not None and basic.type == "basic":
        return basic.username or ""
    return request.form.get("login") or ""


def login_and_address() -> str:
    """Key the throttle of one login tried from one client address (the login hashed: keys stay short and plain)."""
    login = tried_login().strip().casefold()
    return f"login:{hashlib.sha256(login.encode()).hexdigest()}@{request.remote_addr or 'unknown'}"


def failed(response: Response) -> bool:
    """Count only refused sign-ins against the limits: people who get in are not slowed down."""
    return response.status_code == 401


def throttled(methods: list[str] | None = None) -> Callable[[Target], Target]:
    """Return a decorator applying the two sign-in limits to a view or a blueprint (for `methods`, or every one)."""
    def apply(target: Target) -> Target:
        if isinstance(target, Blueprint):  # Flask-Limiter registers a blueprint's limits and returns nothing
            per_login(methods)(target)
            per_address(methods)(target)
            return target
        return per_address(methods)(per_login(methods)(target))
    return apply


def per_login(methods: list[str] | None) -> Any:
    """Return the limit on refused sign-ins of one login from one address."""
    return limiter.shared_limit(lambda: current_app.config["LOGIN_LIMITS_PER_ACCOUNT_AND_ADDRESS"], "sign-in-login",
                                key_func=login_and_address, methods=methods, deduct_when=failed)


def per_address(methods: list[str] | None) -> Any:
    """Return the limit on refused sign-ins from one address, over every login it tries."""
    return limiter.shared_limit(lambda: current_app.config["LOGIN_LIMITS_PER_ADDRESS"], "sign-in-address",
                                key_func=client_address, methods=methods, deduct_when=failed)


def seconds_to_wait() -> int:
    """Return how long the client must wait before the limit it ran into lets it try again."""
    limit = limiter.current_limit
    return max(1, math.ceil(limit.reset_at - time.time())) if limit else 60
