"""flowdesk catalogue: what a person may order (the portal's and the API's rule), and ordering for her."""
import json

import click

from app.cli.base import emit, json_option, main, reports_errors
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.servicedesk.catalogue.items import items_for
from app.servicedesk.catalogue.orders import Order, order_item
from app.wiring import current_runtime


@main.group("catalogue")
def catalogue_group() -> None:
    """The request catalogue: list what a person may order, order an item for her."""


@catalogue_group.command("list")
@click.option("--as", "login", required=True, help="List what this person may order.")
@json_option
@reports_errors
def list_items(login: str, as_json: bool) -> None:
    """List the catalogue items a person may order (decided as on the portal and the API)."""
    views = items_for(current_runtime(), actor_for(require_user(login)))
    data = [{"key": view.item.key, "name": view.name, "category": view.category, "unit_price": view.item.unit_price,
             "process": view.process_id, "version": view.version} for view in views]
    emit(data, as_json, lambda: [f"{row['key']}\t{row['name']}\t{row['unit_price']} CNY\t"
                                 f"{row['process']} v{row['version']}" for row in data] or ["Nothing to order."])


@catalogue_group.command("order")
@click.argument("key")
@click.option("--as", "login", required=True, help="Who orders.")
@click.option("--values", default="{}", help="The item's form values as a JSON object.")
@click.option("--quantity", default=1, type=int)
@click.option("--for", "people", multiple=True, help="A login the order is for (repeat for several).")
@json_option
@reports_errors
def order(key: str, login: str, values: str, quantity: int, people: tuple[str, ...], as_json: bool) -> None:
    """Order a catalogue item as a person: one REQ ticket per person it is for."""
    tickets = order_item(current_runtime(), actor_for(require_user(login)), key,
                         Order(json.loads(values), quantity, people))
    data = [{"number": ticket.number, "requester": ticket.requester} for ticket in tickets]
    emit(data, as_json, lambda: [f"{row['number']} for {row['requester']}" for row in data])
