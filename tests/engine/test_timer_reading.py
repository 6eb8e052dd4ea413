"""Timer texts read back for people by the parsers the engine runs them with."""
from datetime import UTC, datetime

from engine.evaluation.timer_reading import read_timer

NOW = datetime(2026, 12, 6, 17, 0, tzinfo=UTC)  # a Sunday


def test_a_duration_reads_as_its_parts() -> None:
    assert read_timer("P1DT4H", "duration", NOW).span == (("days", 1.0), ("hours", 4.0))


def test_a_cycle_without_a_count_repeats_without_end() -> None:
    reading = read_timer("R/PT2H", "cycle", NOW)
    assert (reading.form, reading.repetitions, reading.span) == ("cycle", -1, (("hours", 2.0),))


def test_a_date_without_a_zone_is_marked_so() -> None:
    assert read_timer("2027-01-01T09:00:00", "date", NOW).zone_given is False


def test_a_weekday_cron_cycle_reads_as_its_coming_moments_skipping_the_weekend() -> None:
    moments = read_timer("0 0 9 ? * MON-FRI", "cycle", NOW).moments
    assert moments[0] == datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    assert datetime(2026, 12, 12, 9, 0, tzinfo=UTC) not in moments  # a Saturday


def test_a_cron_expression_in_a_duration_is_invalid_as_the_deployment_says() -> None:
    reading = read_timer("0 0/5 * * * ?", "duration", NOW)
    assert reading.form == "invalid" and "only a timeCycle takes" in reading.reason


def test_an_expression_names_the_variables_it_reads() -> None:
    assert read_timer("${resolution_due}", "date", NOW).names == ("resolution_due",)
