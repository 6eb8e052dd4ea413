"""Specifications for choosing a ticket's group and member, and for counting reassignments."""
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from app.organisation.assignment import AssignmentState, Member, UnknownStrategy, choose_member
from app.platform.rules import RuleError
from app.service_levels.escalation import ReassignmentLimitInvalid, reassignment_limit_exceeded
from app.servicedesk.tickets.assignment import (
    GroupChoice,
    ReassignmentLog,
    ReassignmentRefused,
    choose_group,
    record_reassignment,
)

NOW = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)


def team(*logins: str, absent: Sequence[str] = ()) -> list[Member]:
    """Return members with the given logins; those named in absent are unavailable."""
    return [Member(login, available=login not in absent) for login in logins]


def rotate(members: Sequence[Member], times: int, state: AssignmentState | None = None) -> list[str]:
    """Assign round-robin several times in a row, a minute apart, and return who got each ticket."""
    state = state or AssignmentState()
    chosen = []
    for step in range(times):
        choice = choose_member("round_robin", members, state, NOW + timedelta(minutes=step))
        assert choice is not None
        chosen.append(choice.login)
        state = choice.state
    return chosen


def least_loaded(members: Sequence[Member], last_assigned_at: dict[str, datetime] | None = None) -> str:
    """Return who least-loaded assignment picks."""
    choice = choose_member("least_loaded", members, AssignmentState(None, last_assigned_at or {}), NOW)
    assert choice is not None
    return choice.login


# --- the group ----------------------------------------------------------------------------------

def test_choose_group_picks_the_ci_owner_when_the_affected_ci_has_one() -> None:
    assert choose_group("Network", "Desktop", "Service Desk") == GroupChoice(
        "Network", "ci_owner", "The group 'Network' owns the affected configuration item.")


def test_choose_group_picks_the_category_default_when_no_ci_owner_is_known() -> None:
    choice = choose_group(None, "Desktop", "Service Desk")

    assert (choice.group, choice.source) == ("Desktop", "category_default")
    assert "default group 'Desktop'" in choice.reason


def test_choose_group_treats_a_blank_ci_owner_as_unknown() -> None:
    assert choose_group("  ", "Desktop", "Service Desk").source == "category_default"


@pytest.mark.parametrize("category_default", [None, ""])
def test_choose_group_falls_back_to_the_service_desk_when_nothing_else_is_known(category_default: str | None) -> None:
    choice = choose_group(None, category_default, "Service Desk")

    assert (choice.group, choice.source) == ("Service Desk", "fallback")
    assert "the service desk 'Service Desk' takes the ticket" in choice.reason


# --- round-robin --------------------------------------------------------------------------------

def test_round_robin_goes_through_members_in_login_order_when_starting_fresh() -> None:
    assert rotate(team("carol", "alice", "bob"), 3) == ["alice", "bob", "carol"]


def test_round_robin_wraps_around_to_the_first_member_after_the_last() -> None:
    assert rotate(team("alice", "bob", "carol"), 7) == ["alice", "bob", "carol", "alice", "bob", "carol", "alice"]


def test_round_robin_continues_after_the_cursor_when_a_state_is_given() -> None:
    assert rotate(team("alice", "bob", "carol"), 2, AssignmentState("bob")) == ["carol", "alice"]


def test_round_robin_skips_members_when_they_are_absent_or_inactive() -> None:
    assert rotate(team("alice", "bob", "carol", "dave", absent=("bob", "dave")), 4) == ["alice", "carol"] * 2


def test_round_robin_continues_with_the_next_login_when_the_last_assignee_left_the_group() -> None:
    assert rotate(team("alice", "carol"), 2, AssignmentState("bob")) == ["carol", "alice"]


def test_round_robin_gives_every_ticket_to_the_only_available_member() -> None:
    assert rotate(team("alice", "bob", absent=("alice",)), 3) == ["bob", "bob", "bob"]


def test_round_robin_records_the_assignee_and_the_time_in_the_new_state() -> None:
    choice = choose_member("round_robin", team("alice", "bob"), AssignmentState("alice", {"alice": NOW}),
                           NOW + timedelta(hours=1))

    assert choice is not None
    assert choice.state == AssignmentState("bob", {"alice": NOW, "bob": NOW + timedelta(hours=1)})


@pytest.mark.parametrize("strategy", ["round_robin", "least_loaded"])
def test_choose_member_leaves_the_ticket_in_the_group_queue_when_nobody_is_available(strategy: str) -> None:
    assert choose_member(strategy, team("alice", "bob", absent=("alice", "bob")), AssignmentState(), NOW) is None


def test_choose_member_refuses_a_strategy_when_it_does_not_exist() -> None:
    with pytest.raises(UnknownStrategy, match="The assignment strategy 'random' does not exist"):
        choose_member("random", team("alice"), AssignmentState(), NOW)


def test_choose_member_refuses_now_when_it_has_no_time_zone() -> None:
    with pytest.raises(RuleError, match="The time 'now' has no time zone"):
        choose_member("round_robin", team("alice"), AssignmentState(), datetime(2030, 1, 7, 9, 0))


# --- least-loaded -------------------------------------------------------------------------------

def test_least_loaded_picks_the_member_with_the_fewest_open_tasks() -> None:
    members = [Member("alice", 4), Member("bob", 1), Member("carol", 2)]

    assert least_loaded(members) == "bob"


def test_least_loaded_skips_the_least_loaded_member_when_absent() -> None:
    members = [Member("alice", 4), Member("bob", 0, available=False), Member("carol", 2)]

    assert least_loaded(members) == "carol"


def test_least_loaded_breaks_a_tie_by_who_waited_longest_since_their_last_assignment() -> None:
    members = [Member("alice", 2), Member("bob", 2), Member("carol", 5)]
    last = {"alice": NOW - timedelta(minutes=5), "bob": NOW - timedelta(hours=3), "carol": NOW - timedelta(days=9)}

    assert least_loaded(members, last) == "bob"


def test_least_loaded_breaks_a_tie_in_favour_of_a_member_never_assigned_before() -> None:
    members = [Member("alice", 1), Member("bob", 1)]

    assert least_loaded(members, {"alice": NOW - timedelta(days=30)}) == "bob"


def test_least_loaded_breaks_a_full_tie_by_login() -> None:
    members = [Member("carol", 1), Member("alice", 1), Member("bob", 1)]
    same = NOW - timedelta(hours=1)

    assert least_loaded(members, {"alice": same, "bob": same, "carol": same}) == "alice"


def test_least_loaded_spreads_equal_loads_in_turn_when_assignment_times_are_kept() -> None:
    members = [Member("alice", 3), Member("bob", 3)]
    state = AssignmentState()
    chosen = []
    for step in range(4):
        choice = choose_member("least_loaded", members, state, NOW + timedelta(minutes=step))
        assert choice is not None
        chosen.append(choice.login)
        state = choice.state

    assert chosen == ["alice", "bob", "alice", "bob"]


# --- reassignments ------------------------------------------------------------------------------

def test_record_reassignment_appends_an_entry_and_counts_it() -> None:
    log = record_reassignment(ReassignmentLog(), None, "Network", "Router problem, not desktop.", NOW)
    log = record_reassignment(log, "Network", "alice", " Alice knows this site. ", NOW + timedelta(hours=1))

    assert log.count == 2
    last = log.entries[-1]
    assert (last.from_assignee, last.to_assignee, last.reason, last.reassigned_at) == (
        "Network", "alice", "Alice knows this site.", NOW + timedelta(hours=1))


def test_record_reassignment_leaves_the_old_log_unchanged() -> None:
    empty = ReassignmentLog()

    record_reassignment(empty, "alice", "bob", "Shift ended.", NOW)

    assert empty.count == 0


@pytest.mark.parametrize("reason", ["", "   "])
def test_record_reassignment_refuses_a_move_when_the_reason_is_empty(reason: str) -> None:
    with pytest.raises(ReassignmentRefused, match="Reassigning the ticket to 'bob' needs a reason"):
        record_reassignment(ReassignmentLog(), "alice", "bob", reason, NOW)


def test_record_reassignment_refuses_a_move_when_the_ticket_already_has_that_assignee() -> None:
    with pytest.raises(ReassignmentRefused, match="already with 'alice'"):
        record_reassignment(ReassignmentLog(), "alice", "alice", "Again.", NOW)


def test_record_reassignment_refuses_a_move_when_it_names_nobody() -> None:
    with pytest.raises(ReassignmentRefused, match="must name the group or person"):
        record_reassignment(ReassignmentLog(), "alice", " ", "Nobody.", NOW)


@pytest.mark.parametrize("count, limit, exceeded", [
    (0, 0, False), (1, 0, True), (2, 3, False), (3, 3, False), (4, 3, True),
])
def test_reassignment_limit_is_exceeded_only_when_the_count_is_above_it(count: int, limit: int,
                                                                       exceeded: bool) -> None:
    assert reassignment_limit_exceeded(count, limit) is exceeded


def test_reassignment_limit_refuses_a_limit_when_it_is_below_zero() -> None:
    with pytest.raises(ReassignmentLimitInvalid, match="The reassignment limit -1 is below zero"):
        reassignment_limit_exceeded(0, -1)
