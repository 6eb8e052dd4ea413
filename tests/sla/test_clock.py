"""The SLA clock: deadlines on a business calendar, pauses while waiting for the requester, and the state."""
from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.service_levels.calendar import BusinessCalendar
from app.service_levels.hours import WeekHours
from app.service_levels.sla_clock import (
    ClockEvent,
    ClockEventKind,
    ClockEventsRefused,
    Pause,
    SlaDeadlines,
    SlaState,
    SlaStatus,
    SlaTarget,
    compute_deadlines,
    compute_status,
    pauses_from_events,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
OFFICE = BusinessCalendar(zone=SHANGHAI, hours=WeekHours.weekdays(("09:00", "12:00"), ("13:30", "18:00")))
TARGET = SlaTarget(response=timedelta(hours=1), resolution=timedelta(hours=8))
TICK = timedelta(microseconds=1)
LOGGED = "2030-01-07 09:00"  # a Monday; response due 10:00, warning 16:30, resolution due Tuesday 09:30


def local(text: str) -> datetime:
    """Return the Shanghai wall-clock moment `text`."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def hours(n: float) -> timedelta:
    """Return a duration of `n` hours."""
    return timedelta(hours=n)


def pause(started: str, ended: str | None = None) -> Pause:
    """Return a pause between two Shanghai wall-clock moments; open when `ended` is None."""
    return Pause(local(started), local(ended) if ended else None)


def deadlines(logged: str = LOGGED, target: SlaTarget = TARGET, pauses: Sequence[Pause] = ()) -> SlaDeadlines:
    """Return the deadlines of a ticket logged at a Shanghai wall-clock moment on the office calendar."""
    return compute_deadlines(local(logged), target, OFFICE, pauses)


def status(
    now: str | datetime,
    responded: str | None = None,
    resolved: str | None = None,
    pauses: Sequence[Pause] = (),
    target: SlaTarget = TARGET,
) -> SlaStatus:
    """Return the SLA status at `now` of a ticket logged at LOGGED on the office calendar."""
    return compute_status(
        now=local(now) if isinstance(now, str) else now,
        start_at=local(LOGGED),
        target=target,
        calendar=OFFICE,
        pauses=pauses,
        responded_at=local(responded) if responded else None,
        resolved_at=local(resolved) if resolved else None,
    )


# Deadlines.


def test_deadlines_count_working_time_from_the_logging_moment() -> None:
    assert deadlines() == SlaDeadlines(local("2030-01-07 10:00"), local("2030-01-08 09:30"), local("2030-01-07 16:30"))


def test_deadlines_cross_the_weekend_when_logged_on_friday_afternoon() -> None:
    assert deadlines("2030-01-11 16:00") == SlaDeadlines(
        local("2030-01-11 17:00"), local("2030-01-14 16:30"), local("2030-01-14 14:30")
    )


def test_deadlines_start_at_the_next_opening_when_logged_at_night() -> None:
    assert deadlines("2030-01-07 20:00") == SlaDeadlines(
        local("2030-01-08 10:00"), local("2030-01-09 09:30"), local("2030-01-08 16:30")
    )


def test_deadlines_fall_at_the_logging_moment_when_the_targets_are_zero() -> None:
    zero = SlaTarget(response=timedelta(0), resolution=timedelta(0))
    assert deadlines("2030-01-12 10:00", zero) == SlaDeadlines(*[local("2030-01-12 10:00")] * 3)


def test_deadlines_skip_chinese_golden_week_when_logged_before_it() -> None:
    calendar = BusinessCalendar.china(hours=OFFICE.hours)
    found = compute_deadlines(local("2025-09-30 16:00"), SlaTarget(hours(1), hours(4)), calendar)
    assert found == SlaDeadlines(local("2025-09-30 17:00"), local("2025-10-09 11:00"), local("2025-10-09 10:00"))


# The warning share.


def test_warning_comes_at_75_percent_of_the_resolution_target_by_default() -> None:
    assert TARGET.warning_share == 0.75
    assert OFFICE.working_time_between(local(LOGGED), deadlines().warning_at or local(LOGGED)) == hours(6)


def test_warning_comes_at_the_configured_share_when_one_is_given() -> None:
    half = SlaTarget(response=hours(1), resolution=hours(8), warning_share=0.5)
    assert deadlines(target=half).warning_at == local("2030-01-07 14:30")


@pytest.mark.parametrize("share", [0, 1, 1.5, -0.25])
def test_target_refuses_a_warning_share_when_it_is_not_between_0_and_1(share: float) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        SlaTarget(response=hours(1), resolution=hours(8), warning_share=share)


def test_target_refuses_a_negative_duration() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        SlaTarget(response=hours(-1), resolution=hours(8))


# Pauses while waiting for the requester.


def test_pause_moves_later_deadlines_by_the_paused_working_time() -> None:
    found = deadlines(pauses=[pause("2030-01-07 10:30", "2030-01-07 11:30")])
    assert found == SlaDeadlines(local("2030-01-07 10:00"), local("2030-01-08 10:30"), local("2030-01-07 17:30"))


def test_pauses_add_up_when_there_are_several() -> None:
    found = deadlines(pauses=[pause("2030-01-07 10:30", "2030-01-07 11:30"), pause("2030-01-07 14:00", "2030-01-07 15:00")])
    assert found.resolution_due_at == local("2030-01-08 11:30")


def test_pause_moves_nothing_when_it_lies_outside_working_hours() -> None:
    assert deadlines(pauses=[pause("2030-01-07 18:30", "2030-01-08 08:00")]) == deadlines()


def test_pause_over_a_weekend_moves_deadlines_by_its_working_time_only() -> None:
    found = deadlines("2030-01-11 16:00", pauses=[pause("2030-01-11 17:00", "2030-01-14 10:00")])
    assert found.resolution_due_at == local("2030-01-15 09:30")
    assert found.warning_at == local("2030-01-14 16:30")


def test_pause_leaves_a_deadline_alone_when_it_starts_exactly_at_that_deadline() -> None:
    found = deadlines("2030-01-11 16:00", pauses=[pause("2030-01-11 17:00", "2030-01-14 10:00")])
    assert found.response_due_at == local("2030-01-11 17:00")


def test_pause_delays_the_start_when_the_ticket_is_logged_while_paused() -> None:
    found = deadlines(pauses=[pause("2030-01-07 08:00", "2030-01-07 10:00")])
    assert found.response_due_at == local("2030-01-07 11:00")


def test_open_pause_leaves_later_deadlines_unknown_until_the_clock_resumes() -> None:
    found = deadlines(pauses=[pause("2030-01-07 10:30")])
    assert found == SlaDeadlines(local("2030-01-07 10:00"), None, None)


@pytest.mark.parametrize(
    "pauses",
    [
        [pause("2030-01-07 10:00", "2030-01-07 11:00"), pause("2030-01-07 10:30", "2030-01-07 12:00")],
        [pause("2030-01-07 14:00", "2030-01-07 15:00"), pause("2030-01-07 10:00", "2030-01-07 11:00")],
        [pause("2030-01-07 10:00"), pause("2030-01-07 14:00", "2030-01-07 15:00")],
    ],
)
def test_deadlines_refuse_pauses_when_they_overlap_or_come_out_of_order(pauses: list[Pause]) -> None:
    with pytest.raises(ClockEventsRefused, match="give pauses in order"):
        deadlines(pauses=pauses)


def test_pause_refuses_to_end_before_it_starts() -> None:
    with pytest.raises(ClockEventsRefused, match="cannot end"):
        pause("2030-01-07 11:00", "2030-01-07 10:00")


# Pause and resume events.


def event(kind: ClockEventKind, at: str) -> ClockEvent:
    """Return a clock event at a Shanghai wall-clock moment."""
    return ClockEvent(kind, local(at))


def test_events_become_pauses_when_paused_and_resumed_in_turn() -> None:
    events = [
        event(ClockEventKind.PAUSED, "2030-01-07 10:00"),
        event(ClockEventKind.RESUMED, "2030-01-07 11:00"),
        event(ClockEventKind.PAUSED, "2030-01-07 14:00"),
    ]
    assert pauses_from_events(events) == (pause("2030-01-07 10:00", "2030-01-07 11:00"), pause("2030-01-07 14:00"))


def test_events_change_nothing_when_a_pause_or_resume_repeats() -> None:
    events = [
        event(ClockEventKind.RESUMED, "2030-01-07 09:30"),
        event(ClockEventKind.PAUSED, "2030-01-07 10:00"),
        event(ClockEventKind.PAUSED, "2030-01-07 10:30"),
        event(ClockEventKind.RESUMED, "2030-01-07 11:00"),
        event(ClockEventKind.RESUMED, "2030-01-07 11:30"),
    ]
    assert pauses_from_events(events) == (pause("2030-01-07 10:00", "2030-01-07 11:00"),)


def test_events_are_refused_when_out_of_order() -> None:
    events = [event(ClockEventKind.PAUSED, "2030-01-07 11:00"), event(ClockEventKind.RESUMED, "2030-01-07 10:00")]
    with pytest.raises(ClockEventsRefused, match="sort them"):
        pauses_from_events(events)


# The state, at the right moment and not before.


def test_state_is_on_track_with_the_response_time_left_when_just_logged() -> None:
    assert status(LOGGED) == SlaStatus(SlaState.ON_TRACK, hours(1), local("2030-01-07 10:00"))


def test_state_stays_on_track_until_the_moment_the_response_falls_due() -> None:
    assert status(local("2030-01-07 10:00") - TICK).state is SlaState.ON_TRACK


def test_state_is_breached_exactly_when_the_response_falls_due_without_one() -> None:
    assert status("2030-01-07 10:00") == SlaStatus(SlaState.BREACHED, hours(0), local("2030-01-07 10:00"))


def test_state_is_on_track_when_the_response_came_exactly_at_its_deadline() -> None:
    assert status("2030-01-07 10:30", responded="2030-01-07 10:00").state is SlaState.ON_TRACK


def test_state_stays_on_track_until_the_moment_of_the_warning() -> None:
    assert status(local("2030-01-07 16:30") - TICK, responded="2030-01-07 09:45").state is SlaState.ON_TRACK


def test_state_is_warning_exactly_at_75_percent_of_the_resolution_target() -> None:
    found = status("2030-01-07 16:30", responded="2030-01-07 09:45")
    assert found == SlaStatus(SlaState.WARNING, hours(2), local("2030-01-08 09:30"))


def test_state_warns_at_the_configured_share_and_not_before() -> None:
    half = SlaTarget(response=hours(1), resolution=hours(8), warning_share=0.5)
    assert status(local("2030-01-07 14:30") - TICK, "2030-01-07 09:45", target=half).state is SlaState.ON_TRACK
    assert status("2030-01-07 14:30", "2030-01-07 09:45", target=half).state is SlaState.WARNING


def test_state_stays_warning_until_the_moment_the_resolution_falls_due() -> None:
    assert status(local("2030-01-08 09:30") - TICK, responded="2030-01-07 09:45").state is SlaState.WARNING


def test_state_is_breached_exactly_when_the_resolution_falls_due_unresolved() -> None:
    found = status("2030-01-08 09:30", responded="2030-01-07 09:45")
    assert found == SlaStatus(SlaState.BREACHED, hours(0), local("2030-01-08 09:30"))


def test_state_shows_negative_time_left_when_the_resolution_is_overdue() -> None:
    assert status("2030-01-08 10:30", responded="2030-01-07 09:45").time_left == hours(-1)


def test_state_is_met_when_resolved_exactly_at_the_deadline() -> None:
    found = status("2030-01-20 09:00", responded="2030-01-07 09:45", resolved="2030-01-08 09:30")
    assert found == SlaStatus(SlaState.MET, hours(0), local("2030-01-08 09:30"))


def test_state_is_breached_when_resolved_a_moment_after_the_deadline() -> None:
    found = status("2030-01-20 09:00", responded="2030-01-07 09:45", resolved="2030-01-08 09:30:00.000001")
    assert found.state is SlaState.BREACHED


def test_state_keeps_the_spare_time_when_met_and_asked_much_later() -> None:
    found = status("2030-02-01 12:00", responded="2030-01-07 09:45", resolved="2030-01-07 15:00")
    assert found == SlaStatus(SlaState.MET, hours(3.5), local("2030-01-08 09:30"))


def test_state_counts_the_resolution_as_the_response_when_none_was_recorded() -> None:
    assert status("2030-01-07 11:00", resolved="2030-01-07 09:45").state is SlaState.MET


def test_state_stays_breached_when_the_response_came_late() -> None:
    found = status("2030-01-07 11:00", responded="2030-01-07 10:30")
    assert found == SlaStatus(SlaState.BREACHED, hours(6), local("2030-01-08 09:30"))


def test_state_is_breached_at_once_when_the_response_target_is_zero_and_none_came() -> None:
    instant = SlaTarget(response=timedelta(0), resolution=hours(8))
    assert status(LOGGED, target=instant).state is SlaState.BREACHED
    assert status(LOGGED, responded=LOGGED, target=instant).state is SlaState.ON_TRACK


@pytest.mark.parametrize("now", ["2030-01-07 15:00", "2030-01-08 11:00", "2030-01-20 11:00"])
def test_state_holds_the_time_left_still_while_the_ticket_waits_for_the_requester(now: str) -> None:
    found = status(now, responded="2030-01-07 09:45", pauses=[pause("2030-01-07 11:00")])
    assert found.state is SlaState.ON_TRACK
    assert found.time_left == hours(6)


def test_state_warns_later_by_the_paused_working_time_when_the_clock_resumed() -> None:
    pauses = [pause("2030-01-07 11:00", "2030-01-08 11:00")]
    assert status(local("2030-01-08 16:30") - TICK, "2030-01-07 09:45", pauses=pauses).state is SlaState.ON_TRACK
    assert status("2030-01-08 16:30", "2030-01-07 09:45", pauses=pauses).state is SlaState.WARNING


def test_state_breaches_later_by_the_paused_working_time_when_the_clock_resumed() -> None:
    pauses = [pause("2030-01-07 11:00", "2030-01-08 11:00")]
    assert status(local("2030-01-09 09:30") - TICK, "2030-01-07 09:45", pauses=pauses).state is SlaState.WARNING
    assert status("2030-01-09 09:30", "2030-01-07 09:45", pauses=pauses).state is SlaState.BREACHED


def test_state_is_on_track_over_golden_week_when_the_deadline_lies_after_it() -> None:
    calendar = BusinessCalendar.china(hours=OFFICE.hours)
    found = compute_status(
        local("2025-10-08 23:59"), local("2025-09-30 16:00"), SlaTarget(hours(1), hours(4)), calendar,
        responded_at=local("2025-09-30 16:30"),
    )
    assert found == SlaStatus(SlaState.ON_TRACK, hours(2), local("2025-10-09 11:00"))
