"""Specifications for the impact x urgency priority matrix, its validation, overrides and monitoring priorities."""
import pytest

from app.service_levels.priority import (
    DEFAULT_PRIORITY_MATRIX,
    MatrixInvalid,
    OverrideNeedsReason,
    PriorityDecision,
    PriorityMatrix,
    UnknownLevel,
    UnknownPriority,
    accept_monitoring_priority,
    compute_priority,
    override_priority,
    priority_for,
    reclassify_priority,
    replace_cell,
)

LEVELS = ("high", "medium", "low")


def full_cells(code: str = "P3") -> dict[tuple[str, str], str]:
    """Return a complete 3 x 3 set of cells all holding one code."""
    return {(impact, urgency): code for impact in LEVELS for urgency in LEVELS}


def problems_of(impacts: tuple[str, ...], urgencies: tuple[str, ...], cells: dict[tuple[str, str], str],
                codes: tuple[str, ...] = ("P1", "P2", "P3", "P4")) -> tuple[str, ...]:
    """Return the problems a matrix is refused with."""
    with pytest.raises(MatrixInvalid) as refused:
        PriorityMatrix(impacts, urgencies, cells, codes)
    return refused.value.problems


# --- the default matrix -------------------------------------------------------------------------

@pytest.mark.parametrize("impact, urgency, expected", [
    ("high", "high", "P1"), ("high", "medium", "P2"), ("high", "low", "P3"),
    ("medium", "high", "P2"), ("medium", "medium", "P3"), ("medium", "low", "P4"),
    ("low", "high", "P3"), ("low", "medium", "P4"), ("low", "low", "P4"),
])
def test_default_matrix_gives_the_itil_priority_for_each_cell(impact: str, urgency: str, expected: str) -> None:
    assert priority_for(DEFAULT_PRIORITY_MATRIX, impact, urgency) == expected


def test_default_matrix_holds_exactly_the_nine_cells_of_its_levels() -> None:
    assert set(DEFAULT_PRIORITY_MATRIX.cells) == {(i, u) for i in LEVELS for u in LEVELS}
    assert DEFAULT_PRIORITY_MATRIX.codes == ("P1", "P2", "P3", "P4")


def test_matrix_cells_cannot_be_changed_in_place() -> None:
    with pytest.raises(TypeError):
        DEFAULT_PRIORITY_MATRIX.cells[("low", "low")] = "P1"  # type: ignore[index]


def test_matrix_accepts_levels_and_codes_an_admin_configured() -> None:
    cells = {(impact, urgency): "urgent" if impact == "enterprise" else "normal"
             for impact in ("enterprise", "department", "person") for urgency in ("now", "later")}
    matrix = PriorityMatrix(("enterprise", "department", "person"), ("now", "later"), cells, ("urgent", "normal"))

    assert priority_for(matrix, "enterprise", "later") == "urgent"
    assert priority_for(matrix, "person", "now") == "normal"


# --- validation ---------------------------------------------------------------------------------

def test_matrix_names_the_empty_cell_when_one_is_missing() -> None:
    cells = full_cells()
    del cells[("low", "medium")]

    assert problems_of(LEVELS, LEVELS, cells) == (
        "The cell (impact 'low', urgency 'medium') has no priority; choose one of P1, P2, P3, P4.",
    )


def test_matrix_names_the_empty_cell_when_one_is_blank() -> None:
    cells = {**full_cells(), ("high", "low"): "  "}

    assert problems_of(LEVELS, LEVELS, cells) == (
        "The cell (impact 'high', urgency 'low') has no priority; choose one of P1, P2, P3, P4.",
    )


def test_matrix_names_the_cell_and_code_when_a_code_is_not_allowed() -> None:
    cells = {**full_cells(), ("medium", "high"): "P9"}

    assert problems_of(LEVELS, LEVELS, cells) == (
        "The cell (impact 'medium', urgency 'high') holds 'P9', which is not an allowed priority;"
        " choose one of P1, P2, P3, P4.",
    )


def test_matrix_names_the_cell_when_it_uses_an_unknown_level() -> None:
    cells = {**full_cells(), ("huge", "high"): "P1"}

    assert problems_of(LEVELS, LEVELS, cells) == (
        "The cell (impact 'huge', urgency 'high') names a level the matrix does not have;"
        " remove the cell or add the level.",
    )


def test_matrix_reports_every_problem_at_once_when_several_cells_are_wrong() -> None:
    cells = {**full_cells(), ("high", "high"): "P0"}
    del cells[("low", "low")]

    problems = problems_of(LEVELS, LEVELS, cells)

    assert len(problems) == 2
    assert "(impact 'high', urgency 'high') holds 'P0'" in problems[0]
    assert "(impact 'low', urgency 'low') has no priority" in problems[1]


def test_matrix_refuses_a_level_list_when_it_is_empty() -> None:
    assert problems_of((), LEVELS, {}) == ("The matrix has no impact levels; add at least one.",)


def test_matrix_refuses_a_level_when_it_appears_twice() -> None:
    cells = {(impact, urgency): "P3" for impact in LEVELS for urgency in ("high", "low")}

    problems = problems_of(LEVELS, ("high", "high", "low"), cells)

    assert problems == ("The urgency level 'high' appears more than once; keep it once.",)


def test_matrix_refuses_an_allowed_code_list_when_it_is_empty() -> None:
    problems = problems_of(LEVELS, LEVELS, full_cells(), codes=())

    assert problems[0] == "The matrix has no priority levels; add at least one."


# --- admin edits --------------------------------------------------------------------------------

def test_admin_replaces_one_cell_leaving_the_old_matrix_as_it_was() -> None:
    edited = replace_cell(DEFAULT_PRIORITY_MATRIX, "low", "high", "P2")

    assert priority_for(edited, "low", "high") == "P2"
    assert priority_for(DEFAULT_PRIORITY_MATRIX, "low", "high") == "P3"
    assert priority_for(edited, "high", "high") == "P1"


def test_admin_cannot_replace_a_cell_when_the_code_is_not_allowed() -> None:
    with pytest.raises(MatrixInvalid, match=r"\(impact 'low', urgency 'high'\) holds 'P7'"):
        replace_cell(DEFAULT_PRIORITY_MATRIX, "low", "high", "P7")


def test_admin_cannot_replace_a_cell_when_the_level_is_unknown() -> None:
    with pytest.raises(UnknownLevel, match="The urgency 'whenever' is not a level of the priority matrix"):
        replace_cell(DEFAULT_PRIORITY_MATRIX, "low", "whenever", "P4")


# --- deciding a ticket's priority ---------------------------------------------------------------

@pytest.mark.parametrize("impact, urgency, message", [
    ("severe", "high", "The impact 'severe' is not a level of the priority matrix; choose one of high, medium, low."),
    ("high", "asap", "The urgency 'asap' is not a level of the priority matrix; choose one of high, medium, low."),
])
def test_priority_for_refuses_a_level_when_the_matrix_lacks_it(impact: str, urgency: str, message: str) -> None:
    with pytest.raises(UnknownLevel) as refused:
        priority_for(DEFAULT_PRIORITY_MATRIX, impact, urgency)
    assert str(refused.value) == message


def test_compute_priority_records_the_matrix_as_source_with_the_levels_used() -> None:
    assert compute_priority(DEFAULT_PRIORITY_MATRIX, "medium", "high") == PriorityDecision(
        "P2", "matrix", "Computed from impact 'medium' and urgency 'high'.")


def test_agent_overrides_the_computed_priority_when_giving_a_reason() -> None:
    decision = override_priority(DEFAULT_PRIORITY_MATRIX, "P1", "  Payroll run fails tonight.  ")

    assert decision == PriorityDecision("P1", "override", "Payroll run fails tonight.")


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_agent_cannot_override_the_priority_when_the_reason_is_empty(reason: str) -> None:
    with pytest.raises(OverrideNeedsReason, match="Overriding the computed priority needs a reason"):
        override_priority(DEFAULT_PRIORITY_MATRIX, "P1", reason)


def test_agent_cannot_override_to_a_priority_when_the_matrix_does_not_allow_it() -> None:
    with pytest.raises(UnknownPriority, match="The priority 'P0' is not allowed; choose one of P1, P2, P3, P4."):
        override_priority(DEFAULT_PRIORITY_MATRIX, "P0", "Everything is down.")


def test_monitoring_event_keeps_its_given_priority_when_the_matrix_would_say_otherwise() -> None:
    given = accept_monitoring_priority(DEFAULT_PRIORITY_MATRIX, "P1", "Zabbix")

    after = reclassify_priority(DEFAULT_PRIORITY_MATRIX, given, "low", "low")

    assert after == PriorityDecision("P1", "monitoring", "Given by the monitoring system 'Zabbix'.")


def test_monitoring_event_is_refused_when_its_priority_is_not_allowed() -> None:
    with pytest.raises(UnknownPriority):
        accept_monitoring_priority(DEFAULT_PRIORITY_MATRIX, "critical", "Zabbix")


def test_reclassify_recomputes_the_priority_when_it_came_from_the_matrix() -> None:
    before = compute_priority(DEFAULT_PRIORITY_MATRIX, "low", "low")

    after = reclassify_priority(DEFAULT_PRIORITY_MATRIX, before, "high", "high")

    assert (after.priority, after.source) == ("P1", "matrix")


def test_reclassify_keeps_an_agents_override_when_levels_change() -> None:
    override = override_priority(DEFAULT_PRIORITY_MATRIX, "P2", "VIP caller.")

    assert reclassify_priority(DEFAULT_PRIORITY_MATRIX, override, "low", "low") == override


def test_reclassify_computes_from_the_matrix_when_no_priority_was_decided_yet() -> None:
    assert reclassify_priority(DEFAULT_PRIORITY_MATRIX, None, "high", "low").priority == "P3"


def test_reclassify_refuses_an_unknown_level_when_it_keeps_the_priority() -> None:
    override = override_priority(DEFAULT_PRIORITY_MATRIX, "P2", "VIP caller.")

    with pytest.raises(UnknownLevel):
        reclassify_priority(DEFAULT_PRIORITY_MATRIX, override, "galactic", "low")
