"""Who the API lets in: bearer tokens only (not the session cookie), problem documents, no CSRF token needed."""
from flask import Flask
from sqlalchemy import update

from app import create_app
from app.extensions import db
from app.organisation.models import ApiToken
from app.organisation.policies import system_actor
from app.organisation.users import set_active


def test_client_without_a_token_gets_401_with_a_bearer_challenge(client, demo, documented) -> None:
    response = client.get("/api/v1/tasks")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="FlowDesk API"'
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["title"] == "Unauthorized"
    documented(response, "list_tasks")


def test_client_with_an_unknown_token_gets_401_invalid_token(client, demo) -> None:
    response = client.get("/api/v1/tasks", headers={"Authorization": "Bearer fd_not-a-real-token"})
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_client_with_another_scheme_gets_401(client, tokens) -> None:
    response = client.get("/api/v1/tasks", headers={"Authorization": f"Basic {tokens['sam']}"})
    assert response.status_code == 401


def test_revoked_token_is_refused(app, api, clock) -> None:
    db.session.execute(update(ApiToken).values(revoked_at=clock.now()))
    db.session.commit()
    assert api.get("/tasks", "sam").status_code == 401


def test_token_of_a_deactivated_user_is_refused(api) -> None:
    set_active(system_actor(), "sam", False)
    assert api.get("/tasks", "sam").status_code == 401


def test_session_cookie_alone_does_not_authenticate_the_api(client, demo, sign_in) -> None:
    sign_in("sam")
    assert client.get("/inbox").status_code == 200
    response = client.get("/api/v1/tasks")
    assert response.status_code == 401


def test_token_works_while_a_browser_session_of_someone_else_is_signed_in(client, api, sign_in) -> None:
    sign_in("rita")  # a requester's cookie must neither help nor hurt an agent's token
    assert api.get("/tasks", "sam").status_code == 200


def test_csrf_protected_app_accepts_api_posts_with_a_token(app: Flask, database_url, clock, topics, api,
                                                           incident, task_of) -> None:
    instance_id = incident()
    protected = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "RUN_CACHE_SIZE": 0,
                            "WTF_CSRF_ENABLED": True}, clock=clock, topics=topics)
    client = protected.test_client()
    assert client.post("/logout").status_code == 400  # the pages still want their form token
    response = client.post(f"/api/v1/tasks/{task_of(instance_id)}/claim", headers=api.headers("sam"))
    assert response.status_code == 200
    assert response.get_json()["task"]["assignee"] == "sam"


def test_unknown_api_address_answers_a_404_problem(api) -> None:
    response = api.get("/nothing-here", "sam")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_wrong_method_answers_a_405_problem(api) -> None:
    response = api.get("/tasks/some-id/claim", "sam")
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"


def test_messages_stay_english_for_a_client_whose_browser_chose_chinese(client, api, sign_in) -> None:
    sign_in("lee")
    client.post("/language", data={"language": "zh_CN", "next": "/inbox"})
    response = api.get("/tasks?scope=everything", "lee")
    assert "Unknown scope" in response.get_json()["detail"]


def test_nul_character_in_the_address_answers_400(api, demo) -> None:
    response = api.post("/tasks/a%00b/claim", "sam")
    assert response.status_code == 400
    assert response.get_json()["type"] == "urn:flowdesk:problem:nul-character"


def test_nul_character_in_the_body_answers_400(api, deploy) -> None:
    deploy("incident.bpmn")
    response = api.post("/processes/incident/instances", "rita", {"variables": {"title": "a\u0000b"}})
    assert response.status_code == 400
    assert response.get_json()["type"] == "urn:flowdesk:problem:nul-character"


def test_instance_id_beyond_the_id_range_answers_404(api, demo) -> None:
    response = api.get("/instances/18112296904268", "adam")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
