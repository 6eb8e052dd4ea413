"""Specifications for building forms from FieldSpecs and validating CLI, JSON and HTML input."""
from datetime import UTC, date, datetime
from typing import Any

import flask
import pytest
from flask_wtf import FlaskForm

from engine.views import FieldSpec
from forms import build_form_class, parse_cli_assignments, validate_values


def field(field_id: str, type_: str = "string", **options: Any) -> FieldSpec:
    """Return a FieldSpec labelled after its id, capitalised."""
    options.setdefault("label", field_id.capitalize())
    return FieldSpec(id=field_id, type=type_, **options)


PRIORITY = field("priority", "enum", options=(("low", "Low"), ("medium", "Medium"), ("high", "High")))


def validate_one(spec: FieldSpec, value: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Validate a submission holding one value for one field."""
    return validate_values([spec], {spec.id: value})


def value_of(spec: FieldSpec, value: Any) -> Any:
    """Return the clean value of one valid field, failing the test on errors."""
    clean, errors = validate_one(spec, value)
    assert errors == {}
    return clean[spec.id]


def errors_of(spec: FieldSpec, value: Any) -> list[str]:
    """Return the error messages for one submitted value."""
    return validate_one(spec, value)[1].get(spec.id, [])


# --- building form classes ---------------------------------------------------------------


def test_builder_creates_one_field_per_spec_in_diagram_order_when_given_fields():
    form = build_form_class([field("summary"), field("amount", "long"), PRIORITY])()

    assert [f.name for f in form] == ["summary", "amount", "priority"]


def test_builder_returns_the_cached_class_when_the_same_fields_come_again():
    fields = (field("summary"), field("amount", "long"))

    assert build_form_class(fields) is build_form_class(list(fields))


def test_builder_builds_a_new_class_when_the_fields_differ():
    assert build_form_class([field("summary")]) is not build_form_class([field("summary", maxlength=3)])


def test_builder_uses_the_id_as_label_when_the_label_is_empty():
    form = build_form_class([field("summary", label="")])()

    assert form.summary.label.text == "summary"


def test_builder_uses_the_diagram_label_when_there_is_one():
    form = build_form_class([field("summary", label="Short summary")])()

    assert form.summary.label.text == "Short summary"


def test_builder_marks_the_input_required_when_the_field_is_required():
    form = build_form_class([field("summary", required=True)])()

    assert "required" in form.summary()


def test_builder_renders_a_readonly_input_when_a_text_field_is_readonly():
    form = build_form_class([field("summary", readonly=True)])()

    assert "readonly" in form.summary()


def test_builder_renders_a_text_area_when_a_text_field_is_drawn_multiline():
    form = build_form_class([field("answer", multiline=True, required=True), field("title")])()

    assert form.answer().startswith("<textarea") and 'rows="5"' in form.answer() and "required" in form.answer()
    assert form.title().startswith("<input")


def test_builder_renders_a_readonly_text_area_when_a_multiline_field_is_readonly():
    form = build_form_class([field("question", multiline=True, readonly=True, default="Which tray?")])()

    assert form.question().startswith("<textarea") and "readonly" in form.question()
    assert "Which tray?" in form.question()


def test_multiline_text_keeps_its_lines_and_its_length_limit():
    spec = field("answer", multiline=True, maxlength=12)

    assert value_of(spec, "Tray 2\nA3") == "Tray 2\nA3"
    assert errors_of(spec, "x" * 13) == ["Answer must be at most 12 characters."]


def test_readonly_multiline_field_keeps_its_value_whatever_is_submitted():
    clean, errors = validate_values([field("question", multiline=True, readonly=True)], {"question": "changed"},
                                    current={"question": "Which tray?"})

    assert (clean, errors) == ({"question": "Which tray?"}, {})


@pytest.mark.parametrize("spec", [field("urgent", "boolean", readonly=True), field("priority", "enum",
                                  options=PRIORITY.options, readonly=True)])
def test_builder_disables_the_control_when_a_checkbox_or_select_is_readonly(spec):
    form = build_form_class([spec])()

    assert "disabled" in form[spec.id]()


@pytest.mark.parametrize(("spec", "expected"), [
    (field("summary", default="hello"), "hello"),
    (field("amount", "long", default="12"), 12),
    (field("urgent", "boolean", default="true"), True),
    (field("urgent", "boolean", default="false"), False),
    (field("when", "date", default="2026-12-01"), date(2026, 12, 1)),
    (field("priority", "enum", options=PRIORITY.options, default="medium"), "medium"),
])
def test_builder_converts_the_default_to_the_field_type_when_the_diagram_gives_one(spec, expected):
    form = build_form_class([spec])()

    assert form[spec.id].data == expected


def test_builder_offers_a_blank_option_when_an_enum_is_optional():
    form = build_form_class([PRIORITY])()

    assert [choice.value for choice in form.priority.choices] == ["", "low", "medium", "high"]


def test_builder_offers_only_the_options_when_a_required_enum_has_a_default():
    form = build_form_class([field("priority", "enum", options=PRIORITY.options, required=True, default="low")])()

    assert [choice.value for choice in form.priority.choices] == ["low", "medium", "high"]


def test_builder_starts_a_required_enum_empty_when_it_has_no_default():
    form = build_form_class([field("priority", "enum", options=PRIORITY.options, required=True)])()

    assert [choice.value for choice in form.priority.choices] == ["", "low", "medium", "high"]
    assert form.priority.data is None
    assert not form.validate()
    assert form.priority.errors == ["Priority is required."]


def test_builder_refuses_the_field_when_its_type_is_unknown():
    with pytest.raises(ValueError, match="type 'money'"):
        build_form_class([field("amount", "money")])


@pytest.mark.parametrize("spec", [
    field("amount", "long", default="many"),
    field("urgent", "boolean", default="perhaps"),
    field("when", "date", default="12/31/2026"),  # month first: not Camunda's dd/MM/yyyy
    field("priority", "enum", options=PRIORITY.options, default="urgent"),
])
def test_builder_refuses_the_field_when_its_default_does_not_fit_the_type(spec):
    with pytest.raises(ValueError, match="has default"):
        build_form_class([spec])


@pytest.mark.parametrize("field_id", ["data", "errors", "validate", "meta", "_secret", ""])
def test_builder_refuses_the_id_when_the_form_would_hide_it_or_clash_with_it(field_id):
    with pytest.raises(ValueError, match="cannot be used|clashes"):
        build_form_class([field(field_id, label="X")])


def test_builder_refuses_the_fields_when_an_id_appears_twice():
    with pytest.raises(ValueError, match="appears twice"):
        build_form_class([field("summary"), field("summary", "long")])


# --- the FlaskForm base (HTML posts later) -----------------------------------------------


@pytest.fixture()
def app() -> flask.Flask:
    """Return a bare Flask app with CSRF off, as the test config will have."""
    app = flask.Flask(__name__)
    app.config.update(TESTING=True, WTF_CSRF_ENABLED=False, SECRET_KEY="test")
    return app


def test_flask_form_base_validates_a_post_when_the_checkbox_is_unchecked(app):
    form_class = build_form_class([field("summary", required=True), field("urgent", "boolean")], base=FlaskForm)

    with app.test_request_context(method="POST", data={"summary": "Printer jam"}):
        form = form_class()
        assert form.validate_on_submit()
        assert form.data == {"summary": "Printer jam", "urgent": False}


def test_flask_form_base_ignores_the_posted_value_when_the_field_is_readonly(app):
    form_class = build_form_class([field("ticket", readonly=True, default="T-1")], base=FlaskForm)

    with app.test_request_context(method="POST", data={"ticket": "T-999"}):
        form = form_class()
        assert form.validate_on_submit()
        assert form.ticket.data == "T-1"


def test_flask_form_base_gets_its_own_cached_class_when_the_fields_match_a_plain_form():
    fields = [field("summary")]

    assert build_form_class(fields, base=FlaskForm) is not build_form_class(fields)
    assert issubclass(build_form_class(fields, base=FlaskForm), FlaskForm)


# --- string ------------------------------------------------------------------------------


def test_string_field_returns_the_text_when_it_is_submitted():
    assert value_of(field("summary"), "Printer jam") == "Printer jam"


def test_string_field_reports_required_when_the_value_is_only_whitespace():
    assert errors_of(field("summary", required=True), "   ") == ["Summary is required."]


def test_string_field_reports_required_when_the_value_is_missing():
    _, errors = validate_values([field("summary", required=True)], {})

    assert errors == {"summary": ["Summary is required."]}


def test_string_field_reports_the_minimum_length_when_the_text_is_too_short():
    assert errors_of(field("summary", minlength=3), "ab") == ["Summary must be at least 3 characters."]


def test_string_field_reports_the_maximum_length_when_the_text_is_too_long():
    assert errors_of(field("summary", maxlength=80), "x" * 81) == ["Summary must be at most 80 characters."]


def test_string_field_reports_both_bounds_when_the_diagram_sets_both():
    assert errors_of(field("summary", minlength=3, maxlength=5), "toolong") == [
        "Summary must be between 3 and 5 characters."
    ]


def test_string_field_accepts_the_text_when_its_length_is_exactly_the_maximum():
    assert value_of(field("summary", maxlength=3), "abc") == "abc"


def test_string_field_returns_none_when_an_optional_value_is_blank():
    assert value_of(field("summary", minlength=3), "") is None


# --- long --------------------------------------------------------------------------------


def test_long_field_returns_an_int_when_given_cli_text():
    assert value_of(field("amount", "long"), "12") == 12


def test_long_field_returns_an_int_when_given_a_json_number():
    assert value_of(field("amount", "long"), 12) == 12


def test_long_field_accepts_zero_when_the_field_is_required():
    assert value_of(field("amount", "long", required=True), 0) == 0


def test_long_field_reports_a_whole_number_when_the_text_has_decimals():
    assert errors_of(field("amount", "long"), "12.5") == ["Amount must be a whole number."]


def test_long_field_reports_a_whole_number_when_the_json_number_has_decimals():
    assert errors_of(field("amount", "long"), 12.5) == ["Amount must be a whole number."]


def test_long_field_reports_a_whole_number_when_given_a_json_boolean():
    assert errors_of(field("amount", "long"), True) == ["Amount must be a whole number."]


def test_long_field_reports_the_minimum_when_the_number_is_too_small():
    assert errors_of(field("amount", "long", min=1), "0") == ["Amount must be at least 1."]


def test_long_field_reports_the_maximum_when_the_number_is_too_large():
    assert errors_of(field("amount", "long", max=100), 101) == ["Amount must be at most 100."]


def test_long_field_reports_both_bounds_when_the_diagram_sets_both():
    assert errors_of(field("amount", "long", min=1, max=10), 11) == ["Amount must be between 1 and 10."]


def test_long_field_reports_only_the_parse_error_when_the_text_is_not_a_number():
    assert errors_of(field("amount", "long", min=1, required=True), "abc") == ["Amount must be a whole number."]


def test_long_field_reports_required_when_the_value_is_missing():
    _, errors = validate_values([field("amount", "long", required=True)], {})

    assert errors == {"amount": ["Amount is required."]}


# --- boolean -----------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["true", "True", "1", "on", "yes", "y"])
def test_boolean_field_returns_true_when_given_a_true_word(word):
    assert value_of(field("urgent", "boolean"), word) is True


@pytest.mark.parametrize("word", ["false", "FALSE", "0", "off", "no", ""])
def test_boolean_field_returns_false_when_given_a_false_word(word):
    assert value_of(field("urgent", "boolean"), word) is False


@pytest.mark.parametrize("native", [True, False])
def test_boolean_field_returns_the_json_boolean_when_given_one(native):
    assert value_of(field("urgent", "boolean"), native) is native


def test_boolean_field_reports_true_or_false_when_the_word_is_unknown():
    assert errors_of(field("urgent", "boolean"), "ture") == ["Urgent must be true or false."]


def test_boolean_field_returns_false_when_missing_without_a_default():
    clean, _ = validate_values([field("urgent", "boolean")], {})

    assert clean == {"urgent": False}


def test_boolean_field_reports_must_be_checked_when_required_and_false():
    assert errors_of(field("urgent", "boolean", required=True), "false") == ["Urgent must be checked."]


def test_boolean_field_reports_the_parse_error_when_required_and_the_word_is_unknown():
    assert errors_of(field("urgent", "boolean", required=True), "maybe") == ["Urgent must be true or false."]


def test_boolean_field_accepts_true_when_required():
    assert value_of(field("urgent", "boolean", required=True), True) is True


# --- date --------------------------------------------------------------------------------


def test_date_field_returns_an_iso_string_when_given_cli_text():
    assert value_of(field("when", "date"), "2026-12-01") == "2026-12-01"


def test_date_field_returns_an_iso_string_when_given_a_date_object():
    assert value_of(field("when", "date"), date(2026, 12, 1)) == "2026-12-01"


def test_date_field_reads_camundas_day_month_year_and_returns_an_iso_string():
    assert value_of(field("when", "date"), "01/12/2026") == "2026-12-01"


def test_date_default_in_camundas_day_month_year_is_read_as_that_day():
    assert value_of(field("when", "date", default="10/01/2013"), "") is None
    assert validate_values([field("when", "date", default="10/01/2013")], {})[0] == {"when": "2013-01-10"}


def test_date_field_reports_the_format_when_the_date_is_written_otherwise():
    assert errors_of(field("when", "date"), "2026.12.01") == ["When must be a date written YYYY-MM-DD or DD/MM/YYYY."]


def test_date_field_reports_the_format_when_the_day_does_not_exist():
    assert errors_of(field("when", "date"), "2026-02-30") == ["When must be a date written YYYY-MM-DD or DD/MM/YYYY."]
    assert errors_of(field("when", "date"), "12/31/2026") == ["When must be a date written YYYY-MM-DD or DD/MM/YYYY."]


def test_date_field_reports_required_when_the_value_is_blank():
    assert errors_of(field("when", "date", required=True), "") == ["When is required."]


def test_date_field_returns_none_when_an_optional_value_is_blank():
    assert value_of(field("when", "date"), "") is None


# --- enum --------------------------------------------------------------------------------


def test_enum_field_returns_the_value_when_it_is_one_of_the_options():
    assert value_of(PRIORITY, "high") == "high"


def test_enum_field_lists_the_option_values_when_the_value_is_not_one_of_them():
    assert errors_of(PRIORITY, "urgent") == ["Priority must be one of: low, medium, high."]


def test_enum_field_refuses_the_label_when_it_is_submitted_instead_of_the_value():
    assert errors_of(PRIORITY, "High") == ["Priority must be one of: low, medium, high."]


def test_enum_field_returns_none_when_an_optional_value_is_blank():
    assert value_of(PRIORITY, "") is None


def test_enum_field_reports_required_when_a_required_value_is_blank():
    spec = field("priority", "enum", options=PRIORITY.options, required=True)

    assert errors_of(spec, "") == ["Priority is required."]


# --- missing values, defaults and current values -----------------------------------------


@pytest.mark.parametrize(("spec", "expected"), [
    (field("summary", default="hello"), "hello"),
    (field("amount", "long", default="12"), 12),
    (field("urgent", "boolean", default="true"), True),
    (field("when", "date", default="2026-12-01"), "2026-12-01"),
    (field("priority", "enum", options=PRIORITY.options, default="low"), "low"),
])
def test_validation_keeps_the_default_when_a_field_is_missing(spec, expected):
    clean, _ = validate_values([spec], {})

    assert clean == {spec.id: expected}


def test_validation_keeps_the_current_value_over_the_default_when_a_field_is_missing():
    clean, _ = validate_values([field("amount", "long", default="1")], {}, current={"amount": 7})

    assert clean == {"amount": 7}


def test_validation_returns_none_when_a_field_is_missing_without_default_or_current_value():
    clean, errors = validate_values([field("summary"), field("amount", "long")], {})

    assert (clean, errors) == ({"summary": None, "amount": None}, {})


def test_validation_accepts_a_missing_required_field_when_it_has_a_default():
    clean, errors = validate_values([field("summary", required=True, default="n/a")], {})

    assert (clean, errors) == ({"summary": "n/a"}, {})


def test_validation_clears_the_value_when_json_null_is_submitted():
    clean, _ = validate_values([field("amount", "long", default="5")], {"amount": None})

    assert clean == {"amount": None}


def test_validation_checks_the_current_value_when_the_field_is_missing():
    _, errors = validate_values([field("amount", "long", max=10)], {}, current={"amount": 50})

    assert errors == {"amount": ["Amount must be at most 10."]}


# --- read-only fields --------------------------------------------------------------------


def test_readonly_field_keeps_the_default_when_a_different_value_is_submitted():
    clean, errors = validate_values([field("ticket", readonly=True, default="T-1")], {"ticket": "T-999"})

    assert (clean, errors) == ({"ticket": "T-1"}, {})


def test_readonly_field_keeps_the_current_value_when_a_different_value_is_submitted():
    spec = field("amount", "long", readonly=True, default="1")

    clean, errors = validate_values([spec], {"amount": "2"}, current={"amount": 40})

    assert (clean, errors) == ({"amount": 40}, {})


def test_readonly_field_returns_the_typed_default_when_there_is_no_current_value():
    clean, _ = validate_values([field("when", "date", readonly=True, default="2026-12-01")], {})

    assert clean == {"when": "2026-12-01"}


def test_readonly_field_reports_nothing_when_required_and_without_value():
    clean, errors = validate_values([field("ticket", readonly=True, required=True)], {"ticket": ""})

    assert (clean, errors) == ({"ticket": None}, {})


# --- unknown keys and shapes -------------------------------------------------------------


def test_validation_reports_the_key_when_it_is_not_a_field_of_the_form():
    _, errors = validate_values([field("amount", "long")], {"amuont": "12"})

    assert errors == {"amuont": ["'amuont' is not a field of this form."]}


def test_validation_returns_no_clean_values_when_there_is_any_error():
    clean, _ = validate_values([field("summary"), field("amount", "long")], {"summary": "ok", "amount": "x"})

    assert clean == {}


def test_validation_reports_every_invalid_field_when_several_fail():
    spec_list = [field("summary", required=True), field("amount", "long"), PRIORITY]

    _, errors = validate_values(spec_list, {"amount": "x", "priority": "none"})

    assert set(errors) == {"summary", "amount", "priority"}


@pytest.mark.parametrize("value", [["a", "b"], {"a": 1}])
def test_validation_reports_a_single_value_when_json_sends_a_list_or_object(value):
    assert errors_of(field("summary"), value) == ["Summary must be a single value."]


def test_validation_returns_json_natives_when_cli_strings_and_json_values_agree():
    spec_list = [field("amount", "long"), field("urgent", "boolean"), field("when", "date"), PRIORITY]
    cli = {"amount": "12", "urgent": "true", "when": "2026-12-01", "priority": "low"}
    json_body = {"amount": 12, "urgent": True, "when": "2026-12-01", "priority": "low"}

    assert validate_values(spec_list, cli) == validate_values(spec_list, json_body) == (
        {"amount": 12, "urgent": True, "when": "2026-12-01", "priority": "low"}, {}
    )


# --- CLI assignments ---------------------------------------------------------------------


def test_cli_parser_returns_a_dict_when_given_name_value_pairs():
    assert parse_cli_assignments(["amount=12", "urgent=true"]) == {"amount": "12", "urgent": "true"}


def test_cli_parser_keeps_equals_signs_in_the_value_when_the_value_has_them():
    assert parse_cli_assignments(["query=a=b"]) == {"query": "a=b"}


def test_cli_parser_keeps_an_empty_value_when_nothing_follows_the_equals_sign():
    assert parse_cli_assignments(["summary="]) == {"summary": ""}


def test_cli_parser_keeps_the_last_value_when_a_name_repeats():
    assert parse_cli_assignments(["amount=1", "amount=2"]) == {"amount": "2"}


def test_cli_parser_raises_when_a_pair_has_no_equals_sign():
    with pytest.raises(ValueError, match=r"^Expected NAME=VALUE, got 'x'\.$"):
        parse_cli_assignments(["x"])


def test_cli_parser_raises_when_a_pair_has_no_name():
    with pytest.raises(ValueError, match="Expected NAME=VALUE"):
        parse_cli_assignments(["=12"])


def test_validation_refuses_a_past_date_when_the_field_asks_for_a_future_one() -> None:
    spec = field("needed_by", "date", future=True)
    assert validate_values([spec], {"needed_by": "2026-12-05"}, today=date(2026, 12, 6))[1] == {
        "needed_by": ["Needed_by must be today or a later date."]}
    assert validate_values([spec], {"needed_by": "2026-12-06"}, today=date(2026, 12, 6))[1] == {}


def test_validation_takes_any_date_when_the_field_does_not_ask_for_a_future_one() -> None:
    assert validate_values([field("born", "date")], {"born": "1990-01-01"}, today=date(2026, 12, 6))[1] == {}


# --- date-time fields (flowdesk:time): what a timer's timeDate can read ----------------------------------------

WINDOW = field("window", "date", label="Window opens", time=True, future=True)
NOW = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)


def moment_of(value: Any, zone: str | None = None) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Validate one value of the window field at NOW, submitted from a time zone."""
    return validate_values([WINDOW], {"window": value}, today=NOW.date(), now=NOW, zone=zone)


@pytest.mark.parametrize("text, zone, stored", [
    ("2030-01-03T22:00", "Asia/Shanghai", "2030-01-03T22:00:00+08:00"),
    ("2030-01-03 22:00", None, "2030-01-03T22:00:00+00:00"),
    ("2030-01-03T22:00:30+02:00", "Asia/Shanghai", "2030-01-03T22:00:30+02:00"),
    ("2030-01-03T22:00Z", "Asia/Shanghai", "2030-01-03T22:00:00+00:00"),
])
def test_a_date_time_is_stored_with_its_offset_read_in_the_senders_zone_when_it_names_none(text, zone,
                                                                                          stored) -> None:
    assert moment_of(text, zone) == ({"window": stored}, {})


@pytest.mark.parametrize("text", ["tomorrow night", "2030-01-03", "22:00", "2030-02-30T10:00"])
def test_a_date_time_field_refuses_what_names_no_moment(text) -> None:
    assert moment_of(text)[1] == {"window": [
        "Window opens must be a date and time written YYYY-MM-DDTHH:MM, such as 2027-01-15T22:00."]}


def test_a_future_date_time_refuses_a_moment_before_now_but_not_now() -> None:
    assert moment_of("2030-01-01T11:59")[1] == {"window": [
        "Window opens is in the past; enter a date and time from now on."]}
    assert moment_of("2030-01-01T19:59", "Asia/Shanghai")[1] != {}  # 11:59 UTC
    assert moment_of("2030-01-01T20:00", "Asia/Shanghai")[1] == {}  # 12:00 UTC: now itself is not past
