"""The collision check refuses what collides: the same CI, a CI a few relations away, a freeze on a Chinese public
holiday, a window outside a CI's maintenance window; the same implementer twice is a warning."""
import pytest

from app.platform.errors import InvalidValues, NotAllowed
from app.servicedesk.change_calendar.settings import WindowValues, save_schedule_rules, save_window
from tests.change_calendar.conftest import ChangeDesk, person


def rules_of(check) -> list[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    """Return (rule, severity, other change) of each conflict."""
    return [(item.rule, item.severity, item.other_change) for item in check.conflicts]


def test_a_change_on_a_ci_booked_at_the_same_time_is_blocked(changes: ChangeDesk) -> None:
    database = changes.ci("db-01")
    booked, mine = changes.change("Upgrade PostgreSQL"), changes.change("Patch the kernel")
    changes.book(booked, "2026-09-05T22:00:00+08:00", "2026-09-06T02:00:00+08:00", [database])
    check = changes.check(mine, "2026-09-06T01:00:00+08:00", "2026-09-06T03:00:00+08:00", [database])
    assert check.blocked and rules_of(check) == [("same_ci", "block", booked.number)]
    conflict = check.conflicts[0]
    assert conflict.ci == database and "db-01" in conflict.message
    later = changes.check(mine, "2026-09-06T02:00:00+08:00", "2026-09-06T04:00:00+08:00", [database])
    assert later.conflicts == [], "a window starting as the other ends does not overlap it"


def test_a_change_two_relations_away_is_blocked_and_three_away_is_not(changes: ChangeDesk) -> None:
    app_ci, middle, database, storage = changes.chain("billing-app", "billing-vm", "db-01", "san-01")
    save_schedule_rules(person("adam"), {"related_ci": "block"}, 2, changes.clock.now())
    on_database, on_storage = changes.change("Upgrade PostgreSQL"), changes.change("Replace SAN disks")
    changes.book(on_database, "2026-09-05T22:00:00+08:00", "2026-09-06T02:00:00+08:00", [database])
    changes.book(on_storage, "2026-09-05T22:00:00+08:00", "2026-09-06T02:00:00+08:00", [storage])
    mine = changes.change("Deploy billing 2.0")
    check = changes.check(mine, "2026-09-05T23:00:00+08:00", "2026-09-06T01:00:00+08:00", [app_ci])
    assert rules_of(check) == [("related_ci", "block", on_database.number)]
    assert "2 relation(s) from billing-app" in check.conflicts[0].message
    save_schedule_rules(person("adam"), {"related_ci": "block"}, 3, changes.clock.now())
    wider = changes.check(mine, "2026-09-05T23:00:00+08:00", "2026-09-06T01:00:00+08:00", [app_ci])
    assert sorted(item.other_change for item in wider.conflicts) == [on_database.number, on_storage.number]


def test_a_freeze_on_every_chinese_public_holiday_blocks_national_day(changes: ChangeDesk) -> None:
    router = changes.ci("core-router")
    save_window(person("adam"), WindowValues("Public holiday freeze", "freeze", "FREQ=DAILY", "2026-01-01T00:00",
                                             24 * 60, "Asia/Shanghai", "China office hours", "only"),
                changes.clock.now())
    mine = changes.change("Replace the router")
    national_day = changes.check(mine, "2026-10-02T22:00:00+08:00", "2026-10-02T23:00:00+08:00", [router])
    assert rules_of(national_day) == [("freeze", "block", None)]
    assert national_day.conflicts[0].starts_at.isoformat() == "2026-10-01T16:00:00+00:00"  # 2 October, Shanghai
    working_day = changes.check(mine, "2026-10-12T22:00:00+08:00", "2026-10-12T23:00:00+08:00", [router])
    assert working_day.conflicts == []


def test_a_maintenance_window_recurs_in_shanghai_time(changes: ChangeDesk) -> None:
    database = changes.ci("db-01")
    save_window(person("adam"), WindowValues("Sunday night", "maintenance", "FREQ=WEEKLY;BYDAY=SU",
                                             "2026-01-04T02:00", 4 * 60, "Asia/Shanghai", ci_ids=(database,)),
                changes.clock.now())
    mine = changes.change("Patch PostgreSQL")
    inside = changes.check(mine, "2026-09-06T02:30:00+08:00", "2026-09-06T05:30:00+08:00", [database])
    assert inside.conflicts == [], "Sunday 02:00-06:00 Shanghai (Saturday 18:00-22:00 UTC) holds the window"
    outside = changes.check(mine, "2026-09-06T02:30:00+00:00", "2026-09-06T03:30:00+00:00", [database])
    assert rules_of(outside) == [("maintenance", "warning", None)] and not outside.blocked
    other = changes.ci("mail-01")
    assert changes.check(mine, "2026-09-06T02:30:00+00:00", "2026-09-06T03:30:00+00:00", [other]).conflicts == []


def test_the_same_implementer_booked_twice_is_a_warning(changes: ChangeDesk) -> None:
    first, second = changes.ci("web-01"), changes.ci("web-02")
    booked, mine = changes.change("Renew certificates"), changes.change("Rotate logs")
    changes.book(booked, "2026-09-05T22:00:00+08:00", "2026-09-06T02:00:00+08:00", [first], implementer="lee")
    check = changes.check(mine, "2026-09-05T23:00:00+08:00", "2026-09-06T00:00:00+08:00", [second],
                          implementer="lee")
    assert rules_of(check) == [("implementer", "warning", booked.number)] and not check.blocked
    assert changes.check(mine, "2026-09-05T23:00:00+08:00", "2026-09-06T00:00:00+08:00", [second],
                         implementer="sam").conflicts == []


def test_admins_set_a_rule_to_warning_and_an_invalid_rrule_is_refused_by_name(changes: ChangeDesk) -> None:
    database = changes.ci("db-01")
    booked, mine = changes.change("Upgrade PostgreSQL"), changes.change("Patch the kernel")
    changes.book(booked, "2026-09-05T22:00:00+08:00", "2026-09-06T02:00:00+08:00", [database])
    save_schedule_rules(person("adam"), {"same_ci": "warning"}, 2, changes.clock.now())
    check = changes.check(mine, "2026-09-05T23:00:00+08:00", "2026-09-06T00:00:00+08:00", [database])
    assert rules_of(check) == [("same_ci", "warning", booked.number)] and not check.blocked
    with pytest.raises(InvalidValues) as refused:
        save_window(person("adam"), WindowValues("Bad", "freeze", "FREQ=FORTNIGHTLY", "2026-01-01T00:00", 60,
                                                 "Asia/Shanghai"), changes.clock.now())
    assert list(refused.value.errors) == ["rrule"] and "RFC 5545" in refused.value.errors["rrule"][0]
    with pytest.raises(NotAllowed):
        save_schedule_rules(person("carl"), {"same_ci": "off"}, 2, changes.clock.now())


def test_a_requester_may_not_check_a_window_and_a_past_start_is_refused(changes: ChangeDesk) -> None:
    database = changes.ci("db-01")
    mine = changes.change()
    with pytest.raises(NotAllowed):
        changes.check(mine, "2026-09-05T23:00:00+08:00", "2026-09-06T00:00:00+08:00", [database], who="rita")
    with pytest.raises(InvalidValues) as refused:
        changes.check(mine, "2026-08-05T23:00:00+08:00", "2026-08-06T00:00:00+08:00", [database])
    assert list(refused.value.errors) == ["start"]
