"""What the organisation's use cases need of the app's Runtime, declared here so that they import nothing of the
workflow: the clock, and a way to tell a person of a change to their sign-in details.

app.workflow.runtime.Runtime has both, so callers pass it as before.
"""
from collections.abc import Callable
from typing import Any, Protocol

from engine.clock import Clock

# (the runtime, the user's id, the change, who made it when not themselves, the token's name); the app factory
# wires it to app.messaging.mail.account_notices, which tells the person by mail.
AccountChangeTeller = Callable[[Any, int, str, str | None, str], None]


class AccountRuntime(Protocol):
    """The clock the account use cases read, and the teller of changes to someone's sign-in details."""

    @property
    def clock(self) -> Clock:
        """Return the clock."""

    @property
    def account_changed(self) -> AccountChangeTeller:
        """Return the teller of account changes."""
