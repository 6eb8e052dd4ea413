"""flowdesk signal: broadcast a signal to every instance waiting for it and start the processes it starts."""
import json
from pathlib import Path

DIAGRAMS = Path(__file__).parents[1] / "diagrams"


def test_signal_resumes_every_waiting_instance_and_starts_the_responder(cli) -> None:
    cli("deploy", str(DIAGRAMS / "signal_catchers.bpmn"))
    first = int(cli("start", "watch").stdout.strip())
    second = int(cli("start", "watch").stdout.strip())
    result = cli("signal", "outage", "--var", "severity:integer=3", "--json")
    assert result.exit_code == 0, result.stderr
    went = json.loads(result.stdout)
    assert went["resumed"] == [first, second] and len(went["started"]) == 1
    shown = json.loads(cli("show", str(first), "--json").stdout)
    assert shown["variables"]["severity"] == 3


def test_a_signal_nobody_waits_for_says_so_and_exits_zero(cli) -> None:
    result = cli("signal", "nobody-listens")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "nobody waits for the signal 'nobody-listens': nothing changed"


def test_only_a_process_owner_may_broadcast_as_someone(cli) -> None:
    cli("users", "add", "sam", "--groups", "service-desk")
    result = cli("signal", "outage", "--as", "sam")
    assert result.exit_code != 0
    assert "only process owners and administrators broadcast signals" in result.stderr
