"""/api/v1/changes/{number}/schedule-check and /api/v1/change-calendar: each conflict with its rule, CI and other
change; 422 naming the field; the calendar as JSON and iCalendar; requesters see none of it."""
from icalendar import Calendar

from app.organisation.policies import system_actor
from app.servicedesk.change_calendar.settings import WindowValues, save_window
from tests.change_calendar.conftest import ChangeDesk, changes  # noqa: F401  (the change calendar's driver)


def test_schedule_check_answers_each_conflict_and_refuses_bad_fields(api, changes: ChangeDesk, documented) -> None:  # noqa: F811
    database = changes.ci("db-01")
    booked, mine = changes.change("Upgrade PostgreSQL"), changes.change("Patch the kernel")
    changes.book(booked, "2026-09-05T22:00:00+08:00", "2026-09-06T02:00:00+08:00", [database], implementer="lee")
    body = {"start": "2026-09-06T01:00:00+08:00", "end": "2026-09-06T03:00:00+08:00", "ci_ids": [database],
            "implementer": "lee"}
    checked = api.post(f"/changes/{mine.number.lower()}/schedule-check", "sam", body)
    assert checked.status_code == 200, checked.get_json()
    documented(checked, "check_change_schedule")
    answer = checked.get_json()
    assert answer["blocked"] is True and answer["change"] == mine.number
    assert [(item["rule"], item["severity"], item["ci"], item["other_change"]) for item in answer["conflicts"]] == [
        ("same_ci", "block", database, booked.number), ("implementer", "warning", None, booked.number)]
    assert answer["conflicts"][0]["starts_at"] == "2026-09-05T14:00:00+00:00"
    for bad, field in (({**body, "start": "tomorrow night"}, "start"), ({**body, "ci_ids": [99999]}, "ci_ids"),
                       ({**body, "end": "2026-09-06T00:00:00+08:00"}, "end"), ({**body, "ci_ids": []}, "ci_ids"),
                       ({**body, "implementer": "nobody"}, "implementer")):
        refused = api.post(f"/changes/{mine.number}/schedule-check", "sam", bad)
        assert refused.status_code == 422 and list(refused.get_json()["errors"]) == [field], refused.get_json()
    documented(refused, "check_change_schedule")
    assert api.post("/changes/CHG-999999/schedule-check", "sam", body).status_code == 404
    assert api.post(f"/changes/{mine.number}/schedule-check", "rita", body).status_code == 403


def test_the_calendar_as_json_and_ics_shows_bookings_and_windows(api, changes: ChangeDesk, documented) -> None:  # noqa: F811
    database, mail = changes.ci("db-01"), changes.ci("mail-01")
    booked = changes.change("Upgrade PostgreSQL")
    changes.book(booked, "2026-09-05T22:00:00+08:00", "2026-09-06T02:00:00+08:00", [database])
    save_window(system_actor(), WindowValues("Sunday night", "maintenance", "FREQ=WEEKLY;BYDAY=SU",
                                             "2026-01-04T02:00", 240, "Asia/Shanghai"), changes.clock.now())
    week = "from=2026-09-01T00:00:00%2B08:00&to=2026-09-08T00:00:00%2B08:00"
    shown = api.get(f"/change-calendar?{week}", "sam")
    assert shown.status_code == 200, shown.get_json()
    documented(shown, "change_calendar")
    entries = [(entry["kind"], entry["ticket"], entry["starts_at"]) for entry in shown.get_json()["entries"]]
    assert entries == [("change", booked.number, "2026-09-05T14:00:00+00:00"),
                       ("maintenance", None, "2026-09-05T18:00:00+00:00")]
    on_mail = api.get(f"/change-calendar?{week}&ci={mail}", "sam").get_json()["entries"]
    assert [entry["kind"] for entry in on_mail] == ["maintenance"]
    ics = api.get(f"/change-calendar.ics?{week}", "carl")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    events = Calendar.from_ical(ics.data).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == [f"{booked.number} Upgrade PostgreSQL",
                                                           "Maintenance: Sunday night"]
    backwards = api.get("/change-calendar?from=2026-09-08T00:00:00Z&to=2026-09-01T00:00:00Z", "sam")
    assert backwards.status_code == 422 and list(backwards.get_json()["errors"]) == ["to"]
    assert api.get("/change-calendar?from=next+week", "sam").status_code == 422
    assert api.get("/change-calendar", "rita").status_code == 403
