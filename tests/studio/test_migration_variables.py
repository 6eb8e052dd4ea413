"""Variables set on every moved instance: the wizard's rows, `flowdesk migrate --set` and the API read them by one
rule, and the wizard names each bad field; the wizard names timers and elements in the reader's language."""
import json

from app.organisation.policies import system_actor
from app.organisation.tokens import create_token
from app.workflow.instances.lifecycle import show_instance
from app.workflow.migration.variables import VariableRow, VariablesRefused, variables_from_rows

PLAN = {"from": "1", "to": "2", "status": "running", "map-approve": "sign_off"}


def rows(*given: tuple[str, str, str]) -> dict[str, str]:
    """Return the wizard's fields of variable rows given as (name, type, value)."""
    fields = {}
    for number, (name, type_name, value) in enumerate(given):
        fields |= {f"var-name-{number}": name, f"var-type-{number}": type_name, f"var-value-{number}": value}
    return fields


def variables_of(runtime, instance_id: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Return an instance's variables as stored."""
    return show_instance(runtime, instance_id).variables


def test_rows_read_text_as_their_type_or_as_json_else_text() -> None:
    read = variables_from_rows([VariableRow("budget", "long", "500"), VariableRow("urgent", None, "true"),
                                VariableRow("note", None, "moved by the owner"), VariableRow("", None, "")])
    assert read == {"budget": 500, "urgent": True, "note": "moved by the owner"}


def test_every_bad_row_is_named_on_its_field() -> None:
    try:
        variables_from_rows([VariableRow("2fast", None, "x"), VariableRow("budget", "long", "lots"),
                             VariableRow("", None, "orphan"), VariableRow("budget", None, "1")])
    except VariablesRefused as refused:
        assert sorted(refused.errors) == ["variables.0.name", "variables.1.value", "variables.2.name"]
        assert refused.errors["variables.1.value"] == ["This is not a valid long. Write a whole number."]
    else:
        raise AssertionError("bad rows were read")


def test_a_name_set_twice_is_named_on_the_second_row() -> None:
    try:
        variables_from_rows([VariableRow("budget", None, "1"), VariableRow("budget", None, "2")])
    except VariablesRefused as refused:
        assert refused.errors == {"variables.1.name": ["budget is set twice; keep one of the two."]}
    else:
        raise AssertionError("a name set twice was read")


def test_process_owner_sets_variables_on_every_moved_instance_in_the_wizard(runtime, client, sign_in,
                                                                          purchases) -> None:
    sign_in("olga")
    plan = {**PLAN, **rows(("budget", "long", "500"), ("channel", "", "phone"))}
    preview = client.get("/processes/purchase/migrate", query_string=plan).get_data(as_text=True)
    assert 'data-testid="variables-to-set"' in preview and "budget = 500" in preview
    assert 'data-testid="migration-execute"' in preview
    assert 'name="var-value-0" value="500"' in preview  # the Migrate form sends the rows as they were written
    done = client.post("/processes/purchase/migrate", data=plan).get_data(as_text=True)
    assert "2 instances moved to version 2." in done
    for instance_id in purchases.values():
        found = variables_of(runtime, instance_id)
        assert found["budget"] == 500 and found["channel"] == "phone"


def test_wizard_names_each_bad_variable_field_and_offers_no_migrate(client, sign_in, purchases) -> None:
    sign_in("olga")
    plan = {**PLAN, **rows(("budget", "long", "lots"), ("2fast", "", "x"))}
    page = client.get("/processes/purchase/migrate", query_string=plan).get_data(as_text=True)
    assert 'data-testid="var-value-0-error">This is not a valid long. Write a whole number.</p>' in page
    assert "2fast is not a variable name" in page and 'data-testid="var-name-1-error"' in page
    assert 'data-testid="migration-execute"' not in page and 'data-testid="variables-refused"' in page
    assert 'data-testid="migration-preview"' in page  # the preview without the variables still shows


def test_wizard_refuses_to_move_with_a_bad_variable_and_moves_nothing(runtime, client, sign_in, purchases) -> None:
    sign_in("olga")
    page = client.post("/processes/purchase/migrate", data={**PLAN, **rows(("budget", "boolean", "maybe"))})
    text = page.get_data(as_text=True)
    assert "Nothing was moved: fix the variables marked below" in text
    assert "This is not a valid boolean. Write true or false." in text
    assert "instances moved" not in text
    assert "budget" not in variables_of(runtime, purchases["review"])


def test_wizard_names_bad_variable_fields_in_chinese(client, sign_in, purchases) -> None:
    sign_in("olga")
    client.post("/language", data={"language": "zh_CN"})
    page = client.get("/processes/purchase/migrate", query_string={**PLAN, **rows(("budget", "long", "lots"))})
    assert "这不是有效的 long。请填写整数。" in page.get_data(as_text=True)


def test_cli_set_reads_a_typed_value_by_the_same_rule(runtime, cli, purchases) -> None:
    result = cli("migrate", "purchase", "--from", "1", "--to", "2", "--map", "approve=sign_off", "--set",
                 "budget:long=500", "--set", "channel=phone", "--as", "olga")
    assert result.exit_code == 0, result.stderr
    assert variables_of(runtime, purchases["review"])["budget"] == 500


def test_cli_set_with_a_bad_value_is_refused_naming_it_and_moves_nothing(runtime, cli, purchases) -> None:
    result = cli("migrate", "purchase", "--from", "1", "--to", "2", "--set", "budget:long=lots", "--as", "olga")
    assert result.exit_code != 0
    assert "This is not a valid long. Write a whole number." in result.stderr
    assert "budget" not in variables_of(runtime, purchases["review"])


def test_api_refuses_a_variable_name_the_diagram_cannot_read(client, runtime, demo, purchases) -> None:
    headers = {"Authorization": f"Bearer {create_token(runtime, system_actor(), 'olga', 'tests')}"}
    answer = client.post("/api/v1/migrations", content_type="application/json", headers=headers, data=json.dumps({
        "process_id": "purchase", "from_version": 1, "to_version": 2, "variables": {"2fast": 1}, "dry_run": True}))
    assert answer.status_code == 422 and "2fast is not a variable name" in answer.get_json()["detail"]


def test_wizard_names_timers_and_elements_as_the_diagram_translates_them(client, sign_in, deploy, demo) -> None:
    deploy("incident.bpmn")
    deploy("incident_v2_migration.bpmn")
    sign_in("olga")
    english = client.get("/processes/incident/migrate?from=1&to=2").get_data(as_text=True)
    assert "No answer in 3 working days" in english
    client.post("/language", data={"language": "zh_CN"})
    chinese = client.get("/processes/incident/migrate?from=1&to=2").get_data(as_text=True)
    assert 'data-testid="timer-choices"' in chinese
    assert "3 个工作日内无回复" in chinese and "No answer in 3 working days" not in chinese
    assert "10 天内未评价" in chinese and "No rating in 10 days" not in chinese
