"""Cases driven through a small diagram with a loop (tests/diagrams/reopen_loop.bpmn), on the test clock."""
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.workflow.insight.catch_up import catch_up_all
from app.workflow.insight.keys import CaseKeys
from app.workflow.instances.lifecycle import start_instance
from app.workflow.models import UserTask
from app.workflow.runtime import Runtime
from app.workflow.tasks.actions import claim_task, complete_task

DAY_ONE = datetime(2030, 3, 4, 9, 0, tzinfo=UTC)
DAY_TWO = datetime(2030, 3, 5, 9, 0, tzinfo=UTC)
KEYS = {"T-1": CaseKeys("7", "P2", "second-line"), "T-2": CaseKeys("7", "P1", "second-line"),
        "T-3": CaseKeys("8", "P2", "service-desk")}


def case_keys(business_keys: Sequence[str]) -> Mapping[str, CaseKeys]:
    """Give the test cases their ticket keys (the service desk's own lookup is tested on real tickets)."""
    return {key: KEYS[key] for key in business_keys if key in KEYS}


class Cases:
    """Drive cases of the 'ticket' process (resolve, confirm, re-open loop) on the test clock."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def counted(self) -> int:
        """Bring the insight counts up to date, as the scheduler's pass does; return how many cases were counted."""
        return catch_up_all(self.runtime.case_keys)

    def start(self, business_key: str, at: datetime) -> int:
        """Start a case at a moment."""
        self.runtime.clock.current = at  # type: ignore[attr-defined]
        return start_instance(self.runtime, "ticket", {}, business_key, "rita")

    def open_task(self, instance_id: int) -> str:
        """Return the id of the case's one open task."""
        return str(db.session.execute(select(UserTask.id).where(UserTask.instance_id == instance_id)).scalar_one())

    def work(self, instance_id: int, user: str, claim_after_minutes: float | None, done_after_minutes: float,
             values: Mapping[str, object]) -> None:
        """Claim the case's open task some minutes after it opened (or never), complete it some minutes after."""
        task_id = self.open_task(instance_id)
        opened = self.runtime.clock.now()
        if claim_after_minutes is not None:
            self.runtime.clock.current = opened + timedelta(minutes=claim_after_minutes)  # type: ignore[attr-defined]
            claim_task(self.runtime, task_id, user)
        self.runtime.clock.current = opened + timedelta(minutes=done_after_minutes)  # type: ignore[attr-defined]
        complete_task(self.runtime, task_id, user, values)

    def resolve(self, instance_id: int, claim_after: float | None, done_after: float) -> None:
        """Lee resolves the case."""
        self.work(instance_id, "lee", claim_after, done_after, {"note": "fixed"})

    def confirm(self, instance_id: int, claim_after: float | None, done_after: float, reopen: bool) -> None:
        """Rita confirms the fix, or re-opens the case."""
        self.work(instance_id, "rita", claim_after, done_after, {"reopen": reopen})


@pytest.fixture
def cases(runtime: Runtime, deploy, demo) -> Cases:  # type: ignore[no-untyped-def]
    """The 'ticket' process deployed, the demo people, and the test ticket keys wired."""
    deploy("reopen_loop.bpmn")
    runtime.case_keys = case_keys
    return Cases(runtime)
