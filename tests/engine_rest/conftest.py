"""People /engine-rest is called as: an outside worker with a password and a token, a requester, a deactivated worker."""
import base64

import pytest
from flask import Flask

from app.organisation.policies import system_actor
from app.organisation.tokens import create_token
from app.organisation.users import UserDetails, add_user, set_active
from app.workflow.runtime import Runtime

WORKER_PASSWORD = "copper-lantern-drifts-81"


def basic(login: str, password: str = WORKER_PASSWORD) -> dict[str, str]:
    """Return the Authorization header of HTTP basic for a login and password."""
    return {"Authorization": "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()}


@pytest.fixture
def workers(app: Flask, runtime: Runtime) -> dict[str, str]:
    """Create bot (worker), rita (requester), gone (a deactivated worker); return bot's write token."""
    admin = system_actor()
    for login, roles in (("bot", ["worker"]), ("rita", ["requester"]), ("gone", ["worker"])):
        add_user(runtime, admin, login, ["robots" if "worker" in roles else "requesters"],
                 details=UserDetails(password=WORKER_PASSWORD, roles=roles),
                 password_hash_method=app.config["PASSWORD_HASH_METHOD"])
    set_active(admin, "gone", False)
    return {"bot": create_token(runtime, admin, "bot", "worker", "write"),
            "bot_read": create_token(runtime, admin, "bot", "worker-read", "read")}


@pytest.fixture
def charge(runtime, deploy, workers):  # type: ignore[no-untyped-def]
    """Deploy the card-charging diagram (its topic has no FlowDesk handler) and start one instance of 250."""
    from app.workflow.instances.lifecycle import start_instance
    deploy("outside_worker.bpmn")
    return start_instance(runtime, "charge_card", {"amount": 250}, business_key="order-7", actor="rita")
