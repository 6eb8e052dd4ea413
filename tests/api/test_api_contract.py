"""The endpoints' declarations at work: refusals name every member at once, bodies are read as before."""
import json


def test_client_learns_every_refused_parameter_at_once(api, demo, documented) -> None:
    response = api.get("/cis?limit=0&colour=red", "sam")
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert set(errors) == {"limit", "colour"}
    assert errors["limit"] == ["Send 'limit' as a whole number from 1 to 500."]
    assert "There is no parameter colour" in errors["colour"][0]
    documented(response, "list_cis")


def test_client_learns_every_refused_member_of_a_body_at_once(api, deploy, documented) -> None:
    deploy("incident.bpmn")
    response = api.post("/processes/incident/instances", "rita", {"title": "x", "business_key": 7})
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "business_key": ["Send 'business_key' as a string or null."],
        "title": ["'title' is not a member of this request; send only variables, business_key."]}
    documented(response, "start_instance")


def test_client_gets_the_defaults_when_parameters_are_blank(api, demo) -> None:
    response = api.get("/articles?q=&category_id=&limit=&status=", "rita")
    assert response.status_code == 200
    assert response.get_json() == {"articles": [], "next": None}


def test_writer_posts_a_json_draft_labelled_as_plain_text(client, tokens, demo) -> None:
    body = json.dumps({"title": "Toner low", "body_markdown": "Shake it."})
    response = client.post("/api/v1/articles", data=body, content_type="text/plain",
                           headers={"Authorization": f"Bearer {tokens['sam']}"})
    assert response.status_code == 201
    assert response.get_json()["title"] == "Toner low"


def test_writer_gets_400_when_posting_a_draft_as_multipart(client, tokens, demo) -> None:
    response = client.post("/api/v1/articles", data={"title": "x"}, content_type="multipart/form-data",
                           headers={"Authorization": f"Bearer {tokens['sam']}"})
    assert response.status_code == 400
    assert response.get_json()["type"] == "urn:flowdesk:problem:malformed-json"


def test_requester_is_refused_403_before_their_body_is_checked(api, demo) -> None:
    response = api.post("/cis", "rita", {"colour": "red"})
    assert response.status_code == 403
