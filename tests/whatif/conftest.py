"""A month of incidents with mixed paths, driven through the shipped incident flow as the desk's people work them,
and a draft of the flow saved in the studio."""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest

from app.organisation.accounts import actor_for
from app.organisation.groups import add_member
from app.organisation.policies import system_actor
from app.organisation.users import require_user
from app.servicedesk.whatif.assumptions import Overrides
from app.servicedesk.whatif.jobs import WhatIfRunView, request_what_if, run_due_what_ifs, show_what_if_run
from app.servicedesk.whatif.outcome import WhatIfOutcome
from app.servicedesk.whatif.run import Period
from app.workflow.deployment import deploy_diagram
from app.workflow.runtime import Runtime
from app.workflow.studio.drafts import save_draft
from engine.clock import FixedClock
from tests.incident.conftest import PROCESSES, Desk

INCIDENT = (PROCESSES / "incident.bpmn").read_bytes()
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))
FIRST_DAY = datetime(2026, 11, 2, 1, 30, tzinfo=UTC)  # Monday 2 November, 09:30 in Shanghai
AFTER = datetime(2026, 12, 20, tzinfo=UTC)  # when the what-if runs


@dataclass
class Month:
    """The incidents of November, by the path each took."""

    runtime: Runtime
    clock: FixedClock
    paths: dict[str, list[str]] = field(default_factory=dict)  # path name -> ticket numbers
    impacts: dict[str, str] = field(default_factory=dict)  # ticket number -> impact classified

    def save(self, draft: bytes) -> None:
        """Save a draft of the incident flow as Olga, when the what-if runs."""
        self.clock.set(AFTER)
        save_draft(self.runtime, actor_for(require_user("olga")), "incident", draft, None)

    def ask(self, login: str = "olga", overrides: Overrides | None = None, max_cases: int = 2000) -> int:
        """Ask for a what-if of the saved draft over November; return the run's number."""
        return request_what_if(self.runtime, actor_for(require_user(login)), "incident", NOVEMBER,
                               overrides or Overrides(), max_cases)

    def run(self, run_id: int, login: str = "olga") -> WhatIfRunView:
        """Let the scheduler's pass run what is queued, and return the run as its owner sees it."""
        run_due_what_ifs(self.runtime)
        return show_what_if_run(actor_for(require_user(login)), run_id)

    def what_if(self, draft: bytes, overrides: Overrides | None = None, max_cases: int = 2000) -> WhatIfOutcome:
        """Save a draft of the incident flow, ask for a what-if of the month through it as Olga, and let the
        scheduler run it."""
        self.save(draft)
        run = self.run(self.ask(overrides=overrides, max_cases=max_cases))
        assert run.status == "done" and run.outcome is not None, (run.failure_code, run.failure_detail)
        return run.outcome


def accept(desk: Desk) -> None:
    """The assignee the flow chose accepts the incident."""
    desk.work("take_or_pass", desk.task("take_or_pass").assignee, decision="accept")


def resolve(desk: Desk, minutes: int) -> None:
    """The assignee resolves the incident some minutes later."""
    desk.clock.set(desk.clock.now() + timedelta(minutes=minutes))
    desk.work("resolve", desk.ticket.assignee, outcome="resolved", resolution="Replaced the fuser unit.")


def confirm(desk: Desk) -> None:
    """The requester confirms the fix."""
    desk.clock.set(desk.clock.now() + timedelta(minutes=30))
    desk.work("confirm_fix", "rita", confirmation="confirm")


def straight(desk: Desk, impact: str) -> None:
    """Classified, accepted, resolved, confirmed."""
    desk.log(impact=impact)
    desk.classify(impact=impact)
    accept(desk)
    resolve(desk, 45)
    confirm(desk)


def returned(desk: Desk, impact: str) -> None:
    """Returned to the service desk once, classified again, then straight through."""
    desk.log(impact=impact)
    desk.classify(impact=impact)
    desk.work("take_or_pass", desk.task("take_or_pass").assignee, decision="return", reason="Wrong group.")
    desk.clock.set(desk.clock.now() + timedelta(minutes=10))
    desk.classify(impact=impact)
    accept(desk)
    resolve(desk, 30)
    confirm(desk)


def reopened(desk: Desk, impact: str) -> None:
    """Resolved, reopened by the requester, resolved again, confirmed."""
    desk.log(impact=impact)
    desk.classify(impact=impact)
    accept(desk)
    resolve(desk, 20)
    desk.work("confirm_fix", "rita", confirmation="reopen", reopen_reason="Still jams.")
    resolve(desk, 60)
    confirm(desk)


def major(desk: Desk, impact: str) -> None:
    """A major incident a manager approves, then straight through."""
    desk.log(impact="high", urgency="high")
    desk.classify(impact="high", urgency="high")
    desk.clock.set(desk.clock.now() + timedelta(minutes=15))
    desk.work("approve_major", "mona", claim=True, approval="approve")
    accept(desk)
    resolve(desk, 90)
    confirm(desk)


def auto_closed(desk: Desk, impact: str) -> None:
    """Resolved, never confirmed: closed by its timer three working days later."""
    desk.log(impact=impact)
    desk.classify(impact=impact)
    accept(desk)
    resolve(desk, 25)
    desk.at(desk.ticket.auto_close_at)


def escalated(desk: Desk, impact: str) -> None:
    """Not resolved in time: the warning, then the breach takes the task to the duty managers, who resolve it."""
    desk.log(impact=impact)
    desk.classify(impact=impact)
    accept(desk)
    due = desk.ticket.resolution_due_at
    desk.at(due)
    desk.clock.set(due + timedelta(hours=1))
    desk.work("duty_resolve", "mona", claim=True, resolution="Swapped the printer for a spare.")
    confirm(desk)


def still_open(desk: Desk, impact: str) -> None:
    """Classified and accepted; still being worked."""
    desk.log(impact=impact)
    desk.classify(impact=impact)
    accept(desk)


PATHS: dict[str, Callable[[Desk, str], None]] = {
    "straight": straight, "returned": returned, "reopened": reopened, "major": major, "auto_closed": auto_closed,
    "escalated": escalated, "still_open": still_open}
# The month, in order: (path, impact classified). Impact high without high urgency is a P2, which needs no approval.
PLAN = [("straight", "medium"), ("returned", "low"), ("reopened", "high"), ("straight", "high"), ("major", "high"),
        ("auto_closed", "medium"), ("straight", "low"), ("returned", "high"), ("reopened", "medium"),
        ("straight", "medium"), ("major", "high"), ("still_open", "high"), ("straight", "high"),
        ("auto_closed", "low"), ("straight", "medium"), ("still_open", "medium"), ("escalated", "medium")]


def drive_month(runtime: Runtime, clock: FixedClock, plan: list[tuple[str, str]] = PLAN) -> Month:
    """Deploy the incident flow and drive the month's incidents, one working day apart."""
    clock.set(FIRST_DAY - timedelta(days=1))
    deploy_diagram(runtime, INCIDENT, "incident.bpmn", "olga")
    add_member(system_actor(), "second-line", "carl")
    month = Month(runtime, clock)
    day = FIRST_DAY
    for path, impact in plan:
        clock.set(day)
        desk = Desk(runtime, clock)
        PATHS[path](desk, impact)
        month.paths.setdefault(path, []).append(desk.number)
        month.impacts[desk.number] = impact
        day += timedelta(days=1 if day.weekday() < 4 else 3)
    Desk(runtime, clock).at(AFTER)  # the scheduler fired every timer due by then
    return month


@pytest.fixture
def month(runtime: Runtime, clock: FixedClock, demo: list[str]) -> Month:
    """November's incidents, driven."""
    return drive_month(runtime, clock)


@pytest.fixture
def few(runtime: Runtime, clock: FixedClock, demo: list[str]) -> Month:
    """Three of November's incidents: straight through, reopened, a major one."""
    return drive_month(runtime, clock, [("straight", "medium"), ("reopened", "low"), ("major", "high")])
