"""Report subscriptions: mailed on their recurrence rule through the outbox, each read with its recipient's own
reach and written in her language."""
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.messaging.models import OutboxMessage
from app.organisation.accounts import actor_for
from app.organisation.users import require_active_user
from app.platform.errors import InvalidValues
from app.reports.rollup import catch_up_all
from app.reports.subscriptions import send_due_subscriptions, subscribe

MONDAY_EVENING = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)
SATURDAY_MORNING = datetime(2026, 11, 7, 8, 0, tzinfo=UTC)
PERIOD = {"from": "2026-11-02", "to": "2026-11-06"}  # five days: each mail covers the five days before it
DAILY_AT_EIGHT = "FREQ=DAILY;BYHOUR=8;BYMINUTE=0"


def mails() -> dict[str, str]:
    """Return the queued mails' bodies by recipient."""
    return {row.recipient: row.body for row in db.session.execute(select(OutboxMessage)).scalars()}


def test_each_subscriber_gets_the_report_she_may_see_in_her_language(hand_checked, demo, runtime) -> None:  # type: ignore[no-untyped-def]
    hand_checked()
    catch_up_all()
    for login in ("mona", "sam", "lee"):
        subscribe(actor_for(require_active_user(login)), PERIOD, DAILY_AT_EIGHT, "pdf", MONDAY_EVENING)
    assert send_due_subscriptions(MONDAY_EVENING, {"BASE_URL": "https://desk.example"}) == 0  # not due yet
    assert send_due_subscriptions(SATURDAY_MORNING, {"BASE_URL": "https://desk.example"}) == 3
    sent = mails()
    # mona (manager) counts every ticket opened Mon 2 - Fri 6 Nov: 6; sam leads service-desk: INC-1, INC-2, REQ-5,
    # INC-8 = 4; lee (an agent of second-line, Chinese) counts only her own work: nothing is assigned to her.
    assert "Tickets in: 6" in sent["mona@flowdesk.example"]
    assert "Tickets in: 4" in sent["sam@flowdesk.example"]
    assert "工单进入: 0" in sent["lee@flowdesk.example"]
    assert "https://desk.example/reports/export.pdf?from=2026-11-02&to=2026-11-06" in sent["mona@flowdesk.example"]
    # The next mail is due the next morning, not again now.
    assert send_due_subscriptions(SATURDAY_MORNING, {}) == 0


def test_a_rule_that_is_not_one_or_repeats_too_often_is_refused(demo) -> None:  # type: ignore[no-untyped-def]
    mona = actor_for(require_active_user("mona"))
    with pytest.raises(InvalidValues) as refused:
        subscribe(mona, PERIOD, "every monday", "pdf", MONDAY_EVENING)
    assert "rule" in refused.value.errors
    with pytest.raises(InvalidValues, match="at most once an hour"):
        subscribe(mona, PERIOD, "FREQ=MINUTELY", "pdf", MONDAY_EVENING)
