"""External-task topics: handlers registered in code that service tasks call by name."""
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.errors import TopicError
from engine.views import StepEvent


@dataclass(frozen=True)
class TopicCall:
    """What a handler is given: its topic, the element, evaluated parameters, a copy of the task data, and
    the step's context (what the engine's caller set on the run: for FlowDesk, who acts, on which instance)."""

    topic: str
    element_id: str
    params: Mapping[str, Any]
    data: Mapping[str, Any]
    context: Any = None


@dataclass
class TopicResult:
    """What a handler returns: data to set on the task and events for the history (or the outbox)."""

    updates: dict[str, Any] = field(default_factory=dict)
    events: list[StepEvent] = field(default_factory=list)


Handler = Callable[[TopicCall], TopicResult | dict[str, Any] | None]


class TopicRegistry:
    """Topic name -> handler."""

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    def register(self, topic: str, handler: Handler) -> None:
        """Register a handler under a topic name, replacing any earlier one."""
        self._handlers[topic] = handler

    def register_all(self, handlers: Mapping[str, Handler]) -> "TopicRegistry":
        """Register every topic of a flow's handler table; return the registry, so wiring can chain."""
        for topic, handler in handlers.items():
            self.register(topic, handler)
        return self

    def names(self) -> frozenset[str]:
        """Return the registered topic names."""
        return frozenset(self._handlers)

    def handles(self, topic: str) -> bool:
        """Say whether FlowDesk runs this topic itself (else outside workers take its tasks)."""
        return topic in self._handlers

    def call(self, call: TopicCall) -> TopicResult:
        """Run the handler of a topic and normalise what it returns."""
        handler = self._handlers.get(call.topic)
        if handler is None:
            raise TopicError(f"No handler is registered for topic '{call.topic}'.")
        result = handler(call)
        if result is None:
            return TopicResult()
        if isinstance(result, dict):
            return TopicResult(updates=result)
        return result


def log_handler(call: TopicCall) -> TopicResult:
    """Record the 'message' parameter in the instance history."""
    message = str(call.params.get("message", ""))
    return TopicResult(events=[StepEvent("topic_logged", call.element_id, {"message": message})])


def set_handler(call: TopicCall) -> TopicResult:
    """Set every parameter as a task-data variable."""
    return TopicResult(updates=dict(call.params))


def default_topics() -> TopicRegistry:
    """Return a registry with the built-in log and set topics."""
    registry = TopicRegistry()
    registry.register("log", log_handler)
    registry.register("set", set_handler)
    return registry
