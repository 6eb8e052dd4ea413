"""The calendar pages: FullCalendar's events for a range, and a person's ICS feed made, read and revoked."""
import re

from icalendar import Calendar

from tests.change_calendar.conftest import ChangeDesk


def test_an_agent_reads_events_and_a_feed_that_stops_when_revoked(changes: ChangeDesk, client, sign_in) -> None:  # type: ignore[no-untyped-def]
    database = changes.ci("db-01")
    booked = changes.change("Upgrade PostgreSQL")
    changes.book(booked, "2026-09-05T22:00:00+08:00", "2026-09-06T02:00:00+08:00", [database])
    sign_in("sam")
    events = client.get("/changes/calendar/events?start=2026-08-31T00:00:00%2B08:00&end=2026-10-12T00:00:00%2B08:00"
                        f"&ci={database}").get_json()
    assert [(event["title"], event["start"], event["url"]) for event in events] == [
        (f"{booked.number} Upgrade PostgreSQL", "2026-09-05T14:00:00+00:00", f"/tickets/{booked.number}")]
    page = client.post("/changes/calendar/feed").get_data(as_text=True)
    address = re.search(r'value="(http[^"]+\.ics)"', page).group(1)  # type: ignore[union-attr]
    feed = client.get(address.removeprefix("http://localhost"))
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    assert [str(event["uid"]) for event in Calendar.from_ical(feed.data).walk("VEVENT")] == [
        f"{booked.number.lower()}@flowdesk"]
    client.post("/changes/calendar/feed/revoke")
    assert client.get(address.removeprefix("http://localhost")).status_code == 404


def test_a_requester_is_told_nothing_of_the_calendar(changes: ChangeDesk, client, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in("rita")
    assert client.get("/changes/calendar").status_code == 404
    assert client.get("/changes/calendar/events").status_code == 404
