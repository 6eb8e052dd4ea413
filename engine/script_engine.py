"""The SpiffWorkflow script engine FlowDesk runs every diagram with: safe expressions, sandboxed scripts.

SpiffWorkflow evaluates through two doors: `engine.evaluate/execute` (gateways, timers, scripts,
service parameters) and, in a few places, `engine.environment.evaluate` directly (ad-hoc
subprocess completion conditions, message correlation expressions). Both doors lead to the safe
evaluator and the sandbox here; SpiffWorkflow's default environment (plain eval/exec) is never
installed.
"""
import contextvars
import re
from collections import ChainMap
from collections.abc import Mapping
from typing import Any

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import (
    BasePythonScriptEngineEnvironment,
)
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.task import Task

from engine.errors import ExpressionError, ScriptError
from engine.evaluation import expressions, timer_expressions
from engine.evaluation.sandbox import DEFAULT_LIMITS, ScriptLimits, run_script
from engine.events.timers import timer_kind

# Set while a run whose scripts wait for their own turn is stepping (see Engine.defer_scripts).
_DEFERRING: contextvars.ContextVar[bool] = contextvars.ContextVar("flowdesk_defer_scripts", default=False)


def defer_scripts(on: bool) -> contextvars.Token:
    """Make script tasks reached from now on wait (STARTED) instead of running; undo with reset_deferral."""
    return _DEFERRING.set(on)


def reset_deferral(token: contextvars.Token) -> None:
    """Undo defer_scripts."""
    _DEFERRING.reset(token)


class SafeEnvironment(BasePythonScriptEngineEnvironment):
    """Evaluate with the expression dialect and execute scripts in the sandbox."""

    def __init__(self, limits: ScriptLimits) -> None:
        super().__init__({})
        self.limits = limits

    def evaluate(self, expression: str, context: dict[str, Any],
                 external_context: Mapping[str, Any] | None = None) -> Any:
        """Evaluate an expression; task data wins over external names such as data objects."""
        return expressions.evaluate(expression, _names(context, external_context))

    def execute(self, script: str, context: dict[str, Any],
                external_context: Mapping[str, Any] | None = None) -> bool:
        """Run a script in the sandbox and make context the script's new variables."""
        external = dict(external_context or {})
        variables = run_script(script, {**external, **context}, self.limits)
        for name in external:
            if name not in context:
                variables.pop(name, None)
        for name in list(context):
            if name not in variables and not name.startswith("_"):
                del context[name]  # the script deleted it
        context.update(variables)
        return True


class FlowDeskScriptEngine(PythonScriptEngine):
    """SpiffWorkflow script engine that never hands diagram text to eval or exec."""

    def __init__(self, limits: ScriptLimits = DEFAULT_LIMITS) -> None:
        super().__init__(environment=SafeEnvironment(limits))
        self.limits = limits

    def evaluate(self, task: Task, expression: str,
                 external_context: Mapping[str, Any] | None = None) -> Any:
        """Evaluate a diagram expression; a bare ISO timer literal such as PT4H stands for itself."""
        literal = timer_expressions.timer_literal(expression)
        if literal is not None:
            return literal
        try:
            kind = _timer_kind(task, expression)
            if kind is not None:
                return timer_expressions.evaluate_timer(expression, _names(task.data, external_context), kind)
            return self.environment.evaluate(expression, task.data, external_context)
        except ExpressionError as error:
            raise _task_error(task, error) from error

    def execute(self, task: Task, script: str, external_context: Mapping[str, Any] | None = None) -> bool | None:
        """Run a script task's script in the sandbox and update the task data with its variables.

        While scripts are deferred, return None instead: SpiffWorkflow leaves the task STARTED, and the
        script runs later, outside the step's transaction, through compute_script and Run.finish_script.
        """
        if _DEFERRING.get():
            return None
        try:
            return bool(self.environment.execute(script, task.data, external_context))
        except ScriptError as error:
            raise _task_error(task, error) from error

    def compute_script(self, script: str, data: Mapping[str, Any]) -> dict[str, Any]:
        """Run a script in the sandbox on a copy of task data and return the data it leaves (raises ScriptError)."""
        context = dict(data)
        self.environment.execute(script, context)
        return context


def _names(context: dict[str, Any], external_context: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """Return task data backed by external names such as data objects; task data wins."""
    return ChainMap(context, dict(external_context)) if external_context else context


def _timer_kind(task: Task, expression: str) -> str | None:
    """Return the kind of this task's timer SpiffWorkflow is evaluating (it uses the generic evaluate), or None."""
    definition = getattr(task.task_spec, "event_definition", None)
    for candidate in [definition, *getattr(definition, "event_definitions", [])]:
        if isinstance(candidate, TimerEventDefinition) and candidate.expression == expression:
            return timer_kind(candidate)
    return None


def _task_error(task: Task, error: ExpressionError | ScriptError) -> WorkflowTaskException:
    """Wrap our error the way SpiffWorkflow callers expect, keeping its message readable."""
    message = str(error)
    line = re.search(r"\bline (\d+)\b", message) if isinstance(error, ScriptError) else None
    # SpiffWorkflowException.__str__ appends ". " to the message, so drop our own final period.
    return WorkflowTaskException(message.rstrip("."), task=task, exception=error,
                                 line_number=int(line.group(1)) if line else None)
