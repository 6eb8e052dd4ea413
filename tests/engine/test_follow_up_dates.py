"""camunda:followUpDate on user tasks: read like camunda:dueDate (a date, a duration from now, or an expression)."""
from datetime import UTC, datetime, timedelta

import pytest

from app.workflow.deployment import deploy_diagram
from app.workflow.instances.history import NewEvent
from app.workflow.instances.lifecycle import start_instance
from app.workflow.tasks.tasklist import list_tasks
from app.workflow.variables import set_instance_variables
from engine.errors import DiagramRefused
from tests.engine.test_deployment import around, definitions, process

START = datetime(2030, 1, 1, tzinfo=UTC)  # the clock fixture starts here


def follow_ups(instance_id: int) -> dict[str, datetime | None]:
    """Return each open task's follow-up date by element."""
    return {task.element_id: task.follow_up_at for task in list_tasks(instance_id=instance_id)}


def test_a_follow_up_date_given_as_a_date_or_an_expression_is_the_tasks_follow_up(runtime, deploy, clock) -> None:
    deploy("follow_up.bpmn")
    instance_id = start_instance(runtime, "follow_up", {}, context={"checkAgain": "P2DT3H"})
    assert follow_ups(instance_id) == {"call_back": datetime(2030, 1, 5, 9, tzinfo=UTC),
                                       "check_again": START + timedelta(days=2, hours=3), "plain": None}
    (call_back,) = [t for t in list_tasks(instance_id=instance_id) if t.element_id == "call_back"]
    assert call_back.due_at == datetime(2030, 1, 8, 17, tzinfo=UTC)
    assert call_back.to_dict()["follow_up_at"] == "2030-01-05T09:00:00+00:00"


def test_a_follow_up_date_moves_when_the_variable_it_reads_changes(runtime, deploy, clock) -> None:
    deploy("follow_up.bpmn")
    instance_id = start_instance(runtime, "follow_up", {}, context={"checkAgain": "2030-02-01T08:00:00+00:00"})
    set_instance_variables(runtime, instance_id, {"checkAgain": "2030-03-01T08:00:00+00:00"}, "owner",
                           NewEvent("variables_changed", None, {"checkAgain": "2030-03-01T08:00:00+00:00"}))
    assert follow_ups(instance_id)["check_again"] == datetime(2030, 3, 1, 8, tzinfo=UTC)


def test_a_follow_up_expression_that_does_not_parse_is_refused_at_deploy_naming_the_task(runtime) -> None:
    task = '<bpmn:userTask id="x" name="Work" camunda:followUpDate="${when +}"/>'
    with pytest.raises(DiagramRefused) as refused:
        deploy_diagram(runtime, definitions(process("later", around(task))), "later.bpmn", "owner")
    assert refused.value.element_id == "x"


def test_the_tasks_command_shows_the_follow_up_date(cli, runtime, deploy, clock) -> None:
    deploy("follow_up.bpmn")
    instance_id = start_instance(runtime, "follow_up", {}, context={"checkAgain": "P1D"})
    result = cli("tasks", f"--instance={instance_id}")
    assert result.exit_code == 0, result.output
    assert "follow up 2030-01-05T09:00:00+00:00" in result.stdout
