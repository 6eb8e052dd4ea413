"""Domain errors the services raise; blueprints and the CLI turn them into messages or status codes."""


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


class StepFailed(ServiceError):
    """The engine failed while running a step; the instance now needs attention."""

    def __init__(self, instance_id: int, message: str) -> None:
        super().__init__(message)
        self.instance_id = instance_id


class Conflict(ServiceError):
    """The request does not fit the current state (e.g. retrying a healthy instance)."""
