"""Business calendars: working hours, lunch breaks, holidays, China's statutory days, DST and admin definitions."""
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.service_levels.calendar import BusinessCalendar, NaiveMoment
from app.service_levels.hours import CalendarInvalid, WeekHours

SHANGHAI = ZoneInfo("Asia/Shanghai")
LONDON = ZoneInfo("Europe/London")
OFFICE_HOURS = WeekHours.weekdays(("09:00", "12:00"), ("13:30", "18:00"))


def local(text: str, zone: ZoneInfo = SHANGHAI) -> datetime:
    """Return the wall-clock moment `text` in `zone`."""
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def hours(n: float) -> timedelta:
    """Return a duration of `n` hours."""
    return timedelta(hours=n)


def office(holidays: frozenset[date] = frozenset(), working_days: frozenset[date] = frozenset()) -> BusinessCalendar:
    """Return a Shanghai office calendar, Monday to Friday 09:00-12:00 and 13:30-18:00."""
    return BusinessCalendar(zone=SHANGHAI, hours=OFFICE_HOURS, holidays=holidays, working_days=working_days)


def china_office() -> BusinessCalendar:
    """Return the office calendar with mainland China's statutory holidays and adjusted working days."""
    return BusinessCalendar.china(hours=OFFICE_HOURS)


def days(first: str, last: str) -> list[date]:
    """Return every date from `first` to `last`, both included."""
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


# Working hours, lunch, nights and weekends (2030-01-07 is a Monday).


def test_calendar_adds_time_within_a_morning_when_it_fits() -> None:
    assert office().add_working_time(local("2030-01-07 09:00"), hours(2)) == local("2030-01-07 11:00")


def test_calendar_skips_the_lunch_break_when_a_deadline_crosses_it() -> None:
    assert office().add_working_time(local("2030-01-07 11:00"), hours(2)) == local("2030-01-07 14:30")


def test_calendar_ends_at_lunch_when_the_time_runs_out_exactly_there() -> None:
    assert office().add_working_time(local("2030-01-07 11:00"), hours(1)) == local("2030-01-07 12:00")


def test_calendar_carries_time_over_the_night_when_the_day_ends() -> None:
    assert office().add_working_time(local("2030-01-07 17:00"), hours(2)) == local("2030-01-08 10:00")


def test_calendar_carries_time_over_the_weekend_when_started_on_friday() -> None:
    assert office().add_working_time(local("2030-01-11 17:00"), hours(2)) == local("2030-01-14 10:00")


def test_calendar_carries_time_over_several_days_when_the_duration_is_long() -> None:
    assert office().add_working_time(local("2030-01-07 09:00"), hours(7.5 * 5 + 1)) == local("2030-01-14 10:00")


@pytest.mark.parametrize(
    ("start", "due"),
    [
        ("2030-01-07 07:00", "2030-01-07 10:00"),
        ("2030-01-07 12:30", "2030-01-07 14:30"),
        ("2030-01-07 20:00", "2030-01-08 10:00"),
        ("2030-01-12 10:00", "2030-01-14 10:00"),
    ],
)
def test_calendar_starts_counting_at_the_next_opening_when_started_outside_hours(start: str, due: str) -> None:
    assert office().add_working_time(local(start), hours(1)) == local(due)


@pytest.mark.parametrize("start", ["2030-01-07 10:00", "2030-01-07 12:30", "2030-01-12 10:00"])
def test_calendar_returns_the_start_itself_when_the_duration_is_zero(start: str) -> None:
    assert office().add_working_time(local(start), timedelta(0)) == local(start)


def test_calendar_answers_in_utc_when_given_another_zone() -> None:
    due_at = office().add_working_time(local("2030-01-07 09:00"), hours(1))
    assert due_at.tzinfo is UTC
    assert due_at == datetime(2030, 1, 7, 2, 0, tzinfo=UTC)


def test_calendar_refuses_a_negative_duration() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        office().add_working_time(local("2030-01-07 09:00"), hours(-1))


def test_calendar_refuses_a_naive_datetime() -> None:
    with pytest.raises(NaiveMoment, match="has no time zone"):
        office().add_working_time(datetime(2030, 1, 7, 9), hours(1))


@pytest.mark.parametrize(
    ("moment", "working"),
    [
        ("2030-01-07 08:59:59", False),
        ("2030-01-07 09:00", True),
        ("2030-01-07 11:59:59", True),
        ("2030-01-07 12:00", False),
        ("2030-01-07 13:30", True),
        ("2030-01-07 18:00", False),
        ("2030-01-12 10:00", False),
    ],
)
def test_calendar_tells_working_moments_when_asked_at_the_edges(moment: str, working: bool) -> None:
    assert office().is_working(local(moment)) is working


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2030-01-07 09:00", "2030-01-08 09:00", hours(7.5)),
        ("2030-01-07 11:00", "2030-01-07 14:30", hours(2)),
        ("2030-01-11 17:00", "2030-01-14 10:00", hours(2)),
        ("2030-01-12 08:00", "2030-01-12 20:00", hours(0)),
        ("2030-01-07 10:00", "2030-01-07 10:00", hours(0)),
        ("2030-01-08 10:00", "2030-01-07 17:00", hours(-2)),
    ],
)
def test_calendar_measures_working_time_between_two_moments(start: str, end: str, expected: timedelta) -> None:
    assert office().working_time_between(local(start), local(end)) == expected


@settings(max_examples=150, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2025, 9, 1), max_value=datetime(2026, 3, 31), timezones=st.just(SHANGHAI)),
    minutes=st.integers(min_value=0, max_value=60 * 80),
)
def test_calendar_measures_back_the_time_it_added_for_any_start(start: datetime, minutes: int) -> None:
    calendar = china_office()
    due_at = calendar.add_working_time(start, timedelta(minutes=minutes))
    assert calendar.working_time_between(start, due_at) == timedelta(minutes=minutes)


# Holidays and extra working days.


def test_calendar_skips_a_listed_holiday_when_counting() -> None:
    calendar = office(holidays=frozenset({date(2030, 1, 8)}))
    assert calendar.add_working_time(local("2030-01-07 17:00"), hours(2)) == local("2030-01-09 10:00")


def test_calendar_works_a_listed_saturday_with_mondays_hours_by_default() -> None:
    calendar = office(working_days=frozenset({date(2030, 1, 12)}))
    assert calendar.hours_on(date(2030, 1, 12)) == OFFICE_HOURS.on(0)
    assert calendar.add_working_time(local("2030-01-11 17:00"), hours(2)) == local("2030-01-12 10:00")


def test_calendar_works_a_listed_saturday_with_the_hours_of_the_weekday_it_follows() -> None:
    week = WeekHours.from_dict({"mon": [["09:00", "18:00"]], "fri": [["09:00", "15:00"]]})
    calendar = BusinessCalendar(SHANGHAI, week, working_days=frozenset({date(2030, 1, 12)}), working_days_follow=4)
    assert calendar.working_time_between(local("2030-01-12 00:00"), local("2030-01-13 00:00")) == hours(6)


def test_calendar_keeps_a_weekdays_own_hours_when_it_is_also_listed_as_a_working_day() -> None:
    week = WeekHours.from_dict({"mon": [["09:00", "18:00"]], "fri": [["09:00", "15:00"]]})
    calendar = BusinessCalendar(SHANGHAI, week, working_days=frozenset({date(2030, 1, 11)}))
    assert calendar.hours_on(date(2030, 1, 11)) == week.on(4)


# Mainland China: statutory holidays and adjusted working days, checked against chinese_calendar itself.


@pytest.mark.parametrize("year", [2025, 2026])
def test_china_calendar_works_exactly_the_days_chinese_calendar_calls_workdays(year: int) -> None:
    calendar = china_office()
    disagreements = [
        day for day in days(f"{year}-01-01", f"{year}-12-31") if bool(calendar.hours_on(day)) != chinese_calendar.is_workday(day)
    ]
    assert disagreements == []


@pytest.mark.parametrize("day", days("2025-10-01", "2025-10-08"))
def test_china_calendar_keeps_national_day_and_mid_autumn_2025_off(day: date) -> None:
    assert chinese_calendar.is_holiday(day)
    assert china_office().hours_on(day) == ()


@pytest.mark.parametrize("day", [date(2025, 9, 28), date(2025, 10, 11)])
def test_china_calendar_works_the_adjusted_weekend_days_of_october_2025_with_mondays_hours(day: date) -> None:
    assert day.weekday() >= 5 and chinese_calendar.is_workday(day)
    assert china_office().hours_on(day) == OFFICE_HOURS.on(0)


def test_china_calendar_jumps_the_golden_week_when_a_deadline_falls_in_it() -> None:
    due_at = china_office().add_working_time(local("2025-09-30 17:00"), hours(2))
    assert due_at == local("2025-10-09 10:00")


def test_china_calendar_counts_sunday_2025_09_28_when_logged_on_friday_evening() -> None:
    due_at = china_office().add_working_time(local("2025-09-26 17:00"), hours(2))
    assert due_at == local("2025-09-28 10:00")


def test_china_calendar_counts_saturday_2025_10_11_when_logged_on_friday_evening() -> None:
    due_at = china_office().add_working_time(local("2025-10-10 17:00"), hours(2))
    assert due_at == local("2025-10-11 10:00")


def test_china_calendar_measures_the_golden_week_as_one_hour_when_it_spans_it() -> None:
    elapsed = china_office().working_time_between(local("2025-09-30 17:00"), local("2025-10-09 09:00"))
    assert elapsed == hours(1)


@pytest.mark.skipif(not chinese_calendar.is_holiday(date(2026, 2, 17)), reason="chinese-calendar lacks 2026")
def test_china_calendar_works_saturday_2026_02_14_then_skips_spring_festival() -> None:
    calendar = china_office()
    assert calendar.add_working_time(local("2026-02-13 17:00"), hours(2)) == local("2026-02-14 10:00")
    assert calendar.add_working_time(local("2026-02-14 17:00"), hours(2)) == local("2026-02-24 10:00")
    assert all(calendar.hours_on(day) == () for day in days("2026-02-15", "2026-02-23"))


def test_china_calendar_keeps_ordinary_saturdays_of_a_six_day_desk_but_not_holiday_ones() -> None:
    week = WeekHours.from_dict({name: [["09:00", "18:00"]] for name in ("mon", "tue", "wed", "thu", "fri", "sat")})
    calendar = BusinessCalendar.china(hours=week)
    assert calendar.hours_on(date(2025, 10, 18)) != ()
    assert calendar.hours_on(date(2025, 10, 4)) == ()


def test_china_calendar_adds_a_company_holiday_when_one_is_listed() -> None:
    calendar = BusinessCalendar.from_dict(
        {"timezone": "Asia/Shanghai", "hours": {"mon": [["09:00", "18:00"]]}, "statutory": "china",
         "holidays": ["2025-10-13"]}
    )
    assert calendar.hours_on(date(2025, 10, 13)) == ()
    assert calendar.hours_on(date(2025, 10, 6)) == ()
    assert calendar.hours_on(date(2025, 10, 20)) != ()


@pytest.mark.parametrize("day", [date(2099, 1, 5), date(2003, 1, 6)])
def test_china_calendar_falls_back_to_plain_weekends_when_the_package_lacks_the_year(day: date) -> None:
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(day)
    calendar = china_office()
    assert not calendar.covers(day)
    assert calendar.hours_on(day) == OFFICE_HOURS.on(0)
    assert calendar.hours_on(day + timedelta(days=5)) == ()


def test_china_calendar_says_it_covers_a_year_when_the_package_knows_it() -> None:
    assert china_office().covers(date(2025, 10, 1))
    assert office().covers(date(2099, 1, 5))


# Daylight saving time in London (clocks go forward 2025-03-30 and back 2025-10-26).


def london_office() -> BusinessCalendar:
    """Return a London office calendar, Monday to Friday 09:00-18:00."""
    return BusinessCalendar(zone=LONDON, hours=WeekHours.weekdays(("09:00", "18:00")))


def test_calendar_keeps_wall_clock_hours_when_the_clocks_go_forward_over_the_weekend() -> None:
    due_at = london_office().add_working_time(local("2025-03-28 17:00", LONDON), hours(2))
    assert due_at == local("2025-03-31 10:00", LONDON)
    assert due_at == datetime(2025, 3, 31, 9, 0, tzinfo=UTC)


def test_calendar_keeps_wall_clock_hours_when_the_clocks_go_back_over_the_weekend() -> None:
    due_at = london_office().add_working_time(local("2025-10-24 17:00", LONDON), hours(2))
    assert due_at == local("2025-10-27 10:00", LONDON)
    assert due_at == datetime(2025, 10, 27, 10, 0, tzinfo=UTC)


def test_calendar_counts_a_night_shift_an_hour_shorter_when_the_clocks_go_forward() -> None:
    calendar = BusinessCalendar(zone=LONDON, hours=WeekHours.from_dict({"sun": [["00:00", "04:00"]]}))
    start = local("2025-03-30 00:00", LONDON)
    assert calendar.working_time_between(start, local("2025-03-30 05:00", LONDON)) == hours(3)
    assert calendar.add_working_time(start, hours(3)) == local("2025-03-30 04:00", LONDON)


def test_calendar_counts_a_night_shift_an_hour_longer_when_the_clocks_go_back() -> None:
    calendar = BusinessCalendar(zone=LONDON, hours=WeekHours.from_dict({"sun": [["00:00", "04:00"]]}))
    start = local("2025-10-26 00:00", LONDON)
    assert calendar.working_time_between(start, local("2025-10-26 05:00", LONDON)) == hours(5)
    assert calendar.add_working_time(start, hours(5)) == local("2025-10-26 04:00", LONDON)


def test_calendar_runs_round_the_clock_when_a_day_ends_at_24_00() -> None:
    week = WeekHours.from_dict({name: [["00:00", "24:00"]] for name in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")})
    calendar = BusinessCalendar(zone=LONDON, hours=week)
    start = local("2025-03-29 22:00", LONDON)
    assert calendar.add_working_time(start, hours(24)) == start.astimezone(UTC) + hours(24)
    assert calendar.add_working_time(start, hours(24)) == local("2025-03-30 23:00", LONDON)


# Calendars defined by admins as plain data.

EXAMPLE = {
    "timezone": "Asia/Shanghai",
    "hours": {"mon": [["09:00", "12:00"], ["13:30", "18:00"]], "fri": [["09:00", "15:00"]]},
    "holidays": ["2030-01-01"],
    "working_days": ["2030-01-05"],
}


def test_admin_calendar_builds_from_a_dict_when_every_entry_is_valid() -> None:
    calendar = BusinessCalendar.from_dict(EXAMPLE)
    assert calendar.zone == SHANGHAI
    assert calendar.hours == WeekHours.from_dict(EXAMPLE["hours"])
    assert calendar.hours_on(date(2030, 1, 5)) == calendar.hours.on(0)
    assert calendar.holidays == frozenset({date(2030, 1, 1)})
    assert calendar.statutory is None


def test_admin_calendar_sorts_the_intervals_of_a_day_when_given_out_of_order() -> None:
    week = WeekHours.from_dict({"mon": [["13:30", "18:00"], ["09:00", "12:00"]]})
    assert week == WeekHours.from_dict({"mon": [["09:00", "12:00"], ["13:30", "18:00"]]})


@pytest.mark.parametrize(
    ("change", "entry"),
    [
        ({"timezone": None}, "timezone"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"hours": {"mon": [["09:00", "25:00"]]}}, "hours.mon[0][1]"),
        ({"hours": {"mon": [["9am", "12:00"]]}}, "hours.mon[0][0]"),
        ({"hours": {"mon": [["24:00", "24:00"]]}}, "hours.mon[0][0]"),
        ({"hours": {"mon": [["12:00", "09:00"]]}}, "hours.mon[0]"),
        ({"hours": {"mon": [["09:00"]]}}, "hours.mon[0]"),
        ({"hours": {"mon": [["09:00", "12:00"], ["11:00", "13:00"]]}}, "hours.mon"),
        ({"hours": {"mon": "09:00-18:00"}}, "hours.mon"),
        ({"hours": {"funday": [["09:00", "18:00"]]}}, "hours.funday"),
        ({"hours": {}}, "hours"),
        ({"hours": [["09:00", "18:00"]]}, "hours"),
        ({"holidays": ["2030-01-01", "2030-02-30"]}, "holidays[1]"),
        ({"holidays": ["01/01/2030"]}, "holidays[0]"),
        ({"holidays": "2030-01-01"}, "holidays"),
        ({"working_days": ["2030-01-05", "2030-01-01"]}, "working_days[1]"),
        ({"working_days_follow": "monday"}, "working_days_follow"),
        ({"statutory": "france"}, "statutory"),
        ({"holiday": ["2030-01-01"]}, "holiday"),
    ],
)
def test_admin_calendar_names_the_bad_entry_when_a_definition_is_refused(change: dict[str, object], entry: str) -> None:
    with pytest.raises(CalendarInvalid) as refused:
        BusinessCalendar.from_dict({**EXAMPLE, **change})
    assert refused.value.entry == entry
    assert refused.value.reason.endswith(".")
    assert str(refused.value).startswith(f"{entry}: ")
