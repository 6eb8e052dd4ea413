"""Ticket priority: the impact x urgency matrix admins edit, and who decided a ticket's priority."""
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Literal

from flask_babel import lazy_gettext as _l

from app.platform.rules import RuleError

DEFAULT_IMPACTS = ("high", "medium", "low")
DEFAULT_URGENCIES = ("high", "medium", "low")
DEFAULT_PRIORITY_CODES = ("P1", "P2", "P3", "P4")
# The default levels in the reader's words; a level an admin adds to the matrix shows as it is named.
LEVEL_WORDS = {"high": _l("High"), "medium": _l("Medium"), "low": _l("Low")}

PrioritySource = Literal["matrix", "override", "monitoring"]
Cell = tuple[str, str]


class MatrixInvalid(RuleError):
    """A priority matrix has missing levels, empty or disallowed cells; problems holds one sentence each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__(" ".join(problems))


class UnknownLevel(RuleError):
    """An impact or urgency that the priority matrix does not have."""


class UnknownPriority(RuleError):
    """A priority code that the priority matrix does not allow."""


class OverrideNeedsReason(RuleError):
    """An agent tried to override the computed priority without recording why."""


@dataclass(frozen=True)
class PriorityMatrix:
    """Map every (impact, urgency) pair to an allowed priority code; levels run from most to least severe.

    Construction validates the whole matrix, so a PriorityMatrix in hand is always complete.
    """

    impacts: tuple[str, ...]
    urgencies: tuple[str, ...]
    cells: Mapping[Cell, str]
    codes: tuple[str, ...] = DEFAULT_PRIORITY_CODES

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", MappingProxyType(dict(self.cells)))
        problems = _matrix_problems(self)
        if problems:
            raise MatrixInvalid(problems)


@dataclass(frozen=True)
class PriorityDecision:
    """A ticket's priority with where it came from and why."""

    priority: str
    source: PrioritySource
    reason: str


def _default_cells() -> dict[Cell, str]:
    """Return the ITIL-style cells: one step down per level of impact or urgency, floored at P4."""
    rows = {
        "high": ("P1", "P2", "P3"),
        "medium": ("P2", "P3", "P4"),
        "low": ("P3", "P4", "P4"),
    }
    return {(impact, urgency): rows[impact][column]
            for impact in DEFAULT_IMPACTS for column, urgency in enumerate(DEFAULT_URGENCIES)}


def _cell_name(impact: str, urgency: str) -> str:
    """Name a cell the way an admin sees it."""
    return f"(impact '{impact}', urgency '{urgency}')"


def _level_problems(kind: str, levels: tuple[str, ...]) -> list[str]:
    """List what is wrong with one list of levels or codes."""
    if not levels:
        return [f"The matrix has no {kind} levels; add at least one."]
    problems = []
    if any(not level.strip() for level in levels):
        problems.append(f"One of the {kind} levels is blank; give every level a name.")
    for level in sorted({level for level in levels if levels.count(level) > 1}):
        problems.append(f"The {kind} level '{level}' appears more than once; keep it once.")
    return problems


def _cell_problems(matrix: PriorityMatrix) -> list[str]:
    """List every cell that is empty, holds a code that is not allowed, or names an unknown level."""
    allowed = ", ".join(matrix.codes)
    problems = []
    for impact in matrix.impacts:
        for urgency in matrix.urgencies:
            code = matrix.cells.get((impact, urgency), "")
            if not code.strip():
                problems.append(f"The cell {_cell_name(impact, urgency)} has no priority; choose one of {allowed}.")
            elif code not in matrix.codes:
                problems.append(f"The cell {_cell_name(impact, urgency)} holds '{code}', which is not an allowed"
                                f" priority; choose one of {allowed}.")
    for impact, urgency in matrix.cells:
        if impact not in matrix.impacts or urgency not in matrix.urgencies:
            problems.append(f"The cell {_cell_name(impact, urgency)} names a level the matrix does not have;"
                            " remove the cell or add the level.")
    return problems


def _matrix_problems(matrix: PriorityMatrix) -> list[str]:
    """List every problem of a matrix, levels first, then cells."""
    return (_level_problems("impact", matrix.impacts) + _level_problems("urgency", matrix.urgencies)
            + _level_problems("priority", matrix.codes) + _cell_problems(matrix))


DEFAULT_PRIORITY_MATRIX = PriorityMatrix(DEFAULT_IMPACTS, DEFAULT_URGENCIES, _default_cells())


def _check_level(kind: str, level: str, levels: tuple[str, ...]) -> None:
    """Refuse a level the matrix does not have."""
    if level not in levels:
        raise UnknownLevel(f"The {kind} '{level}' is not a level of the priority matrix;"
                           f" choose one of {', '.join(levels)}.")


def _check_priority(matrix: PriorityMatrix, priority: str) -> None:
    """Refuse a priority code the matrix does not allow."""
    if priority not in matrix.codes:
        raise UnknownPriority(f"The priority '{priority}' is not allowed; choose one of {', '.join(matrix.codes)}.")


def replace_cell(matrix: PriorityMatrix, impact: str, urgency: str, priority: str) -> PriorityMatrix:
    """Return the matrix with one cell set to a new priority, as an admin's edit."""
    _check_level("impact", impact, matrix.impacts)
    _check_level("urgency", urgency, matrix.urgencies)
    return replace(matrix, cells={**matrix.cells, (impact, urgency): priority})


def priority_for(matrix: PriorityMatrix, impact: str, urgency: str) -> str:
    """Return the priority code the matrix gives an impact and an urgency."""
    _check_level("impact", impact, matrix.impacts)
    _check_level("urgency", urgency, matrix.urgencies)
    return matrix.cells[(impact, urgency)]


def compute_priority(matrix: PriorityMatrix, impact: str, urgency: str) -> PriorityDecision:
    """Decide a ticket's priority from the matrix."""
    priority = priority_for(matrix, impact, urgency)
    return PriorityDecision(priority, "matrix", f"Computed from impact '{impact}' and urgency '{urgency}'.")


def override_priority(matrix: PriorityMatrix, priority: str, reason: str) -> PriorityDecision:
    """Decide a ticket's priority by an agent's override, which needs a recorded reason."""
    _check_priority(matrix, priority)
    if not reason.strip():
        raise OverrideNeedsReason(f"Overriding the computed priority needs a reason; write why {priority}"
                                  " is right for this ticket.")
    return PriorityDecision(priority, "override", reason.strip())


def accept_monitoring_priority(matrix: PriorityMatrix, priority: str, system: str) -> PriorityDecision:
    """Keep the priority a monitoring system gave its event."""
    _check_priority(matrix, priority)
    return PriorityDecision(priority, "monitoring", f"Given by the monitoring system '{system}'.")


def reclassify_priority(matrix: PriorityMatrix, current: PriorityDecision | None,
                        impact: str, urgency: str) -> PriorityDecision:
    """Decide the priority after impact or urgency changed: only a matrix decision is recomputed.

    An agent's override and a monitoring system's priority stand until someone decides again on purpose.
    """
    if current is not None and current.source != "matrix":
        _check_level("impact", impact, matrix.impacts)
        _check_level("urgency", urgency, matrix.urgencies)
        return current
    return compute_priority(matrix, impact, urgency)
