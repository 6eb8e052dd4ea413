"""Gather a diagram's refusals where the check can read on past one, so that a process owner sees them all at once."""
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException

from engine.errors import DiagramRefused


class PropertyRefused(ValidationException):
    """A parser's refusal that names the property of the element at fault (engine/errors.py DiagramRefused)."""

    def __init__(self, message: str, prop: str, params: Mapping[str, object] | None = None, **kwargs: Any) -> None:
        """message: the reason, or with params a template for them (the web translates it, DiagramRefused)."""
        super().__init__(message % params if params else message, **kwargs)
        self.property = prop
        self.template = message
        self.params = dict(params or {})


class Findings:
    """The refusals found so far in one check of one diagram."""

    def __init__(self) -> None:
        self.refusals: list[DiagramRefused] = []

    @contextmanager
    def read_on(self) -> Iterator[None]:
        """Note a refusal raised inside the block and go on after it."""
        try:
            yield
        except DiagramRefused as refused:
            self.add(refused)

    def add(self, refused: DiagramRefused) -> None:
        """Note a refusal (and those it carries), once each."""
        for problem in refused.problems:
            if not any(same_problem(problem, known) for known in self.refusals):
                self.refusals.append(problem)

    def raise_any(self) -> None:
        """Raise the first refusal, carrying the others, when there is one."""
        refused = self.refusal()
        if refused is not None:
            raise refused

    def refusal(self) -> DiagramRefused | None:
        """Return the first refusal carrying the others, or None when nothing was found."""
        if not self.refusals:
            return None
        first, *rest = self.refusals
        refused = DiagramRefused(first.file_name, first.element_id, first.template, first.params, first.property)
        refused.others = tuple(rest)
        return refused


def same_problem(one: DiagramRefused, other: DiagramRefused) -> bool:
    """Say whether two refusals say the same of the same element."""
    return (one.element_id, one.property, one.reason) == (other.element_id, other.property, other.reason)
