"""The script engine SpiffWorkflow runs with: safe expressions, sandboxed scripts, external topics."""
import contextvars
from collections.abc import Mapping, Sequence
from typing import Any

from engine.approval.loop import Delegates
from engine.errors import TopicError
from engine.evaluation.expressions import evaluate_parameter
from engine.evaluation.sandbox import ScriptLimits
from engine.events.external_tasks import await_outside_worker
from engine.reading.parser import ExternalTask
from engine.script_engine import FlowDeskScriptEngine
from engine.topics import TopicCall, TopicRegistry
from engine.views import StepEvent

# Per thread / task context, because one script engine serves every worker thread.
_SINK: contextvars.ContextVar[list[tuple[str, StepEvent]] | None] = contextvars.ContextVar(
    "flowdesk_topic_sink", default=None)
_CONTEXT: contextvars.ContextVar[Any] = contextvars.ContextVar("flowdesk_step_context", default=None)


class TopicScriptEngine(FlowDeskScriptEngine):
    """FlowDeskScriptEngine that also calls external-task handlers and collects their events."""

    def __init__(self, topics: TopicRegistry, limits: ScriptLimits) -> None:
        super().__init__(limits=limits)
        self.topics = topics
        self.delegates: Delegates | None = None  # who stands in for members away (the app wires it)

    def delegates_for(self, members: Sequence[str]) -> Mapping[str, str]:
        """Return the delegate in force for each member away, by member, as the step's context finds them."""
        if self.delegates is None:
            return {}
        return self.delegates(_CONTEXT.get(), members)

    def open_sink(self, context: Any = None) -> tuple[contextvars.Token, contextvars.Token]:
        """Start collecting handler events for one step; handlers called meanwhile get the step's context."""
        return _SINK.set([]), _CONTEXT.set(context)

    def close_sink(self, tokens: tuple[contextvars.Token, contextvars.Token]) -> list[tuple[str, StepEvent]]:
        """Stop collecting and return what the handlers reported, as (task id, event) pairs."""
        events = _SINK.get() or []
        _SINK.reset(tokens[0])
        _CONTEXT.reset(tokens[1])
        return events

    def call_topic(self, task: Any, topic: str) -> bool | None:
        """Call the handler registered for an external task's topic and apply its updates (True).

        A topic without a handler leaves the task waiting for an outside worker (None: STARTED), with its
        evaluated input parameters and priority kept on the task (engine/events/external_tasks.py reads them).
        """
        spec: ExternalTask = task.task_spec
        params = {name: evaluate_parameter(text, task.data)
                  for name, text in spec.extensions.get("input_parameters", {}).items()}
        if not self.topics.handles(topic):
            priority = spec.extensions.get("task_priority") or "0"
            await_outside_worker(task, params, evaluate_parameter(priority, task.data) if "${" in priority
                                 else int(priority))
            return None
        call = TopicCall(topic, spec.bpmn_id, params, dict(task.data), _CONTEXT.get())
        try:
            result = self.topics.call(call)
        except TopicError:
            raise
        except Exception as exc:  # a handler's own failure, named with its element and topic
            raise TopicError(f"External task '{spec.bpmn_id}' (topic '{topic}') failed: "
                             f"{type(exc).__name__}: {exc}") from exc
        task.data.update(result.updates)
        sink = _SINK.get()
        if sink is not None:
            sink.extend((str(task.id), event) for event in result.events)
        return True
