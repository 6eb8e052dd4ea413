"""Specifications for the escalation ladder: each level fires at its moment, not before, and only once."""
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.platform.rules import RuleError
from app.service_levels.escalation import (
    EscalationAction,
    EscalationLadder,
    EscalationLevel,
    LadderInvalid,
    SlaFacts,
    default_ladder,
    evaluate_escalations,
    next_escalation_at,
)

LOGGED_AT = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)
RESPONSE_DUE_AT = LOGGED_AT + timedelta(hours=1)
WARNING_AT = LOGGED_AT + timedelta(hours=6)
RESOLUTION_DUE_AT = LOGGED_AT + timedelta(hours=8)
MOMENTS = {"response_breach": RESPONSE_DUE_AT, "resolution_warning": WARNING_AT,
           "resolution_breach": RESOLUTION_DUE_AT}
ORDER = ["response_breach", "resolution_warning", "resolution_breach"]
LADDER = default_ladder(reassignment_limit=3)
TICK = timedelta(microseconds=1)


def open_ticket(**changes: Any) -> SlaFacts:
    """Return the facts of an open ticket logged at LOGGED_AT, with some facts changed."""
    facts = SlaFacts(response_due_at=RESPONSE_DUE_AT, resolution_due_at=RESOLUTION_DUE_AT, warning_at=WARNING_AT)
    return replace(facts, **changes)


def fired(facts: SlaFacts, now: datetime, raised: tuple[str, ...] = ()) -> list[str]:
    """Return the ids of the levels that fire now."""
    return [action.level_id for action in evaluate_escalations(LADDER, facts, now, raised)]


def earlier_than(level_id: str) -> tuple[str, ...]:
    """Return the time levels that come before a level, as if already raised."""
    return tuple(ORDER[:ORDER.index(level_id)])


# --- each level at its moment -------------------------------------------------------------------

@pytest.mark.parametrize("level_id", ORDER)
def test_time_level_fires_exactly_at_its_moment(level_id: str) -> None:
    assert fired(open_ticket(), MOMENTS[level_id], earlier_than(level_id)) == [level_id]


@pytest.mark.parametrize("level_id", ORDER)
def test_time_level_stays_quiet_just_before_its_moment(level_id: str) -> None:
    assert fired(open_ticket(), MOMENTS[level_id] - TICK, earlier_than(level_id)) == []


@pytest.mark.parametrize("level_id", ORDER)
def test_time_level_fires_only_once_when_already_raised(level_id: str) -> None:
    raised = (*earlier_than(level_id), level_id)

    assert level_id not in fired(open_ticket(), MOMENTS[level_id] + timedelta(hours=1), raised)


def test_ladder_raises_each_level_once_at_its_moment_when_the_clock_moves_minute_by_minute() -> None:
    first_fired_at: dict[str, datetime] = {}
    raised: tuple[str, ...] = ()
    now = LOGGED_AT
    while now <= LOGGED_AT + timedelta(hours=10):
        for level_id in fired(open_ticket(), now, raised):
            first_fired_at[level_id] = now
            raised = (*raised, level_id)
        now += timedelta(minutes=1)

    assert first_fired_at == MOMENTS
    assert raised == tuple(ORDER)


def test_ladder_raises_every_overdue_level_in_order_when_the_scheduler_looks_late() -> None:
    assert fired(open_ticket(), RESOLUTION_DUE_AT + timedelta(days=1)) == ORDER


@pytest.mark.parametrize("level_id, kind, recipient", [
    ("response_breach", "notify", "group_lead"),
    ("resolution_warning", "notify", "assignee"),
    ("resolution_breach", "escalate", "duty_manager"),
])
def test_default_level_addresses_its_recipient_when_it_fires(level_id: str, kind: str, recipient: str) -> None:
    actions = evaluate_escalations(LADDER, open_ticket(), MOMENTS[level_id], earlier_than(level_id))

    assert [(a.level_id, a.kind, a.recipient) for a in actions] == [(level_id, kind, recipient)]


def test_response_breach_says_which_target_was_missed() -> None:
    (action,) = evaluate_escalations(LADDER, open_ticket(), RESPONSE_DUE_AT, ())

    assert action == EscalationAction("response_breach", "notify", "group_lead",
                                      "Nobody responded to the ticket by its response target at 2030-01-07 10:00 UTC.")


# --- conditions that settle a level -------------------------------------------------------------

def test_response_breach_stays_quiet_when_someone_responded_in_time() -> None:
    facts = open_ticket(responded_at=RESPONSE_DUE_AT - timedelta(minutes=10))

    assert fired(facts, RESPONSE_DUE_AT + timedelta(minutes=30)) == []


def test_resolution_levels_still_fire_when_only_the_response_was_given() -> None:
    facts = open_ticket(responded_at=LOGGED_AT + timedelta(minutes=5))

    assert fired(facts, RESOLUTION_DUE_AT) == ["resolution_warning", "resolution_breach"]


def test_resolved_ticket_raises_nothing_when_every_deadline_has_passed() -> None:
    facts = open_ticket(resolved_at=LOGGED_AT + timedelta(minutes=30), reassignments=9)

    assert fired(facts, RESOLUTION_DUE_AT + timedelta(days=2)) == []


def test_paused_ticket_raises_no_time_level_when_deadlines_pass_while_waiting_for_the_requester() -> None:
    assert fired(open_ticket(paused=True), RESOLUTION_DUE_AT + timedelta(hours=1)) == []


def test_ticket_without_deadlines_raises_no_time_level() -> None:
    facts = open_ticket(response_due_at=None, resolution_due_at=None, warning_at=None)

    assert fired(facts, LOGGED_AT + timedelta(days=30)) == []


# --- reassignments ------------------------------------------------------------------------------

def test_reassignment_level_stays_quiet_when_the_count_equals_the_limit() -> None:
    assert fired(open_ticket(reassignments=3), LOGGED_AT) == []


def test_reassignment_level_notifies_the_service_desk_manager_when_the_count_passes_the_limit() -> None:
    (action,) = evaluate_escalations(LADDER, open_ticket(reassignments=4), LOGGED_AT, ())

    assert action == EscalationAction("reassignments_exceeded", "notify", "service_desk_manager",
                                      "The ticket was reassigned 4 times, more than the limit of 3.")


def test_reassignment_level_fires_only_once_when_reassignments_go_on() -> None:
    assert fired(open_ticket(reassignments=7), LOGGED_AT, ("reassignments_exceeded",)) == []


def test_reassignment_level_still_fires_when_the_sla_clock_is_paused() -> None:
    assert fired(open_ticket(reassignments=4, paused=True), LOGGED_AT) == ["reassignments_exceeded"]


# --- the next moment to look --------------------------------------------------------------------

def test_next_escalation_is_the_response_target_when_nothing_was_raised() -> None:
    assert next_escalation_at(LADDER, open_ticket(), ()) == RESPONSE_DUE_AT


def test_next_escalation_moves_to_the_warning_when_the_response_level_was_raised() -> None:
    assert next_escalation_at(LADDER, open_ticket(), ("response_breach",)) == WARNING_AT


@pytest.mark.parametrize("changes", [{"resolved_at": LOGGED_AT}, {"paused": True}])
def test_next_escalation_is_none_when_the_ticket_is_resolved_or_paused(changes: dict[str, Any]) -> None:
    assert next_escalation_at(LADDER, open_ticket(**changes), ()) is None


def test_next_escalation_is_none_when_every_time_level_was_raised() -> None:
    assert next_escalation_at(LADDER, open_ticket(), tuple(ORDER)) is None


# --- the ladder as data -------------------------------------------------------------------------

def test_custom_ladder_raises_two_levels_when_they_share_a_trigger() -> None:
    ladder = EscalationLadder((
        EscalationLevel("breach_lead", "resolution_breach", "notify", "group_lead"),
        EscalationLevel("breach_queue", "resolution_breach", "escalate", "major_incident_team"),
    ))

    actions = evaluate_escalations(ladder, open_ticket(), RESOLUTION_DUE_AT, ())

    assert [(a.level_id, a.recipient) for a in actions] == [("breach_lead", "group_lead"),
                                                            ("breach_queue", "major_incident_team")]


def test_ladder_refuses_levels_when_two_share_an_id() -> None:
    with pytest.raises(LadderInvalid, match="The escalation level id 'late' appears more than once"):
        EscalationLadder((EscalationLevel("late", "resolution_breach", "notify", "group_lead"),
                          EscalationLevel("late", "response_breach", "notify", "group_lead")))


@pytest.mark.parametrize("level, message", [
    (EscalationLevel("x", "moon_phase", "notify", "lead"),  # type: ignore[arg-type]
     "The escalation level 'x' has the unknown trigger 'moon_phase'"),
    (EscalationLevel("x", "response_breach", "shout", "lead"),  # type: ignore[arg-type]
     "The escalation level 'x' has the unknown kind 'shout'"),
    (EscalationLevel("x", "response_breach", "notify", " "),
     "The escalation level 'x' has no recipient"),
    (EscalationLevel("x", "reassignments_exceeded", "notify", "lead"),
     "The escalation level 'x' needs a reassignment limit of 0 or more."),
    (EscalationLevel("x", "reassignments_exceeded", "notify", "lead", -2),
     "The escalation level 'x' needs a reassignment limit of 0 or more."),
    (EscalationLevel("x", "resolution_breach", "notify", "lead", 3),
     "The escalation level 'x' fires on time, not on reassignments; remove its reassignment limit."),
])
def test_ladder_refuses_a_level_when_it_is_malformed(level: EscalationLevel, message: str) -> None:
    with pytest.raises(LadderInvalid) as refused:
        EscalationLadder((level,))
    assert refused.value.problems[0].startswith(message)


def test_facts_refuse_a_deadline_when_it_has_no_time_zone() -> None:
    with pytest.raises(RuleError, match="The time 'warning_at' has no time zone"):
        open_ticket(warning_at=datetime(2030, 1, 7, 15, 0))


def test_evaluate_refuses_now_when_it_has_no_time_zone() -> None:
    with pytest.raises(RuleError, match="The time 'now' has no time zone"):
        evaluate_escalations(LADDER, open_ticket(), datetime(2030, 1, 7, 15, 0), ())
