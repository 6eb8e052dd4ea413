"""Values that cannot break a flow (issue 15, section 6): the change's window is a typed date-time, refused at the form
by the web, the API and /engine-rest alike; a step that fails anyway never answers 500; a diagram whose timer reads
a free-text field deploys with a warning; a change stuck with a bad window is repaired from the web."""
import base64
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.extensions import db
from app.organisation.policies import system_actor
from app.organisation.tokens import create_token
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import show_instance
from app.workflow.models import ProcessInstance, Timer
from app.workflow.studio.value_warnings import free_text_warnings
from app.workflow.tasks.tasklist import list_tasks
from app.workflow.timers import fire_due_timers

DIAGRAMS = Path(__file__).parents[1] / "diagrams"
OLD_CHANGE = DIAGRAMS / "change_free_text_window.bpmn"  # the thin change diagram before its window was typed
# the thin change diagram with its typed window (it was processes/change.bpmn until the change records replaced it)
TYPED_CHANGE = DIAGRAMS / "change_typed_window.bpmn"
WINDOW_WORDS = "Window opens must be a date and time written YYYY-MM-DDTHH:MM"


def basic(login: str) -> dict[str, str]:
    """Return the basic Authorization header of a demo person."""
    return {"Authorization": "Basic " + base64.b64encode(f"{login}:flowdesk-demo".encode()).decode()}


def bearer(runtime, login: str) -> dict[str, str]:
    """Return an API token header for a demo person."""
    return {"Authorization": f"Bearer {create_token(runtime, system_actor(), login, 'tests')}"}


def instances() -> list[ProcessInstance]:
    """Return every instance as stored now."""
    db.session.expire_all()
    return list(db.session.execute(select(ProcessInstance).order_by(ProcessInstance.id)).scalars())


def task_of(instance_id: int, element_id: str) -> str:
    """Return the id of an instance's open task at an element."""
    (task,) = [task for task in list_tasks(instance_id=instance_id) if task.element_id == element_id]
    return task.id


def signed_in(client, sign_in, login: str) -> None:
    """Sign a demo person in on the client, signing out whoever was."""
    client.post("/logout")
    sign_in(login)


@pytest.fixture
def changes(runtime, demo) -> None:
    """The shipped change flow, deployed by the process owner."""
    deploy_diagram(runtime, TYPED_CHANGE.read_bytes(), "change.bpmn", "olga")


@pytest.fixture
def stuck_change(client, runtime, demo, sign_in) -> int:
    """A change of the diagram before the fix, started with "tomorrow night", assessed, and stopped when the CAB
    approved it (the web answered 500 then); return its instance id."""
    deploy_diagram(runtime, OLD_CHANGE.read_bytes(), "change.bpmn", "olga")
    sign_in("carl")
    started = client.post("/portal/start/change", data={"summary": "Upgrade the database", "risk": "high",
                                                         "window_start": "tomorrow night"})
    assert started.status_code == 302
    (instance,) = instances()
    assert client.post(f"/tasks/{task_of(instance.id, 'assess')}", data={
        "risk": "high", "plan": "Upgrade the replica, fail over, upgrade the primary"}).status_code == 302
    signed_in(client, sign_in, "mona")
    approved = client.post(f"/tasks/{task_of(instance.id, 'cab_approval')}", data={"cab_approved": "y"})
    assert approved.status_code == 409, approved.status_code
    assert "the step after it failed (step &#39;wait_window&#39; failed" in approved.get_data(as_text=True)
    return instance.id


# --- part 1: the form refuses what the timer cannot read ----------------------------------------------------------

def test_a_window_of_tomorrow_night_is_refused_on_the_start_form_naming_the_field(client, changes, sign_in) -> None:
    sign_in("carl")
    page = client.post("/portal/start/change", data={"summary": "Upgrade the database", "risk": "high",
                                                      "window_start": "tomorrow night"})
    assert page.status_code == 422
    assert WINDOW_WORDS in page.get_data(as_text=True)
    assert instances() == []


def test_a_window_in_the_past_is_refused_on_the_start_form(client, changes, sign_in) -> None:
    sign_in("carl")
    page = client.post("/portal/start/change", data={"summary": "Upgrade the database", "risk": "high",
                                                      "window_start": "2029-12-31T22:00"})
    assert page.status_code == 422
    assert "Window opens is in the past; enter a date and time from now on." in page.get_data(as_text=True)


def test_the_start_form_asks_for_the_window_as_a_date_and_time(client, changes, sign_in) -> None:
    sign_in("carl")
    page = client.get("/portal/start/change").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="window_start"[^>]*type="datetime-local"|<input[^>]*type="datetime-local"'
                     r'[^>]*id="window_start"', page)


def test_a_window_without_offset_is_read_in_the_requesters_zone_and_the_change_waits_for_it(
        client, runtime, changes, sign_in) -> None:
    sign_in("sam")  # Asia/Shanghai
    assert client.post("/portal/start/change", data={"summary": "Swap the core switch", "risk": "high",
                                                      "window_start": "2030-01-03T22:00"}).status_code == 302
    (instance,) = instances()
    assert show_instance(runtime, instance.id).variables["window_start"] == "2030-01-03T22:00:00+08:00"
    signed_in(client, sign_in, "carl")
    client.post(f"/tasks/{task_of(instance.id, 'assess')}", data={"risk": "high", "plan": "Swap it at night, test"})
    signed_in(client, sign_in, "mona")  # Europe/London: 14:00 in January
    page = client.get(f"/tasks/{task_of(instance.id, 'cab_approval')}").get_data(as_text=True)
    assert re.search(r'data-testid="record-window_start">[^<]*3 Jan 2030, 14:00', page)
    assert client.post(f"/tasks/{task_of(instance.id, 'cab_approval')}",
                       data={"cab_approved": "y"}).status_code == 302
    (timer,) = db.session.execute(select(Timer).where(Timer.instance_id == instance.id)).scalars()
    assert (timer.element_id, timer.due_at.replace(tzinfo=UTC)) == ("wait_window", datetime(2030, 1, 3, 14, 0, tzinfo=UTC))


def test_the_api_and_engine_rest_refuse_tomorrow_night_as_the_form_does(client, runtime, changes) -> None:
    variables = {"summary": "Upgrade the database", "risk": "high", "window_start": "tomorrow night"}
    api = client.post("/api/v1/processes/change/instances", json={"variables": variables},
                      headers=bearer(runtime, "carl"))
    assert api.status_code == 422
    assert api.get_json()["errors"]["window_start"] == [f"{WINDOW_WORDS}, such as 2027-01-15T22:00."]
    rest = client.post("/engine-rest/process-definition/key/change/start", headers=basic("carl"), json={
        "variables": {name: {"value": value, "type": "String"} for name, value in variables.items()}})
    assert rest.status_code == 400 and WINDOW_WORDS in rest.get_json()["message"]
    assert instances() == []


def test_task_completion_refuses_a_free_text_moment_on_the_web_the_api_and_engine_rest(
        client, runtime, deploy, demo, sign_in) -> None:
    from app.workflow.instances.lifecycle import start_instance
    deploy("timed_window.bpmn")
    instance_id = start_instance(runtime, "timed_window", {}, actor="sam")
    task_id = task_of(instance_id, "plan")
    sign_in("sam")
    web = client.post(f"/tasks/{task_id}", data={"opens_at": "tomorrow night"})
    assert web.status_code == 422 and WINDOW_WORDS in web.get_data(as_text=True)
    api = client.post(f"/api/v1/tasks/{task_id}/complete", json={"opens_at": "tomorrow night"},
                      headers=bearer(runtime, "sam"))
    assert api.status_code == 422 and WINDOW_WORDS in api.get_json()["errors"]["opens_at"][0]
    rest = client.post(f"/engine-rest/task/{task_id}/complete", headers=basic("sam"),
                       json={"variables": {"opens_at": {"value": "tomorrow night", "type": "String"}}})
    assert rest.status_code == 400 and WINDOW_WORDS in rest.get_json()["message"]
    past = client.post(f"/engine-rest/task/{task_id}/complete", headers=basic("sam"),
                       json={"variables": {"opens_at": {"value": "2029-06-01T09:00:00+02:00", "type": "String"}}})
    assert past.status_code == 400 and "is in the past" in past.get_json()["message"]
    done = client.post(f"/engine-rest/task/{task_id}/complete", headers=basic("sam"),
                       json={"variables": {"opens_at": {"value": "2030-02-01T09:00:00+02:00", "type": "String"}}})
    assert done.status_code == 204, done.get_json()
    (timer,) = db.session.execute(select(Timer).where(Timer.instance_id == instance_id)).scalars()
    assert timer.due_at.replace(tzinfo=UTC) == datetime(2030, 2, 1, 7, 0, tzinfo=UTC)


# --- a step that fails anyway: 409 and needs_attention, never 500 ------------------------------------------------

def test_a_step_failing_on_a_bad_window_answers_409_and_the_change_needs_attention(runtime, stuck_change) -> None:
    (instance,) = instances()
    assert instance.status == "needs_attention"
    assert "tomorrow night" in (instance.last_error or "")
    failures = [event for event in list_history(instance_stream(stuck_change)) if event.kind == "step_failed"]
    assert len(failures) == 1 and "wait_window" in failures[0].data["error"]
    assert failures[0].element_id == "wait_window"
    assert task_of(stuck_change, "cab_approval")  # nothing of the failed step was kept


# --- part 2: the deploy-time warning -----------------------------------------------------------------------------

def test_deploying_a_timer_that_reads_a_free_text_field_warns_naming_the_element_and_the_field(runtime) -> None:
    (deployed,) = deploy_diagram(runtime, OLD_CHANGE.read_bytes(), "change.bpmn", "olga")
    (warning,) = deployed.warnings
    assert (warning.element_id, warning.property) == ("wait_window", "timeDate")
    assert "window_start" in warning.message and "“Window opens (ISO date-time with offset)”" in warning.message
    assert "flowdesk:time" in warning.message


def test_the_shipped_change_deploys_without_warnings(runtime) -> None:
    (deployed,) = deploy_diagram(runtime, TYPED_CHANGE.read_bytes(), "change.bpmn", "olga")
    assert deployed.warnings == ()


def test_a_condition_that_reads_a_free_text_field_is_warned_of(app) -> None:
    text = OLD_CHANGE.read_text()
    free_risk = text.replace('<camunda:formField id="risk" label="Risk" type="enum"',
                             '<camunda:formField id="risk" label="Risk" type="string"')
    warned = {(warning.element_id, warning.property) for warning in free_text_warnings(free_risk.encode())}
    assert ("standard", "conditionExpression") in warned


def test_a_value_a_script_may_also_set_is_not_warned_of(app) -> None:
    text = OLD_CHANGE.read_text().replace(
        '<bpmn:sequenceFlow id="to_window" sourceRef="approved_merge" targetRef="wait_window"/>',
        '<bpmn:sequenceFlow id="to_window" sourceRef="approved_merge" targetRef="set_window"/>'
        '<bpmn:scriptTask id="set_window" scriptFormat="python"><bpmn:script>window_start = "2030-01-05T00:00Z"'
        '</bpmn:script></bpmn:scriptTask><bpmn:sequenceFlow id="after_set" sourceRef="set_window" '
        'targetRef="wait_window"/>')
    assert free_text_warnings(text.encode()) == []


def test_the_modellers_check_answers_the_warnings_beside_the_problems(client, demo, sign_in) -> None:
    sign_in("olga")
    answer = client.post("/processes/change/model/check", json={"xml": OLD_CHANGE.read_text()})
    body = answer.get_json()
    assert body["valid"] is True and body["problems"] == []
    assert [warning["element_id"] for warning in body["warnings"]] == ["wait_window"]


def test_the_modellers_check_warns_in_chinese_with_the_diagrams_chinese_words(client, demo, sign_in) -> None:
    sign_in("olga")
    client.post("/language", data={"language": "zh_CN", "next": "/"})
    (warning,) = client.post("/processes/change/model/check", json={"xml": OLD_CHANGE.read_text()}).get_json()[
        "warnings"]
    assert warning["message"].startswith("计时器“变更窗口开启”读取 window_start，而只有“已提出变更”的自由文本字段"
                                         "“窗口开启时间（ISO 日期时间，含时区）”设置它")


def test_the_command_line_deploy_prints_the_warning(cli, tmp_path) -> None:
    path = tmp_path / "change.bpmn"
    path.write_bytes(OLD_CHANGE.read_bytes())
    result = cli("deploy", str(path))
    assert result.exit_code == 0
    assert "warning: wait_window: The timer “Change window opens” reads window_start" in result.stderr


# --- part 3: the stuck change is repaired from the web -----------------------------------------------------------

def test_a_process_owner_corrects_the_window_with_a_reason_retries_and_the_change_runs_on(
        client, runtime, sign_in, stuck_change) -> None:
    signed_in(client, sign_in, "olga")  # UTC
    page = client.get(f"/instances/{stuck_change}").get_data(as_text=True)
    assert ("The timer “Change window opens” could not read the date and time to wait for from "
            "Window opens (ISO date-time with offset) = “tomorrow night”.") in page
    assert re.search(r'<input type="datetime-local"[^>]*name="variable-value"', page)
    no_reason = client.post(f"/instances/{stuck_change}/variables", data={
        "variable-name": "window_start", "variable-type": "string", "variable-value": "2030-01-05T22:00",
        "variable-reason": ""}, follow_redirects=True)
    assert "Write why you do this" in no_reason.get_data(as_text=True)
    assert show_instance(runtime, stuck_change).variables["window_start"] == "tomorrow night"
    still_words = client.post(f"/instances/{stuck_change}/variables", data={
        "variable-name": "window_start", "variable-type": "string", "variable-value": "tomorrow night",
        "variable-reason": "Try again"}, follow_redirects=True)
    assert "must be a date and time written" in still_words.get_data(as_text=True)
    client.post(f"/instances/{stuck_change}/variables", data={
        "variable-name": "window_start", "variable-type": "string", "variable-value": "2030-01-05T22:00",
        "variable-reason": "The requester meant Saturday 22:00"})
    assert show_instance(runtime, stuck_change).variables["window_start"] == "2030-01-05T22:00:00+00:00"
    (correction,) = [event for event in list_history(instance_stream(stuck_change)) if event.kind == "intervention"]
    assert correction.data == {"action": "set_variable", "reason": "The requester meant Saturday 22:00",
                               "variable": "window_start", "before": "tomorrow night",
                               "after": "2030-01-05T22:00:00+00:00"}
    retried = client.post(f"/instances/{stuck_change}/retry", data={"retry-reason": "Window corrected"},
                          follow_redirects=True)
    assert "it is now Running" in retried.get_data(as_text=True) or instances()[0].status == "running"
    assert instances()[0].status == "running"
    signed_in(client, sign_in, "mona")
    assert client.post(f"/tasks/{task_of(stuck_change, 'cab_approval')}",
                       data={"cab_approved": "y"}).status_code == 302
    (timer,) = db.session.execute(select(Timer).where(Timer.instance_id == stuck_change)).scalars()
    assert timer.due_at.replace(tzinfo=UTC) == datetime(2030, 1, 5, 22, 0, tzinfo=UTC)
    runtime.clock.set(datetime(2030, 1, 5, 22, 0, 1, tzinfo=UTC))
    fire_due_timers(runtime)
    assert task_of(stuck_change, "implement")


def test_the_repair_speaks_chinese_to_a_chinese_reader(client, sign_in, stuck_change) -> None:
    signed_in(client, sign_in, "olga")
    client.post("/language", data={"language": "zh_CN", "next": "/"})
    page = client.get(f"/instances/{stuck_change}").get_data(as_text=True)
    assert "计时器“变更窗口开启”" in page
    assert "窗口开启时间（ISO 日期时间，含时区）" in page


def test_someone_who_may_not_operate_instances_sees_no_repair(client, sign_in, stuck_change) -> None:
    signed_in(client, sign_in, "mona")
    page = client.get(f"/instances/{stuck_change}")
    assert 'data-testid="repair-form"' not in page.get_data(as_text=True)
    refused = client.post(f"/instances/{stuck_change}/variables", data={
        "variable-name": "window_start", "variable-type": "string", "variable-value": "2030-01-05T22:00",
        "variable-reason": "I would like it to run"})
    assert refused.status_code in (403, 404)


def test_the_stuck_change_is_cancelled_from_the_repair_page_with_a_reason(client, sign_in, stuck_change) -> None:
    signed_in(client, sign_in, "adam")
    client.post(f"/instances/{stuck_change}/cancel", data={"cancel-reason": "Raised again as CHG-2"})
    assert instances()[0].status == "cancelled"
    (cancel,) = [event for event in list_history(instance_stream(stuck_change)) if event.kind == "intervention"]
    assert cancel.data["reason"] == "Raised again as CHG-2"
