"""The flowdesk command line: data on stdout (or JSON), one-line errors on stderr, exit codes."""
import json
import os
import subprocess
import sys
from pathlib import Path

DIAGRAMS = Path(__file__).parents[1] / "diagrams"
INCIDENT = str(DIAGRAMS / "incident.bpmn")


def setup_incident(cli) -> str:
    """Deploy the incident diagram, add people, start one instance; return the triage task id."""
    cli("users", "add", "sam", "--groups", "service-desk")
    cli("users", "add", "lee", "--groups", "second-line")
    cli("deploy", INCIDENT)
    cli("start", "incident", "--var", "title=Printer on fire", "--business-key", "INC-000042", "--as", "sam")
    return json.loads(cli("tasks", "--json").stdout)[0]["id"]


def test_owner_deploys_a_file_and_sees_its_version(cli) -> None:
    result = cli("deploy", INCIDENT)
    assert result.exit_code == 0
    assert result.stdout.split("\t")[:3] == ["incident", "Incident", "version 1\n"]


def test_deploying_identical_content_again_reports_it_unchanged(cli) -> None:
    cli("deploy", INCIDENT)
    result = cli("deploy", "--json", INCIDENT)
    assert json.loads(result.stdout) == [
        {"process_id": "incident", "name": "Incident", "version": 1, "created": False}]


def test_refused_file_exits_non_zero_with_one_line_naming_element_and_reason(cli, tmp_path) -> None:
    broken = tmp_path / "broken.bpmn"
    broken.write_text((DIAGRAMS / "incident.bpmn").read_text().replace('camunda:topic="log"',
                                                                       'camunda:topic="log" camunda:taskPriority="x"'))
    result = cli("deploy", str(broken))
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("refused: broken.bpmn: element 'page_on_call': camunda:taskPriority 'x' is neither ")
    assert json.loads(cli("processes", "--json").stdout) == []


def test_processes_lists_latest_version_and_counts(cli) -> None:
    setup_incident(cli)
    (row,) = json.loads(cli("processes", "--json").stdout)
    assert (row["process_id"], row["latest_version"], row["running"], row["completed"]) == ("incident", 1, 1, 0)


def test_tasks_json_carries_candidates_priority_due_and_form_fields(cli) -> None:
    setup_incident(cli)
    (task,) = json.loads(cli("tasks", "--json", "--group", "service-desk").stdout)
    assert task["business_key"] == "INC-000042"
    assert task["candidate_groups"] == ["service-desk"]
    assert task["priority"] == 50
    assert task["due_at"] == "2030-01-01T00:30:00+00:00"
    assert [f["id"] for f in task["form_fields"]] == ["priority", "title"]


def test_tasks_for_a_user_shows_only_what_they_may_work_on(cli) -> None:
    setup_incident(cli)
    assert json.loads(cli("tasks", "--json", "--user", "lee").stdout) == []
    assert len(json.loads(cli("tasks", "--json", "--user", "sam").stdout)) == 1


def test_agent_claims_releases_and_completes_a_task(cli) -> None:
    task_id = setup_incident(cli)
    assert cli("claim", task_id, "--as", "sam").stdout.strip() == f"Task {task_id} is now assigned to sam."
    assert cli("release", task_id, "--as", "sam").exit_code == 0
    result = cli("complete", task_id, "--as", "sam", "--field", "priority=P2", "--json")
    assert json.loads(result.stdout) == {"task_id": task_id, "instance_status": "running"}


def test_non_candidate_cannot_claim(cli) -> None:
    task_id = setup_incident(cli)
    result = cli("claim", task_id, "--as", "lee")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"error: lee is not a candidate for task {task_id} ('Classify and prioritise'), so cannot claim it.")


def test_invalid_field_is_refused_field_by_field_and_task_stays_open(cli) -> None:
    task_id = setup_incident(cli)
    result = cli("complete", task_id, "--as", "sam", "--field", "priority=P9", "--field", "colour=red")
    assert result.exit_code == 1
    assert "error: priority: Priority must be one of: P1, P2, P3, P4." in result.stderr
    assert "error: colour: 'colour' is not a field of this form." in result.stderr
    assert [t["id"] for t in json.loads(cli("tasks", "--json").stdout)] == [task_id]


def test_completing_a_completed_task_is_refused_with_who_did_it(cli) -> None:
    task_id = setup_incident(cli)
    cli("complete", task_id, "--as", "sam")
    result = cli("complete", task_id, "--as", "sam")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: Task {task_id} was already completed by sam at 2030-01-01 00:00 UTC")


def test_show_prints_status_version_variables_tasks_and_timers(cli) -> None:
    task_id = setup_incident(cli)
    cli("complete", task_id, "--as", "sam", "--field", "priority=P3")
    shown = json.loads(cli("show", "1", "--json").stdout)
    assert (shown["status"], shown["version"], shown["business_key"]) == ("running", 1, "INC-000042")
    assert shown["variables"]["priority"] == "P3"
    assert [t["name"] for t in shown["open_tasks"]] == ["Investigate and resolve"]
    assert shown["timers"] == [{"element_id": "sla_breached", "name": "Resolution SLA breached",
                                "kind": "duration", "due_at": "2030-01-01T08:00:00+00:00"}]
    assert "Waiting timers:" in cli("show", "1").stdout


def test_fire_timers_prints_what_fired(cli, clock) -> None:
    task_id = setup_incident(cli)
    cli("complete", task_id, "--as", "sam")
    assert cli("fire-timers").stdout.strip() == "No timer was due."
    clock.advance(hours=8, seconds=1)
    assert cli("fire-timers").stdout.strip() == "fired Resolution SLA breached (sla_breached) on instance 1"


def test_instances_filters_by_status_and_process(cli) -> None:
    setup_incident(cli)
    assert [i["id"] for i in json.loads(cli("instances", "--json", "--status", "running").stdout)] == [1]
    assert json.loads(cli("instances", "--json", "--status", "completed").stdout) == []
    assert json.loads(cli("instances", "--json", "--process", "nothing").stdout) == []
    assert cli("instances", "--status", "sleeping").exit_code == 1


def test_history_and_verify_history(cli) -> None:
    setup_incident(cli)
    kinds = [e["kind"] for e in json.loads(cli("history", "1", "--json").stdout)]
    assert kinds == ["instance_started", "task_ready"]
    result = cli("verify-history")
    assert result.exit_code == 0
    assert result.stdout.startswith("Checked 3 events; every chain holds.")


def test_unknown_ids_give_one_line_errors(cli) -> None:
    cli("deploy", INCIDENT)
    for args in (("show", "99"), ("history", "99"), ("retry", "99"), ("start", "nothing"),
                 ("claim", "00000000-0000-0000-0000-000000000000", "--as", "x")):
        result = cli(*args)
        assert result.exit_code == 1, args
        assert len(result.stderr.strip().splitlines()) == 1, args
        assert result.stderr.startswith("error: "), args


def test_start_form_is_validated_like_a_task_form(cli) -> None:
    cli("deploy", INCIDENT)
    result = cli("start", "incident")
    assert result.exit_code == 1
    assert "error: title: Title is required." in result.stderr


def test_malformed_assignment_is_a_usage_error(cli) -> None:
    cli("deploy", INCIDENT)
    result = cli("start", "incident", "--var", "title")
    assert result.exit_code == 2
    assert "Expected NAME=VALUE, got 'title'." in result.stderr


def test_console_script_on_a_missing_database_fails_without_traceback(tmp_path) -> None:
    env = {**os.environ, "FLOWDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    flowdesk = Path(sys.executable).with_name("flowdesk")
    result = subprocess.run([str(flowdesk), "instances"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: the database refused the request (no such table: process_instance); "
        "run 'flowdesk init-db' if it is new."]


def test_console_script_init_db_is_safe_to_run_twice(tmp_path) -> None:
    env = {**os.environ, "FLOWDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"}
    flowdesk = Path(sys.executable).with_name("flowdesk")
    for _ in range(2):
        result = subprocess.run([str(flowdesk), "init-db"], env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert "The database schema is up to date." in result.stdout


def test_cancel_ends_an_instance_with_its_reason_in_the_history(cli) -> None:
    setup_incident(cli)
    assert cli("cancel", "1", "--reason", "raised twice").stdout.strip() == "Instance 1 is cancelled."
    assert json.loads(cli("tasks", "--json").stdout) == []
    events = json.loads(cli("history", "1", "--json").stdout)
    assert [e["kind"] for e in events][-3:] == ["instance_cancelled", "task_cancelled", "intervention"]
    assert events[-3]["data"] == {"reason": "raised twice"}
    assert events[-1]["data"] == {"action": "cancel", "reason": "raised twice", "before": "running",
                                  "after": "cancelled"}
    again = cli("cancel", "1", "--reason", "again")
    assert (again.exit_code, again.stderr.strip()) == (1, "error: Instance 1 is already cancelled.")


def test_refused_file_prints_one_line_per_problem(cli, tmp_path) -> None:
    broken = tmp_path / "broken.bpmn"
    broken.write_text((DIAGRAMS / "incident.bpmn").read_text().replace(
        'camunda:topic="log"', 'camunda:topic="log" camunda:taskPriority="x"').replace(">PT8H<", ">in eight hours<"))
    result = cli("deploy", str(broken))
    lines = result.stderr.strip().splitlines()
    assert [line.split(":")[2] for line in lines] == [" element 'page_on_call'", " element 'sla_breached'"]
