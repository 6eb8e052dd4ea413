"""Forms carry CSRF tokens; a post without a valid one is refused and changes nothing."""
import re

import pytest

from app import create_app
from app.extensions import db


@pytest.fixture
def app(database_url, clock, topics):  # type: ignore[no-untyped-def]
    """The app with CSRF protection on, as in production."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "RUN_CACHE_SIZE": 0,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}, clock=clock, topics=topics)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def token_of(page: str) -> str:
    """Return the CSRF token embedded in a page."""
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert match, "the page has no CSRF token"
    return match.group(1)


def test_sign_in_without_a_token_is_refused_with_an_explanation(client, demo) -> None:
    response = client.post("/login", data={"login": "rita", "password": "flowdesk-demo"})
    assert response.status_code == 400
    assert "Reload the page and submit it again." in response.get_data(as_text=True)
    assert client.get("/portal").status_code == 302  # still signed out


def test_sign_in_with_the_page_token_works(client, demo) -> None:
    token = token_of(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"login": "rita", "password": "flowdesk-demo", "csrf_token": token})
    assert response.status_code == 302


def test_claim_without_a_token_is_refused_and_the_task_stays_unclaimed(client, demo, runtime) -> None:
    from pathlib import Path

    from app.workflow.deployment import deploy_diagram
    from app.workflow.instances.lifecycle import start_instance
    from app.workflow.tasks.tasklist import list_tasks

    diagram = Path(__file__).parents[1] / "diagrams" / "incident.bpmn"
    deploy_diagram(runtime, diagram.read_bytes(), diagram.name, "olga")
    instance_id = start_instance(runtime, "incident", {"title": "Mail down"}, actor="rita")
    (task,) = list_tasks(instance_id=instance_id)
    token = token_of(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"login": "sam", "password": "flowdesk-demo", "csrf_token": token})
    assert client.post(f"/tasks/{task.id}/claim").status_code == 400
    assert list_tasks(instance_id=instance_id)[0].assignee is None
