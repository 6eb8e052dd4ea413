"""The admins' list of undeliverable addresses: whose each is, since when and why, with the mark cleared from it."""
from datetime import timedelta

import lxml.html
import pytest

from app.extensions import db
from app.messaging.mail.bounces import list_undeliverable
from app.messaging.mail.models import UndeliverableAddress
from app.platform.errors import NotAllowed
from app.platform.transactions import run_unit

RITA = "rita@flowdesk.example"


def mark(clock, address: str, hours_ago: int, reason: str, cleared: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Mark an address undeliverable some hours ago (and cleared, when asked)."""
    at = clock.now() - timedelta(hours=hours_ago)
    run_unit(lambda: db.session.add(UndeliverableAddress(
        address=address, status="5.1.1", reason=reason, bounced_at=at,
        cleared_at=clock.now() if cleared else None, cleared_by="adam" if cleared else None)))


def rows_of(page: str) -> list[list[str]]:
    """Return the list's rows as lists of cell texts."""
    table = lxml.html.fromstring(page).find(".//table")
    return [[" ".join(cell.text_content().split()) for cell in row.iter("td")] for row in table.iter("tr")
            if row.find("td") is not None]


def test_admin_sees_every_undeliverable_address_with_whose_it_is_latest_first(client, sign_in, demo, clock) -> None:
    mark(clock, RITA, 30, "550 5.1.1 User unknown")
    mark(clock, "old.supplier@partner.example", 2, "550 5.1.2 Host not found")
    mark(clock, "sam@flowdesk.example", 1, "550 mailbox gone", cleared=True)
    sign_in("adam")
    page = client.get("/admin/mail/bounces").get_data(as_text=True)
    (stranger, rita) = rows_of(page)
    assert stranger[:2] == ["No account has this address", "old.supplier@partner.example"]
    assert stranger[3] == "550 5.1.2 Host not found (5.1.1)"
    assert rita[:2] == ["Rita Requester", RITA] and rita[3:] == ["550 5.1.1 User unknown (5.1.1)", "Clear the mark"]
    assert 'href="/admin/users/rita"' in page and "sam@flowdesk.example" not in page
    assert 'aria-current="page">Undeliverable addresses</a>' in page


def test_admin_clears_a_mark_from_the_list_and_comes_back_to_it(client, sign_in, demo, clock) -> None:
    mark(clock, RITA, 3, "550 5.1.1 User unknown")
    sign_in("adam")
    cleared = client.post("/admin/mail/bounces/clear", data={"address": RITA, "next": "/admin/mail/bounces"})
    assert cleared.status_code == 302 and cleared.headers["Location"].endswith("/admin/mail/bounces")
    page = client.get("/admin/mail/bounces").get_data(as_text=True)
    assert "No address is marked undeliverable: all mail can be sent." in page


def test_an_agent_may_not_list_the_undeliverable_addresses(app, demo, make_actor) -> None:
    with pytest.raises(NotAllowed, match="only administrators"):
        list_undeliverable(make_actor("sam", "agent"))


def test_a_mark_whose_report_gave_no_diagnostic_says_its_status_in_the_readers_language(client, sign_in, demo,
                                                                                        clock) -> None:
    mark(clock, RITA, 2, "")  # the report said nothing but its status: FlowDesk's words, said when read
    mark(clock, "old.supplier@partner.example", 1, "550 5.1.2 Host not found")
    sign_in("adam")
    (_, rita) = rows_of(client.get("/admin/mail/bounces").get_data(as_text=True))
    assert rita[3] == "delivery status 5.1.1 (5.1.1)"
    client.post("/language", data={"language": "zh_CN", "next": "/admin/mail/bounces"})
    (stranger, rita) = rows_of(client.get("/admin/mail/bounces").get_data(as_text=True))
    assert (rita[3], stranger[3]) == ("投递状态 5.1.1 (5.1.1)", "550 5.1.2 Host not found (5.1.1)")  # the server's words
