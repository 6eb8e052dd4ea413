"""flowdesk start --var: start-form fields and, from the operator, other variables typed NAME:TYPE=VALUE."""
import json
from pathlib import Path

import pytest

from app.workflow.instances.history import instance_stream, list_history

REQUESTED_FOR = str(Path(__file__).parents[1] / "diagrams" / "requested_for.bpmn")


def started_variables(instance_id: int) -> dict:
    """Return the variables the instance_started history event recorded."""
    (started,) = [e for e in list_history(instance_stream(instance_id)) if e.kind == "instance_started"]
    return started.data["variables"]


def test_operator_starts_with_a_variable_the_assignee_reads(cli) -> None:
    cli("deploy", REQUESTED_FOR)
    result = cli("start", "requested_for", "--var", "title=New laptop", "--var", "requester=alice",
                 "--as", "olga", "--json")
    assert result.exit_code == 0, result.stderr
    instance_id = json.loads(result.stdout)["instance_id"]
    (task,) = json.loads(cli("tasks", "--instance", str(instance_id), "--json").stdout)
    assert (task["name"], task["assignee"]) == ("Do it", "alice")
    assert started_variables(instance_id) == {"starter": "olga", "title": "New laptop", "requester": "alice"}


def test_typed_variables_are_recorded_with_their_types(cli) -> None:
    cli("deploy", REQUESTED_FOR)
    result = cli("start", "requested_for", "--json", "--var", "title:string=42", "--var", "requester=alice",
                 "--var", "count:long=3", "--var", "ratio:double=0.5", "--var", "vip:boolean=TRUE",
                 "--var", "when:date=2030-01-31T09:00:00+08:00", "--var", "zip:string=007",
                 "--var", 'order:json={"items": [1, 2]}', "--var", "plain=12")
    assert result.exit_code == 0, result.stderr
    assert started_variables(json.loads(result.stdout)["instance_id"]) == {
        "starter": None, "title": "42", "requester": "alice", "count": 3, "ratio": 0.5, "vip": True,
        "when": "2030-01-31T01:00:00+00:00", "zip": "007", "order": {"items": [1, 2]}, "plain": 12}


@pytest.mark.parametrize(("option", "message"), [
    ("count:number=3", "'count:number' names the type 'number'; use one of string, boolean, long"),
    ("count:long=three", "The variable 'count' is not a valid long: invalid literal"),
    ("count:integer=3000000000", "The variable 'count' is not a valid integer: 3000000000 does not fit in 32 bits"),
    ("vip:boolean=yes", "The variable 'vip' is not a valid boolean: write true or false, not 'yes'"),
    ("when:date=tomorrow", "The variable 'when' is not a valid date: write an ISO 8601 date"),
    ("order:json={", "The variable 'order' is not a valid json: it is not JSON"),
])
def test_a_value_that_does_not_read_as_its_type_is_a_usage_error(cli, option: str, message: str) -> None:
    cli("deploy", REQUESTED_FOR)
    result = cli("start", "requested_for", "--var", "title=x", "--var", option)
    assert result.exit_code == 2
    assert message in result.stderr


def test_start_form_fields_keep_their_validation_from_the_command_line(cli) -> None:
    cli("deploy", REQUESTED_FOR)
    result = cli("start", "requested_for", "--var", "requester=alice")
    assert result.exit_code == 1
    assert "title: Title is required." in result.stderr
