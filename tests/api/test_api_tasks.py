"""Task endpoints: lists with keyset pages, claim, release, complete, and their refusals."""
from urllib.parse import quote


def test_agent_sees_the_group_queue_offered_to_their_groups(api, incident, task_of, documented) -> None:
    instance_id = incident()
    response = api.get("/tasks?scope=group", "sam")
    assert response.status_code == 200
    [task] = response.get_json()["tasks"]
    assert task["id"] == task_of(instance_id)
    assert task["candidate_groups"] == ["service-desk"]
    assert task["business_key"] == "INC-Printer on fire"
    assert [field["id"] for field in task["form_fields"]] == ["priority", "title"]
    assert response.get_json()["next"] is None
    documented(response, "list_tasks")


def test_agent_does_not_see_tasks_offered_to_other_groups(api, incident) -> None:
    incident()
    assert api.get("/tasks?scope=group", "lee").get_json()["tasks"] == []


def test_claimed_task_moves_from_the_group_queue_to_mine(api, incident, task_of) -> None:
    task_id = task_of(incident())
    api.post(f"/tasks/{task_id}/claim", "sam")
    assert api.get("/tasks?scope=group", "sam").get_json()["tasks"] == []
    assert [t["id"] for t in api.get("/tasks?scope=mine", "sam").get_json()["tasks"]] == [task_id]


def test_scope_defaults_to_mine(api, incident, task_of) -> None:
    incident()
    assert api.get("/tasks", "sam").get_json()["tasks"] == []


def test_group_queue_pages_follow_the_next_cursor(api, incident, clock) -> None:
    for title in ("first", "second", "third"):
        incident(title)
        clock.advance(seconds=60)
    first = api.get("/tasks?scope=group&limit=2", "sam").get_json()
    assert [t["business_key"] for t in first["tasks"]] == ["INC-first", "INC-second"]
    second = api.get(f"/tasks?scope=group&limit=2&after={quote(first['next'])}", "sam").get_json()
    assert [t["business_key"] for t in second["tasks"]] == ["INC-third"]
    assert second["next"] is None


def test_tasks_created_at_the_same_moment_page_by_id(api, incident) -> None:
    for title in ("a", "b", "c"):
        incident(title)
    seen = []
    after = ""
    for _ in range(3):
        page = api.get(f"/tasks?scope=group&limit=1&after={after}", "sam").get_json()
        seen.extend(t["id"] for t in page["tasks"])
        after = page["next"] or ""
    assert len(set(seen)) == 3
    assert seen == sorted(seen)


def test_tampered_cursor_is_refused_with_422(api, demo) -> None:
    response = api.get("/tasks?scope=group&after=bm90LWEtY3Vyc29y", "sam")
    assert response.status_code == 422
    assert "after" in response.get_json()["errors"]


def test_limit_out_of_range_is_refused_with_422(api, demo, documented) -> None:
    response = api.get("/tasks?limit=0", "sam")
    assert response.status_code == 422
    assert "limit" in response.get_json()["errors"]
    documented(response, "list_tasks")


def test_unknown_scope_is_refused_with_422(api, demo) -> None:
    response = api.get("/tasks?scope=everything", "sam")
    assert response.status_code == 422
    assert "scope" in response.get_json()["errors"]


def test_requester_may_not_list_tasks(api, demo, documented) -> None:
    response = api.get("/tasks?scope=group", "rita")
    assert response.status_code == 403
    assert response.get_json()["type"] == "urn:flowdesk:problem:not-allowed"
    documented(response, "list_tasks")


def test_agent_claims_a_task_offered_to_their_group(api, incident, task_of, documented) -> None:
    task_id = task_of(incident())
    response = api.post(f"/tasks/{task_id}/claim", "sam")
    assert response.status_code == 200
    assert response.get_json()["task"]["assignee"] == "sam"
    documented(response, "claim_task")


def test_agent_may_not_claim_a_task_offered_to_another_group(api, incident, task_of) -> None:
    task_id = task_of(incident())
    response = api.post(f"/tasks/{task_id}/claim", "lee")
    assert response.status_code == 403
    assert "not a candidate" in response.get_json()["detail"]


def test_requester_may_not_claim(api, incident, task_of) -> None:
    assert api.post(f"/tasks/{task_of(incident())}/claim", "rita").status_code == 403


def test_claiming_an_unknown_task_answers_404(api, demo, documented) -> None:
    response = api.post("/tasks/no-such-task/claim", "sam")
    assert response.status_code == 404
    documented(response, "claim_task")


def test_agent_releases_a_task_they_claimed(api, incident, task_of, documented) -> None:
    task_id = task_of(incident())
    api.post(f"/tasks/{task_id}/claim", "sam")
    response = api.post(f"/tasks/{task_id}/release", "sam")
    assert response.status_code == 200
    assert response.get_json()["task"]["assignee"] is None
    documented(response, "release_task")


def test_agent_may_not_release_a_task_they_do_not_hold(api, incident, task_of) -> None:
    task_id = task_of(incident())
    assert api.post(f"/tasks/{task_id}/release", "sam").status_code == 403


def test_agent_completes_a_task_and_the_instance_moves_on(api, incident, task_of, documented) -> None:
    instance_id = incident()
    task_id = task_of(instance_id)
    response = api.post(f"/tasks/{task_id}/complete", "sam", {"priority": "P2"})
    assert response.status_code == 200
    assert response.get_json() == {"task_id": task_id, "status": "completed",
                                   "instance": {"id": instance_id, "status": "running"}}
    documented(response, "complete_task")
    assert [t["name"] for t in api.get("/tasks?scope=group", "lee").get_json()["tasks"]] == [
        "Investigate and resolve"]


def test_completing_the_last_task_reports_the_instance_completed(api, incident, task_of) -> None:
    instance_id = incident()
    api.post(f"/tasks/{task_of(instance_id)}/complete", "sam", {"priority": "P3"})
    response = api.post(f"/tasks/{task_of(instance_id)}/complete", "lee", {"resolution": "Cable replaced"})
    assert response.get_json()["instance"]["status"] == "completed"


def test_completing_a_completed_task_answers_409(api, incident, task_of, documented) -> None:
    task_id = task_of(incident())
    api.post(f"/tasks/{task_id}/complete", "sam", {"priority": "P2"})
    response = api.post(f"/tasks/{task_id}/complete", "sam", {"priority": "P2"})
    assert response.status_code == 409
    assert response.get_json()["type"] == "urn:flowdesk:problem:task-already-finished"
    assert "already completed by sam" in response.get_json()["detail"]
    documented(response, "complete_task")


def test_refused_values_answer_422_with_errors_by_field(api, incident, task_of, documented) -> None:
    instance_id = incident()
    api.post(f"/tasks/{task_of(instance_id)}/complete", "sam", {"priority": "P3"})
    response = api.post(f"/tasks/{task_of(instance_id)}/complete", "lee", {"resolution": "ok"})
    assert response.status_code == 422
    body = response.get_json()
    assert list(body["errors"]) == ["resolution"]
    assert body["errors"]["resolution"][0]
    documented(response, "complete_task")


def test_values_of_the_wrong_json_type_answer_422(api, incident, task_of) -> None:
    response = api.post(f"/tasks/{task_of(incident())}/complete", "sam", {"priority": ["P1", "P2"]})
    assert response.status_code == 422
    assert "priority" in response.get_json()["errors"]


def test_malformed_json_answers_400(api, incident, task_of, documented) -> None:
    response = api.post(f"/tasks/{task_of(incident())}/complete", "sam", data="{priority: P2")
    assert response.status_code == 400
    assert response.get_json()["type"] == "urn:flowdesk:problem:malformed-json"
    documented(response, "complete_task")


def test_json_that_is_not_an_object_answers_400(api, incident, task_of) -> None:
    response = api.post(f"/tasks/{task_of(incident())}/complete", "sam", data='["P2"]')
    assert response.status_code == 400
    assert "array" in response.get_json()["detail"]


def test_agent_who_is_not_a_candidate_may_not_complete(api, incident, task_of) -> None:
    response = api.post(f"/tasks/{task_of(incident())}/complete", "lee", {"priority": "P2"})
    assert response.status_code == 403


def test_tasks_without_a_due_date_come_after_the_dated_ones(api, incident, deploy, topics) -> None:
    topics.register("flaky", lambda call: {})
    deploy("failing_step.bpmn")  # its first task, offered to service-desk, has no due date
    for key in ("UNDATED-1", "UNDATED-2"):
        api.post("/processes/fragile/instances", "rita", {"business_key": key})
    incident("dated")
    keys, after = [], ""
    for _ in range(3):
        page = api.get(f"/tasks?scope=group&limit=1&after={after}", "sam").get_json()
        keys.extend(t["business_key"] for t in page["tasks"])
        after = page["next"] or ""
    assert keys[0] == "INC-dated"
    assert sorted(keys[1:]) == ["UNDATED-1", "UNDATED-2"]
    assert after == ""


def test_json_nested_too_deeply_answers_400(api, incident, task_of) -> None:
    response = api.post(f"/tasks/{task_of(incident())}/complete", "sam", data="[" * 100_000)
    assert response.status_code == 400
