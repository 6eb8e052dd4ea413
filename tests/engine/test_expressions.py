"""Specifications for the diagram expression dialect and its safe evaluator."""
import time

import pytest

from engine.errors import ExpressionError
from engine.evaluation.expressions import check_expression, evaluate, translate
from engine.evaluation.timer_expressions import check_timer, evaluate_timer, timer_literal

HOSTILE_CODE = {
    "import": ("__import__('os').system('id')", "calls a function that is not allowed: __import__"),
    "open": ("open('/etc/passwd').read()", "calls a function that is not allowed: open"),
    "subclasses walk": ("().__class__.__base__.__subclasses__()", "uses attribute access"),
    "module attribute": ("random._os.popen('id')", "uses attribute access"),
    "private name": ("_secret", "names starting with '_' are not allowed"),
    "lambda": ("(lambda: 1)()", "calls something that is not a function name"),
    "comprehension": ("[c for c in 'abc']", "uses a comprehension"),
}
BOMBS = {
    "text bomb": ("'a' * 10**10", "too large"),
    "power tower": ("9**9**9", "too large"),
    "format width": ("f'{x:>999999999}'", "f-string format that is not allowed"),
    "percent width": ("'%999999999d' % 1", "formats text with %"),
}


# --- the ${...} dialect -------------------------------------------------------------------------

def test_translate_turns_double_ampersand_into_and() -> None:
    assert translate("${a && b}") == "a  and  b"


def test_translate_turns_double_bar_into_or() -> None:
    assert translate("${a || b}") == "a  or  b"


def test_translate_binds_exclamation_tighter_than_comparison() -> None:
    assert translate("${!done == false}") == "(not done) == False"


def test_translate_maps_true_false_null_to_python_constants() -> None:
    assert translate("${[true, false, null]}") == "[True, False, None]"


def test_translate_leaves_operators_inside_string_literals_untouched() -> None:
    assert translate("""${note == 'a && !b || c' && title != "x || !y"}""") == (
        """note == 'a && !b || c'  and  title != "x || !y\""""
    )


def test_translate_turns_dotted_names_into_key_lookups() -> None:
    assert translate("${ticket.customer.tier}") == "ticket['customer']['tier']"


def test_translate_leaves_plain_python_unchanged() -> None:
    assert translate("  priority in ('P1', 'P2')  ") == "priority in ('P1', 'P2')"


@pytest.mark.parametrize("text, expected", [
    ("${amount == 100}", True), ("${amount != 100}", False), ("${amount < 200}", True),
    ("${amount > 200}", False), ("${amount <= 100}", True), ("${amount >= 101}", False),
])
def test_evaluate_compares_with_each_dialect_operator(text: str, expected: bool) -> None:
    assert evaluate(text, {"amount": 100}) is expected


@pytest.mark.parametrize("text, expected", [
    ("${approved && amount > 50}", True), ("${!approved || amount > 500}", False),
    ("${approved and not urgent}", True), ("${urgent or amount == 100}", True),
])
def test_evaluate_combines_conditions_with_symbols_or_words(text: str, expected: bool) -> None:
    assert evaluate(text, {"approved": True, "urgent": False, "amount": 100}) is expected


def test_evaluate_compares_with_true_false_and_null() -> None:
    assert evaluate("${approved == true && rejected == false && owner == null}",
                    {"approved": True, "rejected": False, "owner": None}) is True


def test_evaluate_reads_a_string_containing_operators_as_plain_text() -> None:
    assert evaluate("${note == 'a && !b'}", {"note": "a && !b"}) is True


def test_evaluate_reads_values_inside_dicts_with_dotted_names() -> None:
    assert evaluate("${ticket.priority == 'P1'}", {"ticket": {"priority": "P1"}}) is True


@pytest.mark.parametrize("text, names, expected", [
    ("priority == 'P1'", {"priority": "P1"}, True),
    ("priority in ('P1', 'P2')", {"priority": "P3"}, False),
    ("amount > 1000 and not urgent", {"amount": 1500, "urgent": False}, True),
    ("ticket['priority'] == 'P2'", {"ticket": {"priority": "P2"}}, True),
])
def test_evaluate_accepts_plain_python_subset(text: str, names: dict, expected: bool) -> None:
    assert evaluate(text, names) is expected


def test_evaluate_builds_assignee_text_with_an_f_string() -> None:
    assert evaluate("f'{team}-L{level}'", {"team": "network", "level": 2}) == "network-L2"


def test_evaluate_calls_allow_listed_functions() -> None:
    assert evaluate("max(len(summary), 3) + round(2.6)", {"summary": "disk full"}) == 12


# --- refusals with clear reasons ----------------------------------------------------------------

def test_check_expression_refuses_invalid_syntax() -> None:
    with pytest.raises(ExpressionError, match="is not valid syntax"):
        check_expression("${amount > }")


def test_check_expression_refuses_an_unclosed_string() -> None:
    with pytest.raises(ExpressionError, match="never closed"):
        check_expression("${name == 'bob}")


def test_check_expression_refuses_mixed_text_and_placeholders() -> None:
    with pytest.raises(ExpressionError, match=r"put the whole expression inside one \$\{...\}"):
        check_expression("Hello ${name}")


def test_check_expression_accepts_unknown_names_because_data_comes_later() -> None:
    check_expression("${not_yet_set > 1}")


def test_evaluate_refuses_an_unknown_name_by_name() -> None:
    with pytest.raises(ExpressionError, match="unknown name 'amout'"):
        evaluate("amout > 5", {"amount": 10})


@pytest.mark.parametrize("text, reason", HOSTILE_CODE.values(), ids=HOSTILE_CODE.keys())
def test_check_expression_refuses_hostile_code_in_a_condition(text: str, reason: str) -> None:
    with pytest.raises(ExpressionError, match=reason):
        check_expression(text)


@pytest.mark.parametrize("text, reason", HOSTILE_CODE.values(), ids=HOSTILE_CODE.keys())
def test_check_timer_refuses_hostile_code_in_a_timer(text: str, reason: str) -> None:
    with pytest.raises(ExpressionError, match=reason):
        check_timer(text)


@pytest.mark.parametrize("text, reason", {**HOSTILE_CODE, **BOMBS}.values(), ids=[*HOSTILE_CODE, *BOMBS])
def test_evaluate_refuses_hostile_code_and_bombs_in_an_assignee(text: str, reason: str) -> None:
    with pytest.raises(ExpressionError, match=reason):
        evaluate(text, {"x": 1, "random": {"_os": "not a module"}})


@pytest.mark.parametrize("text, reason", {**HOSTILE_CODE, **BOMBS}.values(), ids=[*HOSTILE_CODE, *BOMBS])
def test_evaluate_timer_refuses_hostile_code_and_bombs_in_a_timer(text: str, reason: str) -> None:
    with pytest.raises(ExpressionError, match=reason):
        evaluate_timer(text, {"x": 1})


def test_evaluate_stops_a_memory_bomb_within_milliseconds() -> None:
    started = time.perf_counter()
    with pytest.raises(ExpressionError):
        evaluate("${'a' * 10**10}", {})
    assert time.perf_counter() - started < 0.1


def test_evaluate_refuses_repeating_a_list() -> None:
    with pytest.raises(ExpressionError, match="only text can be repeated"):
        evaluate("[[1] * 100000] * 100000", {})


def test_evaluate_refuses_turning_a_list_into_text() -> None:
    with pytest.raises(ExpressionError, match=r"str\(\) only accepts"):
        evaluate("str(items)", {"items": [1, 2]})


def test_evaluate_reports_a_missing_key_readably() -> None:
    with pytest.raises(ExpressionError, match="reads the key 'tier'"):
        evaluate("${ticket.tier == 'gold'}", {"ticket": {}})


def test_evaluate_reports_a_type_mismatch_readably() -> None:
    with pytest.raises(ExpressionError, match="failed: TypeError"):
        evaluate("amount > 'ten'", {"amount": 5})


def test_expression_error_names_the_expression_and_the_reason() -> None:
    with pytest.raises(ExpressionError) as caught:
        check_expression("__import__('os')")
    assert str(caught.value).startswith("Expression \"__import__('os')\": calls a function")


# --- timers -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "PT4H", "P3D", "P1DT2H30M", "PT0.5S", "P2W", "2027-01-01T09:00:00+08:00", "2027-01-01T01:00:00Z",
    "2027-01-01T09:00:00", "R/PT2H", "R3/PT10M", "R3/2027-01-01T09:00:00Z/PT1H",
    "R/2027-01-01T09:00:00Z/P1D", "R2/PT1H/2027-01-01T00:00:00Z",
])
def test_timer_literal_returns_a_bare_iso_literal_unchanged(text: str) -> None:
    assert timer_literal(f"  {text}\n") == text


@pytest.mark.parametrize("text", [
    '"PT4H"', "'PT4H'", "PT", "P", "P1DT", "pt4h", "P1W2D", "2027-13-01T09:00:00Z", "R/", "sla_due",
])
def test_timer_literal_returns_none_for_anything_else(text: str) -> None:
    assert timer_literal(text) is None


def test_evaluate_timer_returns_a_bare_literal_without_evaluating() -> None:
    assert evaluate_timer("PT4H", {}) == "PT4H"


def test_evaluate_timer_accepts_a_quoted_literal() -> None:
    assert evaluate_timer('"PT4H"', {}) == "PT4H"


def test_evaluate_timer_builds_a_duration_from_task_data() -> None:
    assert evaluate_timer('${f"PT{sla_hours}H"}', {"sla_hours": 8}) == "PT8H"


def test_evaluate_timer_reads_a_due_date_from_task_data() -> None:
    assert evaluate_timer("${window.start}", {"window": {"start": "2027-01-05T22:00:00Z"}}) == "2027-01-05T22:00:00Z"


def test_evaluate_timer_refuses_a_result_that_is_not_iso() -> None:
    with pytest.raises(ExpressionError, match="timer expression must produce an ISO 8601 date, duration or cycle, got 'tomorrow'"):
        evaluate_timer("due", {"due": "tomorrow"})


def test_check_timer_accepts_a_literal_and_an_expression() -> None:
    check_timer("R3/PT10M")
    check_timer("${f'PT{sla_hours}H'}")
