"""The ticket list page: who sees what, filters, errors, order, pages, saved filters and the CSV download."""
import csv
import io
from datetime import UTC, datetime, timedelta

import lxml.html
import pytest

from app.servicedesk.search.saved_filters import list_filters, save_filter


def page_of(response) -> lxml.html.HtmlElement:  # type: ignore[no-untyped-def]
    """Parse an HTML answer."""
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return lxml.html.fromstring(response.get_data(as_text=True))


def listed(response) -> list[str]:  # type: ignore[no-untyped-def]
    """Return the ticket numbers of the list's rows, top to bottom."""
    return [row.get("data-number") for row in page_of(response).xpath("//table[@data-testid='ticket-list']/tbody/tr")]


def test_signed_out_visitor_is_sent_to_sign_in(client) -> None:
    response = client.get("/tickets")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("login", ["rita", "sam", "lee", "mona", "carl", "olga", "audrey", "adam"])
def test_every_signed_in_person_opens_the_list(client, sign_in, demo, login) -> None:
    sign_in(login)
    html = page_of(client.get("/tickets"))
    assert html.xpath("//form[@role='search']") and html.xpath("//aside[contains(@class, 'saved-filters')]")


def test_requester_sees_only_their_own_tickets(client, sign_in, make_ticket) -> None:
    own = make_ticket(requester="rita")
    make_ticket(requester="carl")
    sign_in("rita")
    assert listed(client.get("/tickets")) == [own.number]


def test_agent_sees_their_groups_tickets_and_manager_sees_all(client, sign_in, make_ticket) -> None:
    desk = make_ticket(requester="carl", assigned_group="service-desk")
    cab = make_ticket(requester="carl", assigned_group="cab")
    sign_in("sam")
    assert listed(client.get("/tickets")) == [desk.number]
    sign_in("mona")
    assert listed(client.get("/tickets")) == [cab.number, desk.number]


def test_rows_show_the_columns_in_plain_words_and_link_to_the_ticket(client, sign_in, make_ticket) -> None:
    ticket = make_ticket(title="VPN down", status="pending_requester", priority="P2", assignee="sam",
                         resolution_due_at=datetime(2030, 1, 3, tzinfo=UTC))
    sign_in("rita")
    row = page_of(client.get("/tickets")).xpath("//table[@data-testid='ticket-list']/tbody/tr")[0]
    cells = [" ".join(cell.text_content().split()) for cell in row.xpath("./td")]
    assert cells[:7] == [ticket.number, "VPN down", "Waiting for your answer", "P2", "service-desk",
                         "Sam Service-Desk", "Rita Requester"]
    assert row.xpath("./td//a")[0].get("href") == f"/tickets/{ticket.number}"
    sign_in("sam")
    assert "Pending requester" in client.get("/tickets").get_data(as_text=True)  # staff wording


def test_filters_narrow_the_list_and_stay_filled_in(client, sign_in, make_ticket) -> None:
    wanted = make_ticket(status="assigned", assigned_group="second-line", title="Disk full on db-01")
    make_ticket(status="closed", assigned_group="second-line", title="Disk full on db-02")
    make_ticket(status="assigned", assigned_group="service-desk", title="Disk full on db-03")
    sign_in("mona")
    response = client.get("/tickets?status=assigned&status=new&group=second-line&q=disk")
    assert listed(response) == [wanted.number]
    html = page_of(response)
    assert html.xpath("//*[@id='q']")[0].get("value") == "disk"
    assert [box.get("value") for box in html.xpath("//input[@name='status'][@checked]")] == ["new", "assigned"]
    assert html.xpath("//*[@id='group']/option[@selected]")[0].get("value") == "second-line"


def test_more_filters_open_when_one_of_them_is_used(client, sign_in, make_ticket) -> None:
    sign_in("mona")
    assert page_of(client.get("/tickets")).xpath("//details[@class='more-filters']")[0].get("open") is None
    assert page_of(client.get("/tickets?requester=rita")).xpath("//details[@class='more-filters']")[0].get("open") is not None


def test_unknown_status_and_bad_date_are_shown_next_to_their_fields(client, sign_in, make_ticket) -> None:
    make_ticket()
    sign_in("mona")
    html = page_of(client.get("/tickets?status=open&created_from=31.01.2030"))
    assert "'open' is not a status; use one of new, assigned" in html.xpath("//*[@id='status-error']")[0].text
    assert "YYYY-MM-DD" in html.xpath("//*[@id='created_from-error']")[0].text
    assert html.xpath("//*[@id='created_from']")[0].get("aria-invalid") == "true"
    assert html.xpath("//table[@data-testid='ticket-list']") == []
    assert "Correct the marked filters" in html.xpath("//p[@class='empty']")[0].text_content()


def test_sort_order_is_chosen_in_the_form(client, sign_in, make_ticket) -> None:
    first, second = make_ticket(priority="P3"), make_ticket(priority="P1")
    sign_in("mona")
    assert listed(client.get("/tickets")) == [second.number, first.number]
    assert listed(client.get("/tickets?sort=oldest")) == [first.number, second.number]
    assert listed(client.get("/tickets?sort=priority")) == [second.number, first.number]


def test_pages_go_forward_and_back_with_the_filters_kept(client, sign_in, make_ticket) -> None:
    made = [make_ticket(title=f"Disk {n}") for n in range(55)]
    make_ticket(title="Printer")
    sign_in("mona")
    first = client.get("/tickets?q=disk")
    assert listed(first) == [ticket.number for ticket in reversed(made)][:50]
    html = page_of(first)
    assert html.xpath("//a[@rel='prev']") == []
    next_url = html.xpath("//a[@rel='next']")[0].get("href")
    assert "q=disk" in next_url
    second = client.get(next_url)
    assert listed(second) == [ticket.number for ticket in reversed(made[:5])]
    html = page_of(second)
    assert html.xpath("//a[@rel='next']") == []
    assert listed(client.get(html.xpath("//a[@rel='prev']")[0].get("href"))) == listed(first)


def test_damaged_page_link_starts_from_the_first_page(client, sign_in, make_ticket) -> None:
    ticket = make_ticket()
    sign_in("mona")
    response = client.get("/tickets?after=not-a-cursor")
    assert listed(response) == [ticket.number]
    assert "A page link was damaged" in response.get_data(as_text=True)


def test_empty_states_say_why_the_list_is_empty(client, sign_in, make_ticket) -> None:
    sign_in("rita")
    assert "There are no tickets for you to see yet." in client.get("/tickets").get_data(as_text=True)
    make_ticket(requester="rita")
    assert "No ticket you may see matches these filters." in client.get("/tickets?q=zebra").get_data(as_text=True)


def test_overdue_rows_are_marked(client, sign_in, make_ticket, clock) -> None:
    late = make_ticket(resolution_due_at=clock.now() - timedelta(hours=1))
    make_ticket(resolution_due_at=clock.now() + timedelta(hours=1))
    sign_in("mona")
    response = client.get("/tickets")
    assert [row.get("data-number") for row in page_of(response).xpath("//tr[@class='overdue']")] == [late.number]
    assert listed(client.get("/tickets?overdue=1")) == [late.number]


def test_export_link_carries_the_filters_and_downloads_every_visible_match(client, sign_in, make_ticket) -> None:
    own = [make_ticket(requester="rita", title=f"=Disk {n}") for n in range(3)]
    make_ticket(requester="carl", title="Disk of carl")
    make_ticket(requester="rita", title="Printer")
    sign_in("rita")
    link = page_of(client.get("/tickets?q=disk&sort=oldest")).xpath("//*[@data-testid='export-csv']")[0].get("href")
    assert link == "/tickets/export.csv?q=disk&sort=oldest"
    response = client.get(link)
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="tickets-')
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))
    assert [(row["number"], row["title"]) for row in rows] == [(ticket.number, "'" + ticket.title) for ticket in own]


def test_export_with_a_bad_filter_returns_to_the_list_with_the_reason(client, sign_in, demo) -> None:
    sign_in("mona")
    response = client.get("/tickets/export.csv?status=open")
    assert response.status_code == 302 and response.headers["Location"] == "/tickets?status=open"
    assert "'open' is not a status" in page_of(client.get(response.headers["Location"])).text_content()


def test_person_saves_applies_and_deletes_a_filter(client, sign_in, make_ticket) -> None:
    wanted = make_ticket(status="new", priority="P1")
    make_ticket(status="new", priority="P3")
    sign_in("sam")
    response = client.post("/tickets/filters", data={"name": "New P1s", "query": "status=new&priority=P1&after=x"})
    assert response.status_code == 302 and response.headers["Location"] == "/tickets?status=new&priority=P1"
    html = page_of(client.get("/tickets"))
    (link,) = html.xpath("//aside[contains(@class, 'saved-filters')]//li/a[not(@class)]")
    assert (link.text, link.get("href")) == ("New P1s", "/tickets?status=new&priority=P1")
    assert listed(client.get(link.get("href"))) == [wanted.number]
    delete_url = html.xpath("//aside[contains(@class, 'saved-filters')]//a[@class='delete-filter']")[0].get("href")
    confirm = page_of(client.get(delete_url))
    assert "New P1s" in confirm.xpath("//h1")[0].text
    assert list_filters("sam") != []  # asking is not deleting
    response = client.post(delete_url)
    assert response.status_code == 302
    assert list_filters("sam") == []
    assert "was deleted" in client.get("/tickets").get_data(as_text=True)


def test_saving_without_a_name_says_so_and_keeps_the_list(client, sign_in, demo) -> None:
    sign_in("sam")
    response = client.post("/tickets/filters", data={"name": " ", "query": "status=new"})
    assert response.headers["Location"] == "/tickets?status=new"
    assert "Enter a name for the filter." in client.get("/tickets").get_data(as_text=True)
    assert list_filters("sam") == []


def test_nobody_deletes_someone_elses_filter(client, sign_in, runtime, demo) -> None:
    save_filter(runtime, "lee", "Mine", "status=new")
    (saved,) = list_filters("lee")
    sign_in("sam")
    assert client.get(f"/tickets/filters/{saved.id}/delete").status_code == 404
    assert client.post(f"/tickets/filters/{saved.id}/delete").status_code == 404
    assert [item.name for item in list_filters("lee")] == ["Mine"]


def test_agent_filters_by_assignee_requester_and_ci_through_pickers(client, sign_in, demo) -> None:
    sign_in("sam")
    html = page_of(client.get("/tickets"))
    assert html.xpath("//input[@id='assignee']/@data-picker") == ["/pickers/users"]
    assert html.xpath("//input[@id='requester']/@data-picker") == ["/pickers/users"]
    assert html.xpath("//input[@id='ci']/@data-picker") == ["/pickers/cis"]
    assert html.xpath("//script[contains(@src, 'picker.js')]") and html.xpath("//link[contains(@href, 'picker.css')]")


def test_requester_gets_no_people_picker_she_may_not_use(client, sign_in, demo) -> None:
    sign_in("rita")
    html = page_of(client.get("/tickets"))
    assert not html.xpath("//input[@data-picker]")
