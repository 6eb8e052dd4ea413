"""Drafts replayed against November's incidents: a changed gateway condition, a new user task, a case the draft
cannot take. The history is read on both databases by the calibration test; these compare drafts on SQLite."""
import pytest

from tests.whatif.conftest import INCIDENT, PLAN, Month


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """SQLite only: what these tests check is in the engine's replay, not in the database."""
    return sqlite_url


def changed(old: str, new: str) -> bytes:
    """Return the incident flow with one piece of its XML changed."""
    text = INCIDENT.decode()
    assert text.count(old) == 1, old
    return text.replace(old, new).encode()


def test_a_changed_gateway_condition_routes_the_expected_cases_differently_at_that_gateway(month: Month) -> None:
    # The draft also asks for approval when the impact is high. By hand, from the plan: every case classified
    # with a high impact that did not already go to approval (a major incident, high urgency too) now does.
    draft = changed("${needs_approval}", "${needs_approval or impact == 'high'}")
    expected = sum(1 for path, impact in PLAN if impact == "high" and path != "major")
    assert expected == 5
    outcome = month.what_if(draft)
    assert outcome.routed_differently == expected
    assert [(d.element_id, d.cases) for d in outcome.divergences] == [("approval_needed", expected)]
    # the managers get an approval each time these cases are classified: twice for the one returned once
    classified = sum(2 if path == "returned" else 1 for path, impact in PLAN if impact == "high" and path != "major")
    managers = sum(line.draft - line.real for line in outcome.workload if line.group == "managers")
    assert managers == classified == 6
    # the draft's heatmap shows the approvals on the flow into them
    assert outcome.draft_heat.flows["f_needs_approval"] == outcome.current_heat.flows["f_needs_approval"] + classified


NEW_TASK = ('<bpmn:userTask id="peer_review" name="Peer review" camunda:candidateGroups="managers">'
            '<bpmn:extensionElements><camunda:formData><camunda:formField id="review_note" label="Note" type="string">'
            '<camunda:validation><camunda:constraint name="required"/></camunda:validation></camunda:formField>'
            '</camunda:formData></bpmn:extensionElements>'
            '<bpmn:incoming>f_recorded_resolution</bpmn:incoming><bpmn:outgoing>f_reviewed</bpmn:outgoing></bpmn:userTask>'
            '<bpmn:sequenceFlow id="f_reviewed" sourceRef="peer_review" targetRef="confirm_fix"/>')


def test_a_new_user_task_takes_the_median_time_of_its_groups_tasks_and_says_so(month: Month) -> None:
    xml = changed('sourceRef="record_resolution" targetRef="confirm_fix"/>',
                  'sourceRef="record_resolution" targetRef="peer_review"/>' + NEW_TASK)
    xml = xml.replace(b"<bpmn:incoming>f_recorded_resolution</bpmn:incoming>",
                      b"<bpmn:incoming>f_reviewed</bpmn:incoming>", 1)
    outcome = month.what_if(xml)
    notes = {note.key: note for note in outcome.assumptions}
    duration = notes["duration:peer_review"]
    # The managers' only tasks in November: the two major incidents' approvals, each taken 15 minutes after it opened.
    assert (duration.basis, duration.group, duration.sample, duration.value) == ("median-group", "managers", 2, 900.0)
    value = notes["value:peer_review:review_note"]
    assert (value.basis, value.value) == ("empty", "")
    resolved = sum(1 for path, _impact in PLAN if path != "still_open")
    assert len(duration.cases) == resolved
    assert outcome.routed_differently == resolved
    assert [(d.element_id, d.cases) for d in outcome.divergences] == [("record_resolution", resolved)]


def test_a_case_the_draft_cannot_take_is_listed_with_the_reason(month: Month) -> None:
    # The draft's "Fixed?" condition reads reopen_reason first: only the cases a requester reopened have one.
    draft = changed("${confirmation == 'reopen'}", "${reopen_reason != '' and confirmation == 'reopen'}")
    confirmed = sum(1 for path, _impact in PLAN if path in ("straight", "returned", "major", "escalated"))
    outcome = month.what_if(draft)
    listed = [case for case in outcome.unreplayable if case.where == "draft"]
    assert len(listed) == confirmed
    assert all("reopen_reason" in case.reason for case in listed), listed[0].reason
    assert outcome.replayed == len(PLAN) - confirmed
