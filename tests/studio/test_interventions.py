"""Operating running instances: retry, cancel, change a variable, resolve an incident; each an intervention."""
from pathlib import Path

import pytest
from sqlalchemy import select

from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.users import require_active_user
from app.platform.errors import Conflict, InvalidValues, NotAllowed, StepFailed
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.interventions import (
    cancel_as_operator,
    retry_as_operator,
    set_retries_as_operator,
    set_variable_as_operator,
)
from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.models import ExternalTask, ProcessInstance
from app.workflow.outside.external_tasks import TopicRequest, fetch_and_lock, report_failure
from app.workflow.studio.processes import list_attention

DIAGRAMS = Path(__file__).parents[1] / "diagrams"


def person(login: str):  # type: ignore[no-untyped-def]
    """Return the Actor of a demo person."""
    return actor_for(require_active_user(login))


def interventions_of(instance_id: int) -> list[dict]:  # type: ignore[type-arg]
    """Return the data of an instance's intervention events, in order, with who made each."""
    return [{**event.data, "who": event.actor} for event in list_history(instance_stream(instance_id))
            if event.kind == "intervention"]


def status_of(instance_id: int) -> str:
    """Return an instance's stored status."""
    status = db.session.execute(select(ProcessInstance.status).where(ProcessInstance.id == instance_id)).scalar_one()
    db.session.rollback()
    return status


def test_process_owner_retries_a_stopped_instance_once_its_cause_is_fixed(runtime, stopped, flaky) -> None:
    flaky.down = False
    assert retry_as_operator(runtime, person("olga"), stopped, "The ticket system is back.") == "running"
    assert status_of(stopped) == "running"
    (event,) = interventions_of(stopped)
    assert event == {"action": "retry", "reason": "The ticket system is back.", "before": "needs_attention",
                     "after": "running", "who": "olga"}


def test_retry_that_fails_again_leaves_the_instance_needing_attention(runtime, stopped) -> None:
    with pytest.raises(StepFailed, match="the ticket system is down"):
        retry_as_operator(runtime, person("olga"), stopped)
    assert status_of(stopped) == "needs_attention"


@pytest.mark.parametrize("login", ["sam", "rita", "audrey"])
def test_people_who_do_not_own_processes_may_not_retry(runtime, stopped, flaky, login) -> None:
    flaky.down = False
    with pytest.raises(NotAllowed):
        retry_as_operator(runtime, person(login), stopped)
    assert status_of(stopped) == "needs_attention"


def test_admin_cancels_an_instance_with_a_reason(runtime, stopped) -> None:
    cancel_as_operator(runtime, person("adam"), stopped, "Opened by mistake.")
    assert status_of(stopped) == "cancelled"
    assert interventions_of(stopped)[-1] == {"action": "cancel", "reason": "Opened by mistake.",
                                             "before": "needs_attention", "after": "cancelled", "who": "adam"}


def test_cancel_without_a_reason_is_refused_and_changes_nothing(runtime, stopped) -> None:
    with pytest.raises(InvalidValues, match="Write why"):
        cancel_as_operator(runtime, person("olga"), stopped, "   ")
    assert status_of(stopped) == "needs_attention"
    assert interventions_of(stopped) == []


def test_cancel_of_an_ended_instance_is_refused(runtime, stopped) -> None:
    cancel_as_operator(runtime, person("olga"), stopped, "Once.")
    with pytest.raises(Conflict, match="already cancelled"):
        cancel_as_operator(runtime, person("olga"), stopped, "Twice.")


def test_process_owner_changes_a_variable_checked_like_its_form_field(runtime, stopped) -> None:
    set_variable_as_operator(runtime, person("olga"), stopped, "summary", "string", "Printer smokes", "Typo.")
    assert show_instance(runtime, stopped).variables["summary"] == "Printer smokes"
    assert status_of(stopped) == "needs_attention"  # the correction does not resume it: retry does
    assert "the ticket system is down" in (show_instance(runtime, stopped).last_error or "")
    assert interventions_of(stopped)[-1] == {"action": "set_variable", "variable": "summary", "reason": "Typo.",
                                             "before": "Printer on fire", "after": "Printer smokes", "who": "olga"}


def test_variable_without_a_form_field_takes_the_chosen_type(runtime, stopped) -> None:
    set_variable_as_operator(runtime, person("olga"), stopped, "attempts", "long", "3", "Counted by hand.")
    assert show_instance(runtime, stopped).variables["attempts"] == 3


def test_value_that_is_not_of_its_type_is_refused_and_nothing_changes(runtime, stopped) -> None:
    with pytest.raises(InvalidValues, match="not a valid long"):
        set_variable_as_operator(runtime, person("olga"), stopped, "attempts", "long", "three", "Counted.")
    assert "attempts" not in show_instance(runtime, stopped).variables
    assert interventions_of(stopped) == []


def test_value_longer_than_its_form_field_allows_is_refused(runtime, stopped) -> None:
    with pytest.raises(InvalidValues, match="Summary"):  # the start form's field allows 40 characters
        set_variable_as_operator(runtime, person("olga"), stopped, "summary", "long", "x" * 41, "Why.")
    assert show_instance(runtime, stopped).variables["summary"] == "Printer on fire"


def test_variable_name_that_expressions_cannot_read_is_refused(runtime, stopped) -> None:
    with pytest.raises(InvalidValues, match="is not a variable name"):
        set_variable_as_operator(runtime, person("olga"), stopped, "two words", "string", "x", "Why.")


def test_variable_of_an_ended_instance_is_refused(runtime, stopped) -> None:
    cancel_as_operator(runtime, person("olga"), stopped, "Done with it.")
    with pytest.raises(Conflict, match="cancelled"):
        set_variable_as_operator(runtime, person("olga"), stopped, "summary", "string", "x", "Late.")


@pytest.fixture
def incident(runtime, deploy, demo) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """Return an instance whose outside worker's task failed with no retries left, and that task's id."""
    deploy("outside_worker.bpmn")
    instance_id = start_instance(runtime, "charge_card", {"amount": 10})
    task_id = db.session.execute(select(ExternalTask.id).where(ExternalTask.instance_id == instance_id)).scalar_one()
    topic = db.session.execute(select(ExternalTask.topic).where(ExternalTask.id == task_id)).scalar_one()
    db.session.rollback()
    fetch_and_lock(runtime, "w1", 1, False, [TopicRequest(topic, 60_000)], "w1")
    report_failure(runtime, task_id, "w1", "The printer is offline.", None, 0, 0, "w1")
    return instance_id, task_id


def test_process_owner_resolves_an_incident_by_setting_retries(runtime, incident) -> None:
    instance_id, task_id = incident
    assert show_instance(runtime, instance_id).incidents
    set_retries_as_operator(runtime, person("olga"), instance_id, task_id, 2, "The printer is back.")
    assert show_instance(runtime, instance_id).incidents == []
    assert interventions_of(instance_id)[-1] == {"action": "set_retries", "reason": "The printer is back.",
                                                 "before": 0, "after": 2, "task_id": task_id, "who": "olga"}


def test_attention_list_holds_stopped_instances_and_incidents_with_their_errors(runtime, stopped, incident) -> None:
    found = {line.instance_id: line for line in list_attention().lines}
    assert "the ticket system is down" in (found[stopped].error or "")
    assert found[incident[0]].error == "The printer is offline."
    assert found[incident[0]].status == "running"


def test_attention_list_pages_from_the_latest_change_without_losing_or_repeating_a_line(runtime, stopped,  # type: ignore[no-untyped-def]
                                                                                         flaky) -> None:
    others = []
    for summary in ("Second fire", "Third fire"):
        with pytest.raises(StepFailed) as failure:
            start_instance(runtime, "fragile_form", {"summary": summary}, actor="rita")
        others.append(failure.value.instance_id)
    first = list_attention(limit=2)
    assert first.next_cursor is not None and len(first.lines) == 2
    second = list_attention(first.next_cursor, limit=2)
    assert second.next_cursor is None
    seen = [line.instance_id for line in first.lines + second.lines]
    assert sorted(seen) == sorted([stopped, *others]) and len(set(seen)) == 3


def test_a_damaged_attention_page_link_is_refused_in_a_sentence(runtime, stopped) -> None:
    with pytest.raises(InvalidValues, match="The page cursor is not valid"):
        list_attention("not-a-cursor")


def test_cli_retry_goes_through_the_intervention(cli, runtime, stopped, flaky) -> None:
    flaky.down = False
    result = cli("retry", str(stopped), "--reason", "Back up.")
    assert result.exit_code == 0, result.output
    assert interventions_of(stopped)[-1]["who"] == "cli"


def test_cli_sets_a_typed_variable_with_a_reason(cli, runtime, stopped) -> None:
    result = cli("set-variable", str(stopped), "attempts:long=4", "--reason", "Counted.")
    assert result.exit_code == 0, result.output
    assert show_instance(runtime, stopped).variables["attempts"] == 4
