"""Finding tickets: every filter, full-text search over tickets and notes, sort orders, keyset pages, visibility."""
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cmdb.items import create_ci, save_ci_type
from app.extensions import db
from app.organisation.departments import add_department
from app.organisation.models import User
from app.organisation.policies import may_see_ticket, system_actor
from app.platform.errors import InvalidValues, NotFound
from app.servicedesk.search import fulltext as ticket_text
from app.servicedesk.search.filters import parse_ticket_query
from app.servicedesk.search.lookup import search_tickets
from app.servicedesk.tickets.categories import create_category
from app.servicedesk.tickets.notes import add_note
from app.servicedesk.tickets.records import log_ticket
from app.servicedesk.tickets.visibility import find_visible_ticket
from app.workflow.deployment import deploy_diagram

PROCESSES = Path(__file__).parents[2] / "processes"


def numbers(actor, query_string: str = "", now=None, **paging) -> list[str]:  # type: ignore[no-untyped-def]
    """Return the numbers of the first page an actor gets for a query string like 'status=new&sort=oldest'."""
    pairs = [tuple(part.split("=", 1)) for part in query_string.split("&") if part]
    query = parse_ticket_query(pairs, actor.timezone)
    page = search_tickets(actor, query, now or datetime(2030, 1, 1, tzinfo=UTC), **paging)
    return [row.number for row in page.rows]


@pytest.mark.parametrize(("parameter", "value", "matching", "other"), [
    ("kind", "request", {"kind": "request"}, {"kind": "incident"}),
    ("status", "in_progress", {"status": "in_progress"}, {"status": "new"}),
    ("priority", "P1", {"priority": "P1"}, {"priority": "P2"}),
    ("impact", "high", {"impact": "high"}, {"impact": "low"}),
    ("urgency", "low", {"urgency": "low"}, {"urgency": "medium"}),
    ("channel", "email", {"channel": "email"}, {"channel": "portal"}),
    ("group", "second-line", {"assigned_group": "second-line"}, {"assigned_group": "service-desk"}),
    ("assignee", "lee", {"assignee": "lee"}, {"assignee": "sam"}),
    ("requester", "sam", {"requester": "sam"}, {"requester": "rita"}),
    ("reassigned", "2", {"reassignment_count": 3}, {"reassignment_count": 1}),
])
def test_manager_filters_by_a_field(make_ticket, actor, parameter, value, matching, other) -> None:
    wanted = make_ticket(**matching)
    make_ticket(**other)
    assert numbers(actor("mona"), f"{parameter}={value}") == [wanted.number]


def test_manager_filters_by_number_whatever_its_case(make_ticket, actor) -> None:
    wanted = make_ticket()
    make_ticket()
    assert numbers(actor("mona"), f"number={wanted.number.lower()}") == [wanted.number]


def test_several_statuses_match_any_of_them_repeated_or_comma_separated(make_ticket, actor) -> None:
    new, assigned = make_ticket(status="new"), make_ticket(status="assigned")
    make_ticket(status="closed")
    expected = [assigned.number, new.number]
    assert numbers(actor("mona"), "status=new&status=assigned") == expected
    assert numbers(actor("mona"), "status=new,assigned") == expected


def test_category_filter_includes_the_categories_below_it(make_ticket, actor) -> None:
    hardware = create_category("Hardware")
    printers = create_category("Printers", parent_id=hardware.id)
    software = create_category("Software")
    top, below = make_ticket(category_id=hardware.id), make_ticket(category_id=printers.id)
    make_ticket(category_id=software.id)
    make_ticket()
    assert numbers(actor("mona"), f"category={hardware.id}") == [below.number, top.number]
    assert numbers(actor("mona"), f"category={printers.id}") == [below.number]


def test_department_filter_includes_the_departments_below_it(make_ticket, actor) -> None:
    service_desk = db.session.query(User).filter_by(login="sam").one().department_id
    parent = add_department(system_actor(), "Head office")
    child = add_department(system_actor(), "Branch", parent.id)
    in_child = make_ticket(requester_department_id=child.id)
    make_ticket(requester_department_id=service_desk)
    assert numbers(actor("mona"), f"department={parent.id}") == [in_child.number]


def test_ci_filter_takes_the_ci_number_or_its_name(runtime, make_ticket, actor, admin_actor) -> None:
    save_ci_type(admin_actor, "server", "Server", [])
    database = create_ci(admin_actor, runtime.clock, "server", {"name": "db-01", "owner_group": "second-line"})
    mail = create_ci(admin_actor, runtime.clock, "server", {"name": "mail-01", "owner_group": "second-line"})
    on_database = make_ticket(ci_id=database.id)
    make_ticket(ci_id=mail.id)
    assert numbers(actor("mona"), f"ci={database.id}") == [on_database.number]
    assert numbers(actor("mona"), "ci=db-01") == [on_database.number]


def test_created_dates_are_whole_days_in_the_users_time_zone(make_ticket, actor) -> None:
    # Sam works in Asia/Shanghai (UTC+8): his 2 January runs from 1 January 16:00 to 2 January 16:00 UTC.
    before = make_ticket(created_at=datetime(2030, 1, 1, 15, 59, tzinfo=UTC))
    first = make_ticket(created_at=datetime(2030, 1, 1, 16, 0, tzinfo=UTC))
    last = make_ticket(created_at=datetime(2030, 1, 2, 15, 59, tzinfo=UTC))
    make_ticket(created_at=datetime(2030, 1, 2, 16, 0, tzinfo=UTC))
    assert numbers(actor("sam"), "created_from=2030-01-02&created_to=2030-01-02") == [last.number, first.number]
    assert numbers(actor("sam"), "created_to=2030-01-01") == [before.number]


def test_updated_range_takes_moments_with_an_offset(make_ticket, actor) -> None:
    make_ticket(updated_at=datetime(2030, 1, 5, 8, 0, tzinfo=UTC))
    late = make_ticket(updated_at=datetime(2030, 1, 5, 10, 0, tzinfo=UTC))
    assert numbers(actor("mona"), "updated_from=2030-01-05T17:00:00+08:00") == [late.number]


def test_overdue_means_a_deadline_passed_and_not_met(make_ticket, actor) -> None:
    now = datetime(2030, 1, 10, tzinfo=UTC)
    past, future = now - timedelta(hours=1), now + timedelta(hours=1)
    late_response = make_ticket(response_due_at=past)
    late_resolution = make_ticket(status="in_progress", responded_at=past, resolution_due_at=past)
    make_ticket(response_due_at=past - timedelta(hours=1), responded_at=past)  # responded in time
    make_ticket(status="resolved", resolution_due_at=past, resolved_at=now, responded_at=past)  # resolved late
    make_ticket(status="cancelled", response_due_at=past)
    make_ticket(response_due_at=future, resolution_due_at=future)
    expected = [late_resolution.number, late_response.number]
    assert numbers(actor("mona"), "overdue=1", now=now) == expected
    page = search_tickets(actor("mona"), parse_ticket_query([]), now)
    assert [row.number for row in page.rows if row.overdue] == expected


def test_text_search_finds_words_in_title_description_and_notes(runtime, make_note, make_ticket, actor) -> None:
    in_title = make_ticket(title="VPN drops every hour")
    in_description = make_ticket(title="Laptop", description="The vpn client shows error 809.")
    in_note = make_ticket(title="Network", description="Slow.")
    make_note(in_note, "sam", "Reinstalled the VPN profile.")
    make_ticket(title="Printer jam", description="Tray 2.")
    expected = [in_note.number, in_description.number, in_title.number]
    assert numbers(actor("mona"), "q=vpn") == expected


def test_text_search_needs_every_word_somewhere_on_the_ticket(runtime, make_note, make_ticket, actor) -> None:
    both = make_ticket(title="Printer on fire", description="Third floor.")
    split = make_ticket(title="Printer jam", description="Paper.")
    make_note(split, "sam", "The floor was wet.")
    make_ticket(title="Printer jam", description="Tray 2.")
    assert numbers(actor("mona"), "q=printer floor") == [split.number, both.number]


def test_text_search_finds_chinese_words_of_any_length(runtime, make_note, make_ticket, actor) -> None:
    printer = make_ticket(title="三楼打印机无法打印", description="卡纸。")
    network = make_ticket(title="Slow", description="Office.")
    make_note(network, "lee", "已更换交换机，网络恢复。")
    make_ticket(title="邮件无法发送", description="Outlook 报错。")
    assert numbers(actor("mona"), "q=打印机") == [printer.number]
    assert numbers(actor("mona"), "q=网络") == [network.number]  # two characters: substring match


def test_text_search_of_two_chinese_characters_matches_titles_and_notes(runtime, make_ticket, actor) -> None:
    printer = make_ticket(title="三楼打印机无法打印", description="卡纸。")
    mail = make_ticket(title="邮件无法发送", description="Outlook 报错。")
    make_ticket(title="Slow", description="Office.")
    assert numbers(actor("mona"), "q=无法") == [mail.number, printer.number]


def test_text_search_finds_a_ticket_by_its_number(make_ticket, actor) -> None:
    wanted = make_ticket(title="Mouse")
    make_ticket(title="Keyboard")
    assert numbers(actor("mona"), f"q={wanted.number.lower()}") == [wanted.number]


def test_text_search_treats_query_syntax_and_wildcards_as_plain_text(make_ticket, actor) -> None:
    percent = make_ticket(title="Disk at 100% on srv-01")
    make_ticket(title="Disk at 1000 on srv-02")
    make_ticket(title='He said "reboot" OR NOT')
    assert numbers(actor("mona"), "q=100%") == [percent.number]
    assert numbers(actor("mona"), 'q="reboot" OR NOT') != []
    assert numbers(actor("mona"), "q=_") == []


def test_text_search_finds_a_ticket_logged_through_the_service(runtime, actor, demo) -> None:
    deploy_diagram(runtime, (PROCESSES / "incident.bpmn").read_bytes(), "incident.bpmn", "owner")
    ticket = log_ticket(runtime, "incident", "Projector flickers", "Room 4.12 projector flickers green.", "rita",
                        None, None, "low", "low", actor("rita"))
    add_note(runtime, actor("sam"), ticket.number, "Replaced the HDMI cable.")  # internal: staff only
    add_note(runtime, actor("sam"), ticket.number, "The projector has a new lamp.", "public")
    assert numbers(actor("rita"), "q=flickers green") == [ticket.number]
    assert numbers(actor("rita"), "q=lamp") == [ticket.number]
    assert numbers(actor("rita"), "q=hdmi") == []
    assert numbers(actor("sam"), "q=hdmi") == [ticket.number]


@pytest.mark.parametrize(("sort", "expected"), [
    ("newest", ["d", "c", "b", "a"]),
    ("oldest", ["a", "b", "c", "d"]),
    ("updated", ["c", "a", "d", "b"]),
    ("priority", ["b", "d", "a", "c"]),
    ("resolution_due", ["c", "a", "b", "d"]),
])
def test_manager_sorts_the_list(make_ticket, actor, sort, expected) -> None:
    base = datetime(2030, 1, 1, tzinfo=UTC)
    make_ticket(title="a", priority="P3", updated_at=base + timedelta(days=3), resolution_due_at=base)
    make_ticket(title="b", priority="P1", updated_at=base + timedelta(days=1), resolution_due_at=None)
    make_ticket(title="c", priority="P4", updated_at=base + timedelta(days=4), resolution_due_at=base - timedelta(1))
    make_ticket(title="d", priority="P1", updated_at=base + timedelta(days=2), resolution_due_at=None)
    page = search_tickets(actor("mona"), parse_ticket_query([("sort", sort)]), base)
    assert [row.title for row in page.rows] == expected


def fill_for_paging(make_ticket) -> None:  # type: ignore[no-untyped-def]
    """Make seven tickets with equal and missing sort keys, so that pages split inside ties and at the tail."""
    base = datetime(2030, 1, 1, tzinfo=UTC)
    for n, (priority, due_days) in enumerate([("P2", 1), ("P1", None), ("P2", 1), ("P3", 2), ("P1", None),
                                              ("P2", None), ("P1", 0)]):
        make_ticket(title=f"t{n}", priority=priority, updated_at=base + timedelta(hours=n % 3),
                    resolution_due_at=base + timedelta(days=due_days) if due_days is not None else None)


@pytest.mark.parametrize("sort", ["newest", "oldest", "updated", "priority", "resolution_due"])
def test_keyset_pages_walk_forward_and_back_over_every_ticket_once(make_ticket, actor, sort) -> None:
    fill_for_paging(make_ticket)
    mona, now = actor("mona"), datetime(2030, 1, 1, tzinfo=UTC)
    query = parse_ticket_query([("sort", sort)])
    everything = [row.title for row in search_tickets(mona, query, now, limit=50).rows]
    pages, after = [], None
    while True:
        page = search_tickets(mona, query, now, after=after, limit=2)
        pages.append([row.title for row in page.rows])
        if page.next_after is None:
            break
        after = page.next_after
    assert [title for page_titles in pages for title in page_titles] == everything
    assert len(everything) == 7 and [len(titles) for titles in pages] == [2, 2, 2, 1]
    back, before = [], page.previous_before
    while before is not None:
        page = search_tickets(mona, query, now, before=before, limit=2)
        back.insert(0, [row.title for row in page.rows])
        before = page.previous_before
    assert back == pages[:-1]


def test_first_page_has_no_previous_and_last_page_no_next(make_ticket, actor) -> None:
    for _ in range(3):
        make_ticket()
    now = datetime(2030, 1, 1, tzinfo=UTC)
    first = search_tickets(actor("mona"), parse_ticket_query([]), now, limit=2)
    last = search_tickets(actor("mona"), parse_ticket_query([]), now, after=first.next_after, limit=2)
    assert (first.previous_before, first.next_after is not None) == (None, True)
    assert (last.previous_before is not None, last.next_after) == (True, None)


def test_empty_result_is_a_page_without_cursors(actor) -> None:
    page = search_tickets(actor("mona"), parse_ticket_query([("q", "nothing")]), datetime(2030, 1, 1, tzinfo=UTC))
    assert (page.rows, page.next_after, page.previous_before) == ([], None, None)


def make_visibility_cast(runtime, make_note, make_ticket) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Make tickets that only some people may see; return title -> number."""
    tickets = {
        "rita's": make_ticket(title="rita's", requester="rita", assigned_group="second-line"),
        "service desk's": make_ticket(title="service desk's", requester="carl", assigned_group="service-desk"),
        "second line's": make_ticket(title="second line's", requester="carl", assigned_group="second-line"),
        "assigned to sam": make_ticket(title="assigned to sam", requester="carl", assigned_group="second-line",
                                       assignee="sam"),
        "noted by sam": make_ticket(title="noted by sam", requester="carl", assigned_group="cab"),
        "sam's own": make_ticket(title="sam's own", requester="sam", assigned_group="cab"),
    }
    make_note(tickets["noted by sam"], "sam", "Asked the CAB.")
    return {title: ticket.number for title, ticket in tickets.items()}


def visible_titles(actor) -> set[str]:  # type: ignore[no-untyped-def]
    """Return the titles of every ticket an actor finds."""
    page = search_tickets(actor, parse_ticket_query([]), datetime(2030, 1, 1, tzinfo=UTC), limit=200)
    return {row.title for row in page.rows}


def test_requester_sees_only_their_own_tickets(runtime, make_note, make_ticket, actor) -> None:
    make_visibility_cast(runtime, make_note, make_ticket)
    assert visible_titles(actor("rita")) == {"rita's"}


def test_agent_sees_their_groups_tickets_and_those_they_worked_on(runtime, make_note, make_ticket, actor) -> None:
    make_visibility_cast(runtime, make_note, make_ticket)
    assert visible_titles(actor("sam")) == {"service desk's", "assigned to sam", "noted by sam", "sam's own"}
    assert visible_titles(actor("lee")) == {"rita's", "second line's", "assigned to sam"}


@pytest.mark.parametrize("login", ["mona", "audrey", "adam"])
def test_managers_auditors_and_admins_see_every_ticket(runtime, make_note, make_ticket, actor, login) -> None:
    titles = make_visibility_cast(runtime, make_note, make_ticket)
    assert visible_titles(actor(login)) == set(titles)


@pytest.mark.parametrize("login", ["rita", "sam", "lee", "mona", "carl", "olga", "audrey", "adam"])
def test_list_visibility_agrees_with_the_policy(runtime, make_note, make_ticket, actor, login) -> None:
    make_visibility_cast(runtime, make_note, make_ticket)
    person = actor(login)
    expected = {"rita's": ("rita", "second-line", False), "service desk's": ("carl", "service-desk", False),
                "second line's": ("carl", "second-line", False),
                "assigned to sam": ("carl", "second-line", login == "sam"),
                "noted by sam": ("carl", "cab", login == "sam"), "sam's own": ("sam", "cab", False)}
    allowed = {title for title, (requester, group, worked_on) in expected.items()
               if may_see_ticket(person, requester, group, worked_on)}
    assert visible_titles(person) == allowed


def test_reading_an_invisible_or_unknown_ticket_says_not_found_alike(runtime, make_note, make_ticket, actor) -> None:
    titles = make_visibility_cast(runtime, make_note, make_ticket)
    assert find_visible_ticket(actor("rita"), titles["rita's"].lower()).title == "rita's"
    with pytest.raises(NotFound) as invisible:
        find_visible_ticket(actor("rita"), titles["sam's own"])
    with pytest.raises(NotFound) as unknown:
        find_visible_ticket(actor("rita"), "INC-999999")
    assert str(invisible.value).replace(titles["sam's own"], "N") == str(unknown.value).replace("INC-999999", "N")


def test_unknown_status_is_refused_naming_the_value_and_the_choices() -> None:
    with pytest.raises(InvalidValues) as refused:
        parse_ticket_query([("status", "open")])
    assert "status" in refused.value.errors
    assert "'open' is not a status; use one of new, assigned" in str(refused.value)


def test_bad_date_is_refused_with_the_expected_format() -> None:
    with pytest.raises(InvalidValues) as refused:
        parse_ticket_query([("created_from", "31/01/2030"), ("updated_to", "2030-01-31T09:00:00")])
    assert set(refused.value.errors) == {"created_from", "updated_to"}
    assert "YYYY-MM-DD" in str(refused.value)


def test_range_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidValues) as refused:
        parse_ticket_query([("created_from", "2030-02-01"), ("created_to", "2030-01-01")])
    assert "swap the two dates" in refused.value.errors["created_to"][0]


@pytest.mark.parametrize(("parameter", "value"), [("sort", "random"), ("category", "abc"), ("department", "0"),
                                                  ("overdue", "maybe"), ("priority", "P9"), ("kind", "complaint"),
                                                  ("q", "x" * 201), ("reassigned", "-1")])
def test_other_bad_values_are_refused_under_their_parameter(parameter, value) -> None:
    with pytest.raises(InvalidValues) as refused:
        parse_ticket_query([(parameter, value)])
    assert list(refused.value.errors) == [parameter]


def test_a_cursor_the_list_did_not_give_out_is_refused(make_ticket, actor) -> None:
    make_ticket()
    query = parse_ticket_query([("sort", "updated")])
    with pytest.raises(InvalidValues) as refused:
        search_tickets(actor("mona"), query, datetime(2030, 1, 1, tzinfo=UTC), after="bm9uc2Vuc2U")
    assert list(refused.value.errors) == ["after"]


@pytest.mark.parametrize("threshold", [0, 10**9])
def test_both_shapes_of_a_search_word_find_the_same_tickets(runtime, make_note, make_ticket, actor, monkeypatch,
                                                            threshold) -> None:
    # Common words are checked row by row (threshold 0: every word), rare ones collected from the search
    # indexes first (a huge threshold: every word).
    monkeypatch.setattr(ticket_text, "SET_THRESHOLDS", {"sqlite": threshold, "postgresql": threshold})
    vpn = make_ticket(title="VPN drops", description="Since Monday.")
    noted = make_ticket(title="Laptop", description="Slow.")
    make_note(noted, "sam", "The VPN client was outdated; Monday's update fixed it.")
    make_ticket(title="Printer", description="Jammed since Monday.")
    assert numbers(actor("mona"), "q=vpn") == [noted.number, vpn.number]
    assert numbers(actor("mona"), "q=vpn monday") == [noted.number, vpn.number]
    assert numbers(actor("mona"), f"q={vpn.number}") == [vpn.number]
