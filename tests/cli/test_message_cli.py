"""flowdesk message: resume the instance waiting for a message, or start a process by it; refusals on one line."""
import json
from pathlib import Path

DIAGRAMS = Path(__file__).parents[1] / "diagrams"


def test_message_resumes_the_waiting_instance_with_its_variables(cli) -> None:
    cli("deploy", str(DIAGRAMS / "message_order.bpmn"))
    instance_id = cli("start", "order", "--business-key", "ORD-1").stdout.strip()
    result = cli("message", "paymentReceived", "--business-key", "ORD-1", "--var", "paid=150", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"instance_id": int(instance_id), "started": False, "element_id": "wait_pay"}
    shown = json.loads(cli("show", instance_id, "--json").stdout)
    assert shown["variables"]["paid"] == 150
    assert [t["element_id"] for t in shown["timers"]] == []


def test_message_starts_a_process_by_its_message_start_event(cli) -> None:
    cli("deploy", str(DIAGRAMS / "message_start.bpmn"))
    result = cli("message", "orderByMail", "--business-key", "MAIL-1", "--var", "sender=ann")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("started instance ") and result.stdout.strip().endswith("at bymail")


def test_a_message_nobody_waits_for_exits_non_zero_with_one_line(cli) -> None:
    cli("deploy", str(DIAGRAMS / "message_order.bpmn"))
    result = cli("message", "paymentReceived", "--business-key", "ORD-404")
    assert result.exit_code != 0
    (line,) = result.stderr.strip().splitlines()
    assert "Cannot correlate the message 'paymentReceived' (business key 'ORD-404')" in line


def test_only_a_process_owner_may_send_as_someone(cli) -> None:
    cli("deploy", str(DIAGRAMS / "message_start.bpmn"))
    cli("users", "add", "sam", "--groups", "service-desk")
    result = cli("message", "orderByMail", "--as", "sam")
    assert result.exit_code != 0
    assert "only process owners and administrators send messages" in result.stderr


def element_ids(cli, instance_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Return the element ids of an instance's open tasks, as 'flowdesk show' lists them."""
    return sorted(task["element_id"] for task in json.loads(cli("show", instance_id, "--json").stdout)["open_tasks"])


def test_message_event_subprocesses_run_beside_or_instead_of_the_main_task(cli) -> None:
    cli("deploy", str(DIAGRAMS / "message_event_subprocesses.bpmn"))
    instance_id = cli("start", "claim", "--business-key", "CLM-1").stdout.strip()
    for _ in range(2):  # non-interrupting: a new run of the sub-process each time, the main task stays
        result = cli("message", "documentsAdded", "--business-key", "CLM-1", "--json")
        assert json.loads(result.stdout)["element_id"] == "docs_added", result.stderr
    assert element_ids(cli, instance_id) == ["assess", "look", "look"]
    result = cli("message", "claimWithdrawn", "--business-key", "CLM-1", "--var", "why=paid", "--json")
    assert json.loads(result.stdout)["element_id"] == "withdrawn", result.stderr
    assert element_ids(cli, instance_id) == ["close"]  # interrupting: everything else in the scope ended
    refused = cli("message", "documentsAdded", "--business-key", "CLM-1")
    assert refused.exit_code != 0 and "no running instance waits for it" in refused.stderr


def test_a_non_interrupting_boundary_message_keeps_the_task_open(cli) -> None:
    cli("deploy", str(DIAGRAMS / "message_boundary_noninterrupting.bpmn"))
    instance_id = cli("start", "repair", "--business-key", "REP-1").stdout.strip()
    for _ in range(2):
        assert cli("message", "customerCalled", "--business-key", "REP-1").exit_code == 0
    assert element_ids(cli, instance_id) == ["call_back", "call_back", "fix"]
