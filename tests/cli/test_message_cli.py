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
