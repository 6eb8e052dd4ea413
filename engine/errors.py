"""Domain exceptions raised by the engine; callers turn them into messages for people."""
from collections.abc import Mapping


class EngineError(Exception):
    """Base class for every error the engine raises on purpose."""


def refusal(template: str) -> str:
    """Mark a refusal reason kept apart from its DiagramRefused, for the message catalogs (pybabel -k refusal)."""
    return template


class DiagramRefused(EngineError):
    """A diagram cannot be deployed; names the file, the element and the reason.

    The reason is a template in English with %(name)s placeholders filled from params: the web and the API
    show it in the reader's language by looking the template up in the message catalogs
    (app/workflow/refusal_words.py); the CLI and the logs read the English `reason`.

    property names what of the element is at fault, for a modeller to open: an attribute ("camunda:topic"), a child
    element ("conditionExpression", "timeDuration"), a form field ("formField:<id>"), or None for the element as a
    whole. others: further problems found in the same check, where the check could read on past this one.
    """

    def __init__(self, file_name: str, element_id: str | None, reason: str,
                 params: Mapping[str, object] | None = None, property: str | None = None) -> None:
        self.file_name = file_name
        self.element_id = element_id
        self.property = property
        self.template = reason
        self.params = dict(params or {})
        self.reason = reason % self.params if self.params else reason
        self.others: tuple[DiagramRefused, ...] = ()
        reason = self.reason
        where = f"element '{element_id}'" if element_id else "the diagram"
        super().__init__(f"{file_name}: {where}: {reason}")

    @property
    def problems(self) -> tuple["DiagramRefused", ...]:
        """Return this refusal and every other problem found with it, in the order found."""
        return (self, *self.others)

    def moved(self, element_id: str | None) -> "DiagramRefused":
        """Return the same refusal (and its others) naming another element, as drawn."""
        copy = DiagramRefused(self.file_name, element_id, self.template, self.params, self.property)
        copy.others = self.others
        return copy


class ExpressionError(EngineError):
    """An expression is outside the dialect or failed to evaluate."""

    def __init__(self, expression: str, reason: str) -> None:
        self.expression = expression
        self.reason = reason
        super().__init__(f"Expression {expression!r}: {reason}")


class UnknownName(ExpressionError):
    """An expression read a variable the instance does not have."""


class ScriptError(EngineError):
    """A script task was refused or failed inside its sandbox."""


class TopicError(EngineError):
    """An external-task handler is unknown or failed."""


class TaskNotOpen(EngineError):
    """The user task is no longer waiting (completed, cancelled or never existed)."""


class CallBackDiffers(EngineError):
    """A call coming back round to the calling process would run another version of it than the instance runs."""


class ConditionLoop(EngineError):
    """Conditional events kept firing one another within one step."""
