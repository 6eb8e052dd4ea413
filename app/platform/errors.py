"""Domain errors the services raise; blueprints and the CLI turn them into messages or status codes."""
from app.platform.transactions import Recoverable, TransientFault


class ServiceError(Exception):
    """Base class; str(error) is a full sentence a person can act on."""


class NotFound(ServiceError):
    """An id that names nothing."""


class NotAllowed(ServiceError):
    """The actor may not do this (not a candidate, not the assignee, ...)."""


class TaskAlreadyFinished(ServiceError):
    """The task was completed or cancelled meanwhile."""


class InvalidValues(ServiceError):
    """Form values were refused; errors maps field id to messages."""

    def __init__(self, message: str, errors: dict[str, list[str]]) -> None:
        super().__init__(message)
        self.errors = errors


class StepFailed(ServiceError, Recoverable):
    """The engine failed while running a step; once the step rolled back, the instance is marked needs_attention.

    The marking is the error's recovery, run by the outermost unit of work after the rollback. A use
    case that wants nothing left behind (logging a ticket, deploying) clears it with discard_recovery().
    """

    def __init__(self, instance_id: int | None, message: str, cause: str | None = None) -> None:
        super().__init__(message)
        self.instance_id = instance_id
        self.cause = cause or message  # what failed, in one sentence, without what to do about it

    def discard_recovery(self) -> None:
        """Leave no trace of the failed step: the caller's whole unit is abandoned."""
        self.recovery = None


class StaleInstance(TransientFault):
    """An instance's state changed since it was read (its lock_version moved): the step is run again."""


class Conflict(ServiceError):
    """The request does not fit the current state (e.g. retrying a healthy instance)."""


class QueryTimedOut(ServiceError):
    """A statement ran past the deadline of the request it served and was stopped; its unit rolled back."""


class RefusedOnRecord(NotAllowed, Recoverable):
    """A refusal the history must keep (someone excluded from a decision tried to decide): its recovery records it
    once the refused unit rolled back."""
