"""Fixtures of the process owner's studio: an instance stopped by a failing step, one with an incident, and
purchases on version 1 of a process whose version 2 is deployed (migration)."""
from typing import Any

import pytest

from app.platform.errors import StepFailed
from app.workflow.instances.lifecycle import start_instance
from app.workflow.tasks.actions import complete_task
from engine.topics import TopicCall, TopicRegistry
from tests.studio.purchases import open_task


class FlakyService:
    """The 'flaky' topic: it fails while the service is down."""

    def __init__(self) -> None:
        self.down = True

    def __call__(self, call: TopicCall) -> dict[str, Any]:
        """Answer, or fail as a network call does."""
        if self.down:
            raise ConnectionError("the ticket system is down")
        return {"ticket": "T-1"}


@pytest.fixture
def flaky(topics: TopicRegistry) -> FlakyService:
    """Register the 'flaky' topic, down until a test brings it up, before anything is deployed."""
    service = FlakyService()
    topics.register("flaky", service)
    return service


@pytest.fixture
def stopped(runtime, deploy, demo, flaky) -> int:  # type: ignore[no-untyped-def]
    """Return an instance of studio_flaky.bpmn that needs attention: its flaky first step failed."""
    deploy("studio_flaky.bpmn")
    with pytest.raises(StepFailed) as failure:
        start_instance(runtime, "fragile_form", {"summary": "Printer on fire"}, actor="rita")
    assert failure.value.instance_id is not None
    return failure.value.instance_id


@pytest.fixture
def purchases(runtime, deploy, clock, demo):  # type: ignore[no-untyped-def]
    """Two purchases on version 1, one at 'review' and one at 'approve'; then version 2 deployed."""
    deploy("migration_v1.bpmn")
    at_review = start_instance(runtime, "purchase", {}, actor="olga")
    at_approve = start_instance(runtime, "purchase", {}, actor="olga")
    complete_task(runtime, open_task(at_approve).id, "sam", {"amount": 5})
    deploy("migration_v2.bpmn")
    clock.advance(minutes=30)
    return {"review": at_review, "approve": at_approve}
