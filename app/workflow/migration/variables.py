"""The variables a migration sets on every instance it moves: one rule for their names, and one reading of their text.

`flowdesk migrate --set NAME[:TYPE]=VALUE` and the wizard's rows give them as text, read as `flowdesk start --var`
reads it (app.workflow.outside.typed_variables: a type reads the text as that type; without one, the text is JSON
when it is JSON, else kept as text). The API sends JSON values; their names pass the same rule.

A refusal names each bad row and field; its sentences are English templates with %(name)s parameters, which the
pages look up in the message catalogs (as app.workflow.refusal_words does for diagrams).
"""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.platform.errors import InvalidValues
from app.workflow.outside.typed_variables import TYPE_NAMES, BadVariable, plain_value, typed_value

TYPE_HINTS = {
    "string": "Any text is a string.",
    "boolean": "Write true or false.",
    "long": "Write a whole number.",
    "integer": "Write a whole number between -2147483648 and 2147483647.",
    "double": "Write a number, such as 2.5.",
    "date": "Write an ISO 8601 date, such as 2030-01-31 or 2030-01-31T09:00:00+08:00.",
    "json": "Write JSON: a list, an object, a number, true, false or a quoted text.",
}


@dataclass(frozen=True)
class VariableRow:
    """A variable to set as given: its name, its type (None: as written) and its text."""

    name: str
    type_name: str | None
    text: str


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one field (name, type or value) of one row, as a template and its parameters."""

    row: int
    field_name: str  # name, type or value
    template: str
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """Return the problem in English."""
        return self.template % self.params if self.params else self.template


class VariablesRefused(InvalidValues):
    """Variables to set that cannot be read: each problem on its row and field (errors "variables.<row>.<field>")."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        errors: dict[str, list[str]] = {}
        for problem in problems:
            errors.setdefault(f"variables.{problem.row}.{problem.field_name}", []).append(problem.message)
        super().__init__("Nothing was moved: the variables to set were not read. "
                         + " ".join(problem.message for problem in problems), errors)


def name_problem(row: int, name: str, seen: Iterable[str]) -> RowProblem | None:
    """Return what is wrong with a variable's name (empty, not a name, set twice), or None."""
    if not name:
        return RowProblem(row, "name", "Name the variable, or clear its value.")
    if not name.isidentifier():
        return RowProblem(row, "name", "%(name)s is not a variable name; use letters, digits and underscores, "
                                       "not starting with a digit.", {"name": name})
    if name in seen:
        return RowProblem(row, "name", "%(name)s is set twice; keep one of the two.", {"name": name})
    return None


def check_variable_names(names: Iterable[str]) -> None:
    """Refuse variable names the diagram's expressions could not read (the API's JSON variables)."""
    problems = [problem for row, name in enumerate(names)
                if (problem := name_problem(row, name, ())) is not None]
    if problems:
        raise VariablesRefused(problems)


def read_row(row: int, given: VariableRow) -> tuple[Any, RowProblem | None]:
    """Read one row's text as its type, or as written; return the value, or the problem with it."""
    if given.type_name is None:
        return plain_value(given.text), None
    if given.type_name not in TYPE_NAMES:
        return None, RowProblem(row, "type", "%(type)s is not a type; choose one of %(types)s.",
                                {"type": given.type_name, "types": ", ".join(TYPE_NAMES)})
    try:
        return typed_value(given.name, given.type_name, given.text), None
    except BadVariable:
        return None, RowProblem(row, "value", "This is not a valid %(type)s. " + TYPE_HINTS[given.type_name],
                                {"type": given.type_name})


def variables_from_rows(rows: list[VariableRow]) -> dict[str, Any]:
    """Return the variables the rows set, or raise VariablesRefused naming every bad row and field.

    A row with neither name nor text is left out: the wizard offers empty rows to fill in.
    """
    values: dict[str, Any] = {}
    problems: list[RowProblem] = []
    for row, given in enumerate(rows):
        if not given.name and not given.text:
            continue
        problem = name_problem(row, given.name, values)
        value, value_problem = read_row(row, given)
        problems += [found for found in (problem, value_problem) if found is not None]
        if problem is None and value_problem is None:
            values[given.name] = value
    if problems:
        raise VariablesRefused(problems)
    return values


def rows_from_assignments(assignments: Mapping[str, str]) -> list[VariableRow]:
    """Return the rows of NAME[:TYPE]=VALUE assignments (the command line's --set)."""
    rows = []
    for key, text in assignments.items():
        name, colon, type_name = key.partition(":")
        rows.append(VariableRow(name.strip(), type_name.strip().lower() if colon else None, text))
    return rows
