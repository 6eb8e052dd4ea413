"""Catalogue endpoints: the items the caller may order (the one catalogue policy decides), and ordering one."""
from flask import url_for

from app.api.auth import api_actor
from app.api.contract import Role, Success, endpoint
from app.api.schemas.catalogue import (
    CatalogueItemAnswer,
    CataloguePage,
    CatalogueQuery,
    OrderAnswer,
    OrderedRequest,
    OrderRequest,
)
from app.api.schemas.tasks import FormField
from app.organisation.policies import may_use_portal
from app.servicedesk.catalogue.items import ItemView, items_for
from app.servicedesk.catalogue.orders import Order, order_item, request_of
from app.wiring import current_runtime

PORTAL = Role(may_use_portal, "order from the catalogue (it is for requesters)")
KEY = {"key": "The item's key, e.g. `new-laptop`."}


def item_answer(view: ItemView) -> CatalogueItemAnswer:
    """Return an item as the API answers it."""
    item = view.item
    return CatalogueItemAnswer(
        key=item.key, name=view.name, description=view.description, icon=item.icon, category=view.category,
        unit_price=item.unit_price, max_quantity=item.max_quantity, sla_hours=item.sla_hours,
        on_behalf=item.on_behalf, process_id=view.process_id, version=view.version,
        form_fields=[FormField.model_validate(spec.to_dict()) for spec in view.fields])


@endpoint("list_catalogue", "catalogue", Success(200, CataloguePage, "The items the caller may order."), role=PORTAL,
          query=CatalogueQuery, refusals=(403,))
def list_items(query: CatalogueQuery) -> CataloguePage:
    """List the catalogue items I may order, with their forms.

    By category and name. Visibility by department, role and group is the portal's: the same rule decides.
    """
    views = items_for(current_runtime(), api_actor(), query.language or "en", query.q or "", query.category_id)
    return CataloguePage(items=[item_answer(view) for view in views])


@endpoint("order_catalogue_item", "catalogue",
          Success(201, OrderAnswer, "The requests opened, one per person.", "The first request's ticket."),
          role=PORTAL, body=OrderRequest, refusals=(403, 404, 409), path=KEY)
def order(key: str, body: OrderRequest) -> tuple[OrderAnswer, int, dict[str, str]]:
    """Order a catalogue item.

    One REQ ticket per person it is for, each running the item's pinned diagram version. Refused values answer
    422 naming the field (a form field's id, `quantity` or `requested_for`).
    """
    tickets = order_item(current_runtime(), api_actor(), key, Order(body.values, body.quantity, body.requested_for))
    lines = []
    for ticket in tickets:
        record = request_of(ticket.id)
        lines.append(OrderedRequest(number=ticket.number, requester=ticket.requester, status=ticket.status,
                                    total=record.total if record else 0))
    return OrderAnswer(requests=lines), 201, {"Location": url_for("api.show_ticket", number=tickets[0].number)}
