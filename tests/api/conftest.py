"""API fixtures: tokens for the demo people, a client that sends them, the incident process, contract checks."""
import json
from collections.abc import Callable, Collection
from typing import Any

import jsonschema
import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.api.openapi import document
from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.policies import Actor, system_actor
from app.organisation.tokens import create_token
from app.organisation.users import require_user
from app.platform.errors import NotAllowed
from app.workflow.instances.lifecycle import start_instance
from app.workflow.runtime import Runtime
from app.workflow.tasks.tasklist import find_task, list_tasks


class ApiClient:
    """Call the API as a demo person: api.get("/tasks", "sam"), api.post("/tasks/ID/claim", "sam")."""

    def __init__(self, client: FlaskClient, tokens: dict[str, str]) -> None:
        self.client = client
        self.tokens = tokens

    def get(self, path: str, login: str) -> TestResponse:
        """GET /api/v1<path> with the person's token."""
        return self.client.get("/api/v1" + path, headers=self.headers(login))

    def post(self, path: str, login: str, body: Any = None, data: str | None = None) -> TestResponse:
        """POST a JSON body (or raw data) to /api/v1<path> with the person's token."""
        raw = data if data is not None else json.dumps(body if body is not None else {})
        return self.client.post("/api/v1" + path, data=raw, content_type="application/json",
                                headers=self.headers(login))

    def patch(self, path: str, login: str, body: Any = None) -> TestResponse:
        """PATCH a JSON body to /api/v1<path> with the person's token."""
        return self.client.patch("/api/v1" + path, data=json.dumps(body if body is not None else {}),
                                 content_type="application/json", headers=self.headers(login))

    def headers(self, login: str) -> dict[str, str]:
        """Return the Authorization header of a person."""
        return {"Authorization": f"Bearer {self.tokens[login]}"}


@pytest.fixture
def tokens(runtime: Runtime, demo: list[str]) -> dict[str, str]:
    """One API token per demo person."""
    return {login: create_token(runtime, system_actor(), login, "tests") for login in demo}


@pytest.fixture
def api(client: FlaskClient, tokens: dict[str, str]) -> ApiClient:
    """An API client of the test app."""
    return ApiClient(client, tokens)


DEMO_LOGINS = ("rita", "sam", "lee", "mona", "carl", "olga", "audrey", "adam")


@pytest.fixture
def allowed_everywhere(client: FlaskClient, sign_in: Any) -> Callable[..., set[str]]:
    """allowed_everywhere(service, through_api, through_web): ask all three for every demo person; return who may.

    service(actor) calls the use case; through_api(login) and through_web(login) answer the same request by
    the API and by a signed-in page (succeeds: the codes that mean it was done; 403 means refused). The three
    must agree for every person, and the API must refuse with the service's own sentence.
    """
    def ask(service: Callable[[Actor], Any], through_api: Callable[[str], TestResponse],
            through_web: Callable[[str], TestResponse], succeeds: Collection[int] = (201, 302)) -> set[str]:
        outcomes = {}
        for login in DEMO_LOGINS:
            try:
                service(actor_for(require_user(login)))
                by_service, sentence = "allowed", None
            except NotAllowed as refused:
                by_service, sentence = "refused", str(refused)
            by_api = through_api(login)
            sign_in(login)
            by_web = through_web(login)
            client.post("/logout")
            outcomes[login] = (by_service, outcome_of(by_api, succeeds), outcome_of(by_web, succeeds))
            if sentence is not None:
                assert by_api.get_json()["detail"] == sentence
        assert all(len(set(outcome)) == 1 for outcome in outcomes.values()), outcomes
        return {login for login, outcome in outcomes.items() if outcome[0] == "allowed"}
    return ask


def outcome_of(response: TestResponse, succeeds: Collection[int]) -> str:
    """Return allowed or refused for an answer; any other status fails the test, naming it."""
    if response.status_code in succeeds:
        return "allowed"
    assert response.status_code == 403, (response.status_code, response.get_data(as_text=True)[:300])
    return "refused"


@pytest.fixture
def incident(deploy, runtime: Runtime):  # type: ignore[no-untyped-def]
    """Deploy the test incident process; return a function that starts one for rita and returns its id."""
    deploy("incident.bpmn")

    def start(title: str = "Printer on fire") -> int:
        return start_instance(runtime, "incident", {"title": title}, f"INC-{title[:20]}", "rita")
    return start


def only_task_of(instance_id: int) -> str:
    """Return the id of an instance's only open task."""
    (task,) = list_tasks(instance_id=instance_id)
    db.session.rollback()  # end the read: SQLite's transactions take the write lock
    return task.id


def holder_of(task_id: str) -> str | None:
    """Return who holds an open task."""
    task = find_task(task_id)
    assert task is not None
    return task.assignee


@pytest.fixture
def task_of(app):  # type: ignore[no-untyped-def]
    """task_of(instance_id): the id of an instance's only open task."""
    return only_task_of


@pytest.fixture
def assignee_of(app):  # type: ignore[no-untyped-def]
    """assignee_of(task_id): who holds an open task."""
    return holder_of


@pytest.fixture
def documented(app):  # type: ignore[no-untyped-def]
    """documented(response, operation_id): check a response against the OpenAPI document."""
    return assert_documented


def assert_documented(response: TestResponse, operation_id: str) -> None:
    """Check a response against what the OpenAPI document says the operation answers with that status."""
    made = document()
    operation = operation_by_id(made, operation_id)
    described = operation["responses"].get(str(response.status_code))
    assert described is not None, f"{operation_id} does not document status {response.status_code}"
    assert response.mimetype in described["content"], response.mimetype
    schema = {**described["content"][response.mimetype]["schema"], "components": made["components"]}
    jsonschema.validate(response.get_json(), schema, cls=jsonschema.Draft202012Validator)


def operation_by_id(made: dict[str, Any], operation_id: str) -> dict[str, Any]:
    """Return the OpenAPI operation with this operationId."""
    for methods in made["paths"].values():
        for operation in methods.values():
            if operation["operationId"] == operation_id:
                return operation  # type: ignore[no-any-return]
    raise AssertionError(f"no operation {operation_id}")
