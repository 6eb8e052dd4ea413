"""Camunda's JUEL as process owners write it: #{...}, the side-effect-free methods, `empty`, dateTime() and cron."""
import re
from datetime import UTC, datetime

import pytest

from engine.clock import FixedClock, reset_clock, use_clock
from engine.errors import ExpressionError
from engine.evaluation.cron import check_cron, next_cron_time
from engine.evaluation.expressions import check_expression, evaluate
from engine.evaluation.timer_expressions import check_timer, evaluate_timer

NOON = datetime(2030, 1, 31, 12, 0, tzinfo=UTC)


@pytest.fixture
def at_noon():  # type: ignore[no-untyped-def]
    """Run the expression with the step's clock at NOON."""
    token = use_clock(FixedClock(NOON))
    yield NOON
    reset_clock(token)


# --- #{...} -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("#{approved}", True), ("#{!approved}", False), ("#{amount >= 1000 && approved}", True),
    ("#{ticket.priority == 'high'}", True),
])
def test_deferred_expression_means_the_same_as_the_immediate_one(text: str, expected: bool) -> None:
    names = {"approved": True, "amount": 1200, "ticket": {"priority": "high"}}
    assert evaluate(text, names) == expected == evaluate("$" + text[1:], names)


def test_deferred_expression_mixed_with_text_is_refused() -> None:
    with pytest.raises(ExpressionError, match="mixes"):
        check_expression("Dear #{name}")


# --- methods ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("${clarified.equals('yes')}", True), ("${clarified.equals('no')}", False),
    ("${clarified.equalsIgnoreCase('YES')}", True), ("${title.contains('disk')}", True),
    ("${title.startsWith('Full')}", True), ("${title.endsWith('disk')}", True),
    ("${title.isEmpty()}", False), ("${blank.isEmpty()}", True), ("${title.length() == 14}", True),
    ("${tags.size() == 2}", True), ("${tags.contains('urgent')}", True), ("${tags.isEmpty()}", False),
    ("${customer.size() == 1}", True), ("${amount.equals(5)}", True), ("${amount.equals('5')}", False),
    ("${!clarified.equals('no') && tags.size() > 1}", True),
])
def test_conditions_call_the_side_effect_free_methods_camunda_diagrams_use(text: str, expected: bool) -> None:
    names = {"clarified": "yes", "title": "Full disk disk", "blank": "", "tags": ["urgent", "vip"],
             "customer": {"tier": "gold"}, "amount": 5}
    assert evaluate(text, names) is expected


@pytest.mark.parametrize("text", ["${x.getClass()}", "${x.getClass().forName('java.lang.Runtime')}",
                                  "${x.toString()}", "${execution.setVariable('a', 1)}", "${x.wait()}"])
def test_any_other_method_is_refused_at_deploy_with_the_allowed_ones_named(text: str) -> None:
    with pytest.raises(ExpressionError, match="expressions cannot call methods other than equals, equalsIgnoreCase"):
        check_expression(text)


@pytest.mark.parametrize(("text", "reason"), [
    ("${x.__class__}", "keys starting with '_' are not allowed"),
    ("${x.equals.__self__}", "keys starting with '_' are not allowed"),
    ("x.equals", "uses attribute access ('.equals')"),
    ("x.__class__()", "uses attribute access ('.__class__')"),
    ("x.equals(y=1)", "uses attribute access ('.equals')"),
])
def test_attribute_walks_stay_refused(text: str, reason: str) -> None:
    with pytest.raises(ExpressionError, match=re.escape(reason)):
        check_expression(text)


@pytest.mark.parametrize(("text", "names", "reason"), [
    ("${tags.length()}", {"tags": ["a"]}, r"calls length\(\) on a list, which has only the methods contains, equals"),
    ("${missing.equals('a')}", {"missing": None}, r"calls equals\(\) on null"),
    ("${title.startsWith(3)}", {"title": "a"}, r"calls startsWith\(\) with a number; pass text"),
    ("${title.equals()}", {"title": "a"}, r"calls equals\(\) with 0 argument"),
])
def test_a_method_the_value_does_not_have_fails_with_a_readable_reason(text: str, names: dict, reason: str) -> None:
    with pytest.raises(ExpressionError, match=reason):
        evaluate(text, names)


# --- empty --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    (None, True), ("", True), ([], True), ({}, True), ("x", False), ([0], False), ({"a": 1}, False),
    (0, False), (False, False),
])
def test_empty_is_true_for_null_empty_text_and_empty_collections(value: object, expected: bool) -> None:
    names = {"x": value}
    assert evaluate("${empty x}", names) is expected
    assert evaluate("${not empty x}", names) is (not expected)
    assert evaluate("${!empty x}", names) is (not expected)


def test_empty_binds_tighter_than_and() -> None:
    assert evaluate("${empty note && ready}", {"note": "", "ready": True}) is True
    assert evaluate("${!empty ticket.note || false}", {"ticket": {"note": "hi"}}) is True


# --- dateTime() ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("${dateTime().toDate()}", NOON),
    ("${dateTime().plusDays(2).toDate()}", datetime(2030, 2, 2, 12, 0, tzinfo=UTC)),
    ("${dateTime().plusWeeks(1).toDate()}", datetime(2030, 2, 7, 12, 0, tzinfo=UTC)),
    ("${dateTime().plusHours(3).plusMinutes(30).toDate()}", datetime(2030, 1, 31, 15, 30, tzinfo=UTC)),
    ("${dateTime().plusMonths(1).toDate()}", datetime(2030, 2, 28, 12, 0, tzinfo=UTC)),
    ("${dateTime().minusDays(31).toDate()}", datetime(2029, 12, 31, 12, 0, tzinfo=UTC)),
    ("${dateTime().minusYears(1).plusSeconds(5)}", datetime(2029, 1, 31, 12, 0, 5, tzinfo=UTC)),
    ("${dateTime().plusDays(days).toDate()}", datetime(2030, 2, 3, 12, 0, tzinfo=UTC)),
])
def test_date_time_reads_the_steps_clock_and_moves_like_joda(at_noon, text: str, expected: datetime) -> None:
    value = evaluate(text, {"days": 3})
    assert value == expected
    assert value.tzinfo is not None and value.utcoffset().total_seconds() == 0


def test_date_time_refuses_a_fractional_or_text_amount(at_noon) -> None:
    with pytest.raises(ExpressionError, match="moves a date by text; pass a whole number"):
        evaluate("${dateTime().plusDays('2')}", {})


def test_a_timer_date_from_date_time_becomes_iso_text_in_utc(at_noon) -> None:
    assert evaluate_timer("${dateTime().plusHours(3).toDate()}", {}) == "2030-01-31T15:00:00+00:00"
    assert evaluate_timer("#{due}", {"due": datetime(2030, 3, 1, 9, 0, tzinfo=UTC)}) == "2030-03-01T09:00:00+00:00"


def test_a_duration_timer_given_a_date_waits_until_that_date(at_noon) -> None:
    assert evaluate_timer("${dateTime().plusDays(1).toDate()}", {}, "duration") == "PT86400S"


def test_a_cycle_timer_given_a_date_is_refused(at_noon) -> None:
    with pytest.raises(ExpressionError, match="must produce an ISO 8601 repeating interval or a cron expression"):
        evaluate_timer("${dateTime().toDate()}", {}, "cycle")


# --- cron ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cron", "after", "expected"), [
    ("0 0/5 * * * ?", datetime(2030, 1, 1, 0, 3, tzinfo=UTC), datetime(2030, 1, 1, 0, 5, tzinfo=UTC)),
    ("0 0/5 * * * ?", datetime(2030, 1, 1, 0, 5, tzinfo=UTC), datetime(2030, 1, 1, 0, 10, tzinfo=UTC)),
    ("0/5 0/1 * 1/1 * ?", datetime(2030, 1, 1, 0, 0, 7, tzinfo=UTC), datetime(2030, 1, 1, 0, 0, 10, tzinfo=UTC)),
    ("0 0 9 ? * MON-FRI", datetime(2030, 1, 4, 10, 0, tzinfo=UTC), datetime(2030, 1, 7, 9, 0, tzinfo=UTC)),
    ("0 0 9 ? * 2-6", datetime(2030, 1, 4, 10, 0, tzinfo=UTC), datetime(2030, 1, 7, 9, 0, tzinfo=UTC)),
    ("0 0 12 ? * 1", datetime(2030, 1, 1, tzinfo=UTC), datetime(2030, 1, 6, 12, 0, tzinfo=UTC)),
    ("0 15 10 L * ?", datetime(2030, 2, 1, tzinfo=UTC), datetime(2030, 2, 28, 10, 15, tzinfo=UTC)),
    ("0 15 10 ? * 6L", datetime(2030, 1, 1, tzinfo=UTC), datetime(2030, 1, 25, 10, 15, tzinfo=UTC)),
    ("0 15 10 ? * 6#3", datetime(2030, 1, 1, tzinfo=UTC), datetime(2030, 1, 18, 10, 15, tzinfo=UTC)),
    ("0 0 0 1 1 ? 2031", datetime(2030, 6, 1, tzinfo=UTC), datetime(2031, 1, 1, tzinfo=UTC)),
    ("0 0 0 1 1 ? 2031", datetime(2031, 1, 1, tzinfo=UTC), None),
])
def test_quartz_cron_names_the_next_moment_strictly_after(cron: str, after: datetime, expected: datetime) -> None:
    assert next_cron_time(cron, after) == expected


@pytest.mark.parametrize(("cron", "reason"), [
    ("0 0/5 * * *", "it has 5 fields, and Quartz cron expressions start with the seconds"),
    ("0 0 9 * * MON", "exactly one of the day-of-month and day-of-week fields must be '?'"),
    ("0 61 * * * ?", "Error validating expression '61': the last value \\(61\\) is higher than the maximum value \\(59\\)"),
    ("0 0 9 ? * 8", "'8' is not a day of the week"),
    ("0 0 9 15W * ?", "'W' \\(nearest weekday\\) is not supported"),
])
def test_a_bad_cron_expression_is_refused_saying_so_and_why(cron: str, reason: str) -> None:
    with pytest.raises(ExpressionError, match=f"is not a valid cron expression: {reason}"):
        check_cron(cron)
    with pytest.raises(ExpressionError, match="is not a valid cron expression"):
        check_timer(cron, "cycle")


def test_a_cron_expression_in_a_date_or_duration_timer_is_refused() -> None:
    with pytest.raises(ExpressionError, match="is a cron expression, which only a timeCycle takes"):
        check_timer("0 0/5 * * * ?", "duration")


def test_a_cycle_timer_takes_cron_literally_or_from_an_expression() -> None:
    assert evaluate_timer("0 0/5 * * * ?", {}, "cycle") == "0 0/5 * * * ?"
    assert evaluate_timer("${schedule}", {"schedule": "0 0 9 ? * MON-FRI"}, "cycle") == "0 0 9 ? * MON-FRI"
    with pytest.raises(ExpressionError, match="is not a valid cron expression"):
        evaluate_timer("${schedule}", {"schedule": "0 0 9 * * MON"}, "cycle")
