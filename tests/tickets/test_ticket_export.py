"""CSV export of the ticket list: every matching visible ticket, read in batches, safe in spreadsheets."""
import csv
import io
from datetime import UTC, datetime

import pytest

from app.servicedesk.search.export import HEADER, export_tickets, safe_cell
from app.servicedesk.search.filters import parse_ticket_query

NOW = datetime(2030, 1, 1, tzinfo=UTC)


def exported(actor, pairs=(), batch_size: int = 1000) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """Export as an actor and read the CSV back as dicts."""
    text = "".join(export_tickets(actor, parse_ticket_query(list(pairs)), NOW, batch_size=batch_size))
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_export_holds_every_matching_ticket_across_batches_in_order(make_ticket, actor) -> None:
    made = [make_ticket(title=f"Disk full {n}", status="new" if n % 2 else "closed") for n in range(7)]
    rows = exported(actor("mona"), [("status", "new")], batch_size=2)
    assert [row["number"] for row in rows] == [ticket.number for ticket in reversed(made) if ticket.status == "new"]


def test_export_has_every_column_with_readable_values(runtime, make_ticket, actor) -> None:
    ticket = make_ticket(title="三楼打印机卡纸", description="Line one.\nLine two, with a comma.", priority="P2",
                         assignee="sam", resolution_due_at=datetime(2029, 12, 31, tzinfo=UTC))
    (row,) = exported(actor("mona"))
    assert list(row) == list(HEADER)
    assert row["number"] == ticket.number
    assert row["title"] == "三楼打印机卡纸"
    assert row["description"] == "Line one.\nLine two, with a comma."
    assert (row["priority"], row["assignee"], row["overdue"]) == ("P2", "sam", "yes")
    assert row["resolution_due_at"] == "2029-12-31T00:00:00+00:00"
    assert row["closed_at"] == ""


def test_export_holds_only_the_tickets_the_person_may_see(make_ticket, actor) -> None:
    own = make_ticket(requester="rita")
    make_ticket(requester="carl")
    assert [row["number"] for row in exported(actor("rita"))] == [own.number]


@pytest.mark.parametrize("title", ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd",
                                   "\r=1"])
def test_exported_cells_never_start_a_formula(make_ticket, actor, title) -> None:
    make_ticket(title=title, requester="=rita")
    (row,) = exported(actor("mona"))
    assert row["title"] == "'" + title
    assert row["requester"] == "'=rita"


def test_plain_cells_are_left_alone() -> None:
    assert [safe_cell(value) for value in ("Printer", 3, None, "a=b", "P1")] == ["Printer", "3", "", "a=b", "P1"]


def test_export_of_nothing_is_the_header_alone(actor) -> None:
    assert exported(actor("mona"), [("q", "nothing matches")]) == []
