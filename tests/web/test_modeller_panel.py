"""The modeller panel's help routes: topics and choices sources, what a timer means, what a condition can read."""
from app.workflow.deployment import deploy_diagram
from tests.incident.conftest import PROCESSES

INCIDENT = (PROCESSES / "incident.bpmn").read_bytes()
TIMER = "/processes/incident/model/explain-timer"
SCOPE = "/processes/incident/model/scope"


def open_studio(runtime, sign_in, who: str = "olga") -> None:  # type: ignore[no-untyped-def]
    """Deploy the incident process and sign a person in."""
    deploy_diagram(runtime, INCIDENT, "incident.bpmn", "olga")
    sign_in(who)


def test_process_owner_is_offered_flowdesk_topics_and_choices_sources(demo, runtime, client, sign_in) -> None:
    open_studio(runtime, sign_in)
    answer = client.get("/processes/incident/model/offers").get_json()
    assert "incident.classify" in answer["topics"]["registered"]
    assert "incident.classify" not in answer["topics"]["outside"]
    assert {"name": "categories", "label": "Ticket categories"} in answer["choices"]


def test_process_owner_is_offered_the_topics_outside_workers_took(demo, runtime, client, sign_in) -> None:
    outside = INCIDENT.replace(b'camunda:topic="incident.reopen"', b'camunda:topic="billing.invoice"')
    deploy_diagram(runtime, outside, "incident.bpmn", "olga")
    sign_in("olga")
    assert "billing.invoice" in client.get("/processes/incident/model/offers").get_json()["topics"]["outside"]


def test_process_owner_reads_a_duration_in_words(demo, runtime, client, sign_in) -> None:
    open_studio(runtime, sign_in)
    answer = client.post(TIMER, json={"kind": "timeDuration", "text": "P2D"}).get_json()
    assert answer == {"valid": True, "form": "duration",
                      "meaning": "In 2 days, counted from when the process reaches the timer."}


def test_process_owner_reads_a_cron_cycle_as_every_five_minutes(demo, runtime, client, sign_in) -> None:
    open_studio(runtime, sign_in)
    answer = client.post(TIMER, json={"kind": "timeCycle", "text": "0 0/5 * * * ?"}).get_json()
    assert answer["valid"] and answer["meaning"].startswith("Every 5 minutes. Cron, in UTC: next at ")


def test_process_owner_reads_a_repeating_interval_in_chinese(demo, runtime, client, sign_in) -> None:
    open_studio(runtime, sign_in)
    client.post("/language", data={"language": "zh_CN"})
    answer = client.post(TIMER, json={"kind": "timeCycle", "text": "R3/PT10M"}).get_json()
    assert answer["meaning"] == "每 10 分钟一次，共 3 次。"


def test_process_owner_is_told_why_the_engine_refuses_a_timer(demo, runtime, client, sign_in) -> None:
    open_studio(runtime, sign_in)
    answer = client.post(TIMER, json={"kind": "timeDuration", "text": "0 0/5 * * * ?"}).get_json()
    assert answer["valid"] is False
    assert "only a timeCycle takes" in answer["meaning"]


def test_a_timer_request_without_its_kind_is_refused_saying_what_to_send(demo, runtime, client, sign_in) -> None:
    open_studio(runtime, sign_in)
    response = client.post(TIMER, json={"kind": "timeSoon", "text": "PT4H"})
    assert response.status_code == 400
    assert response.get_json()["error"] == "Say which kind of timer this is: timeDate, timeDuration or timeCycle."


def test_process_owner_sees_the_form_fields_set_before_a_gateway_flow(demo, runtime, client, sign_in) -> None:
    open_studio(runtime, sign_in)
    answer = client.post(SCOPE, json={"xml": INCIDENT.decode(), "element_id": "f_refused",
                                      "expression": "${approval == 'refuse'}"}).get_json()
    names = {variable["name"]: variable for variable in answer["variables"]}
    assert names["approval"]["element_id"] == "approve_major"
    assert "confirmation" not in names  # asked only after the incident is resolved
    assert answer["condition"] == {"valid": True, "message": "The engine reads this condition.", "unknown_names": []}


def test_process_owner_is_told_a_condition_reads_what_no_earlier_step_sets(demo, runtime, client, sign_in) -> None:
    open_studio(runtime, sign_in)
    answer = client.post(SCOPE, json={"xml": INCIDENT.decode(), "element_id": "f_refused",
                                      "expression": "${aproval == 'refuse'}"}).get_json()
    assert answer["condition"]["valid"] is True and answer["condition"]["unknown_names"] == ["aproval"]


def test_process_owner_is_told_why_the_engine_refuses_a_condition(demo, runtime, client, sign_in) -> None:
    open_studio(runtime, sign_in)
    answer = client.post(SCOPE, json={"xml": INCIDENT.decode(), "element_id": "f_refused",
                                      "expression": "${approval.__class__}"}).get_json()
    assert answer["condition"]["valid"] is False
    assert answer["condition"]["message"].startswith("The engine will refuse this condition: it ")


def test_a_scope_request_for_an_element_the_drawing_lacks_is_refused(demo, runtime, client, sign_in) -> None:
    open_studio(runtime, sign_in)
    response = client.post(SCOPE, json={"xml": INCIDENT.decode(), "element_id": "nowhere"})
    assert response.status_code == 400
    assert response.get_json()["error"] == ("The drawing has no element 'nowhere'; select an element of the diagram "
                                            "and ask again.")


def test_a_scope_request_without_the_drawing_is_refused_saying_what_to_send(demo, runtime, client, sign_in) -> None:
    open_studio(runtime, sign_in)
    response = client.post(SCOPE, json={"element_id": "f_refused"})
    assert response.status_code == 400
    assert "element_id" in response.get_json()["error"]


def test_an_agent_may_not_ask_the_panel_s_help(demo, runtime, client, sign_in) -> None:
    open_studio(runtime, sign_in, "sam")
    assert client.get("/processes/incident/model/offers").status_code == 403
    assert client.post(TIMER, json={"kind": "timeDuration", "text": "PT4H"}).status_code == 403
    assert client.post(SCOPE, json={"xml": INCIDENT.decode(), "element_id": "f_refused"}).status_code == 403


def test_process_owner_reads_the_variables_labelled_in_chinese(demo, runtime, client, sign_in) -> None:
    open_studio(runtime, sign_in)
    client.post("/language", data={"language": "zh_CN"})
    answer = client.post(SCOPE, json={"xml": INCIDENT.decode(), "element_id": "f_refused"}).get_json()
    approval = next(variable for variable in answer["variables"] if variable["name"] == "approval")
    assert (approval["label"], approval["element_name"]) == ("决定", "审批重大事件")
