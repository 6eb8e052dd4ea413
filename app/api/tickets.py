"""Ticket endpoints for reading: the filtered list (keyset pages) and one ticket with its notes."""
from app.api.auth import api_actor
from app.api.contract import Success, endpoint
from app.api.schemas.tickets import TicketDetail, TicketListQuery, TicketPage, TicketRow
from app.organisation.policies import is_staff
from app.service_levels import policies as service_levels
from app.servicedesk.search.filters import parse_ticket_query
from app.servicedesk.search.lookup import is_overdue, search_tickets
from app.servicedesk.tickets.categories import category_name
from app.servicedesk.tickets.notes import list_notes
from app.servicedesk.tickets.visibility import find_visible_ticket
from app.wiring import current_runtime

NUMBER = {"number": "The ticket's number, e.g. `INC-000123` (any case)."}


@endpoint("list_tickets", "tickets", Success(200, TicketPage, "One page of tickets."), query=TicketListQuery)
def list_tickets(query: TicketListQuery) -> TicketPage:
    """List and search the tickets I may see.

    Requesters see the tickets they requested; agents and approvers also their groups' tickets and those they
    worked on (assigned to them, or with a note of theirs); managers, auditors and admins see every ticket. Every
    filter given must hold. Keyset pages: pass `next` as `after` for the following page, `previous` as `before` for
    the one before. Unknown parameters and values are refused (422) by name.
    """
    filters = parse_ticket_query(query.filter_pairs(), "UTC", service_levels.priority_matrix())
    page = search_tickets(api_actor(), filters, current_runtime().clock.now(), after=query.after,
                          before=query.before, limit=query.limit)
    return TicketPage(tickets=[TicketRow.model_validate(row) for row in page.rows], next=page.next_after,
                      previous=page.previous_before)


@endpoint("show_ticket", "tickets", Success(200, TicketDetail, "The ticket."), refusals=(404,), path=NUMBER)
def show(number: str) -> TicketDetail:
    """Read a ticket I may see.

    Every field and the notes: staff read every note, requesters the public ones. An unknown ticket and one I may
    not see both answer 404.
    """
    actor = api_actor()
    ticket = find_visible_ticket(actor, number)
    category = category_name(ticket.category_id)
    notes = list_notes(ticket.id, public_only=not is_staff(actor))
    return TicketDetail.of(ticket, category, is_overdue(ticket, current_runtime().clock.now()), notes)
