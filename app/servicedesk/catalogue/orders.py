"""Ordering from the catalogue: a REQ ticket per person the order is for, its flow started at the item's pinned
version, drafts to finish later, and "request again" from a past request.

An order for several people makes one request per person (not one request listing them): each person's request is
approved by her own line manager and cost centre, fulfilled and closed on its own, and what is handed over (a laptop
CI) is owned by her. The one who ordered follows every one of them as a watcher.
"""
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from app.extensions import db
from app.organisation.models import User
from app.organisation.policies import Actor, check_may_write, may_order_for_others, may_use_portal
from app.platform.errors import InvalidValues, NotAllowed, NotFound
from app.platform.transactions import use_case
from app.service_levels import policies as levels
from app.service_levels.priority import compute_priority
from app.servicedesk.catalogue.items import ItemView, find_item, orderable_item
from app.servicedesk.catalogue.models import CatalogueDraft, CatalogueItem, CatalogueRequest
from app.servicedesk.tickets import deadlines as ticket_deadlines
from app.servicedesk.tickets.models import Ticket, TicketWatcher
from app.servicedesk.tickets.records import SERVICE_DESK_GROUP, insert_ticket
from app.workflow.instances.lifecycle import start_instance
from app.workflow.runtime import Runtime

MAX_PEOPLE = 50  # one order makes at most this many requests


@dataclass(frozen=True)
class Order:
    """What a person asks for: the item's form answers, how many, and for whom (empty: for herself)."""

    values: Mapping[str, Any]
    quantity: int = 1
    requested_for: Sequence[str] = ()


def checked_quantity(item: CatalogueItem, quantity: Any) -> int:
    """Return the quantity ordered, or refuse naming the field and the range allowed."""
    try:
        number = int(quantity)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= item.max_quantity:
        raise InvalidValues(f"The request was not filed: quantity must be a whole number from 1 to "
                            f"{item.max_quantity}.", {"quantity": [f"Give a whole number from 1 to "
                                                                   f"{item.max_quantity}."]})
    return number


def checked_people(actor: Actor, item: CatalogueItem, logins: Sequence[str]) -> list[str]:
    """Return whom the order is for (the actor when nobody is named), or refuse naming the field."""
    people = list(dict.fromkeys(login.strip() for login in logins if login and login.strip())) or [actor.login]
    if len(people) > MAX_PEOPLE:
        raise InvalidValues(f"The request was not filed: order for at most {MAX_PEOPLE} people at once.",
                            {"requested_for": [f"Name at most {MAX_PEOPLE} people."]})
    if not may_order_for_others(item.on_behalf, people, actor.login):
        allowed = "only for yourself" if item.on_behalf == "self" else "for one person at a time"
        raise InvalidValues(f"The request was not filed: this item is ordered {allowed}.",
                            {"requested_for": [f"This item is ordered {allowed}."]})
    known = set(db.session.execute(select(User.login).where(User.login.in_(people), User.active.is_(True)))
                .scalars())
    unknown = [login for login in people if login not in known]
    if unknown:
        raise InvalidValues(f"The request was not filed: there is no active person {', '.join(unknown)}; check the "
                            "login.", {"requested_for": [f"No active person {', '.join(unknown)}."]})
    return people


def request_title(view: ItemView, quantity: int, person: str, actor: Actor) -> str:
    """Return a request ticket's title: the item, how many, and for whom when not the orderer."""
    title = view.item.name if quantity == 1 else f"{view.item.name} × {quantity}"
    return title if person == actor.login else f"{title} for {person}"


@use_case
def order_item(runtime: Runtime, actor: Actor, key: str, order: Order) -> list[Ticket]:
    """Order an item: one REQ ticket per person it is for, each with its flow at the item's pinned version."""
    check_may_write(actor, "order from the catalogue")
    if not may_use_portal(actor):
        raise NotAllowed(f"{actor.login} may not order from the catalogue: it is for requesters.")
    view = orderable_item(runtime, actor, key)
    item = view.item
    quantity = checked_quantity(item, order.quantity)
    people = checked_people(actor, item, order.requested_for)
    return [open_request(runtime, actor, view, order.values, quantity, person) for person in people]


def open_request(runtime: Runtime, actor: Actor, view: ItemView, values: Mapping[str, Any], quantity: int,
                 person: str) -> Ticket:
    """Store one request's ticket and record, and start its flow, in the caller's unit."""
    item = view.item
    department = db.session.execute(select(User.department_id).where(User.login == person)).scalar()
    decision = compute_priority(levels.priority_matrix(), "medium", "low")
    description = str(values.get("details") or values.get("justification") or "")
    ticket = insert_ticket(runtime, {
        "kind": "request", "channel": "portal", "title": request_title(view, quantity, person, actor)[:200],
        "description": description, "requester": person, "requester_department_id": department,
        "category_id": None, "ci_id": None, "impact": "medium", "urgency": "low", "priority": decision.priority,
        "priority_source": decision.source, "priority_reason": decision.reason, "assigned_group": SERVICE_DESK_GROUP})
    if item.sla_hours:  # the item's target is the request's resolution target, on the policy's business calendar
        ticket.resolution_target_minutes = item.sla_hours * 60
        ticket_deadlines.apply_deadlines(ticket)
    total = quantity * item.unit_price
    db.session.add(CatalogueRequest(ticket_id=ticket.id, item_id=item.id, definition_id=item.definition_id,
                                    quantity=quantity, unit_price=item.unit_price, total=total, ordered_by=actor.login,
                                    ordered_at=runtime.clock.now(), answers=json.dumps(dict(values), default=str)))
    if person != actor.login:
        db.session.add(TicketWatcher(ticket_id=ticket.id, login=actor.login))
    context = {"ticket": ticket.number, "requester": person, "requested_by": actor.login, "item": item.key,
               "quantity": quantity, "unit_price": item.unit_price, "total": total, "sla_hours": item.sla_hours}
    form_fields = {spec.id for spec in view.fields}
    context = {name: value for name, value in context.items() if name not in form_fields}
    ticket.instance_id = start_instance(runtime, view.process_id, values, ticket.number, actor.login, context,
                                        definition_id=item.definition_id)
    db.session.flush()
    return ticket


def request_of(ticket_id: int) -> CatalogueRequest | None:
    """Return the catalogue record of a request ticket, or None for a ticket not ordered from the catalogue."""
    return db.session.execute(select(CatalogueRequest).where(CatalogueRequest.ticket_id == ticket_id)) \
        .scalar_one_or_none()


def answers_again(actor: Actor, ticket: Ticket) -> tuple[str, dict[str, Any]]:
    """Return the item key and the answers of a past request, to order it again (its requester or orderer only)."""
    record = request_of(ticket.id)
    if record is None or actor.login not in (ticket.requester, record.ordered_by):
        raise NotFound(f"{ticket.number} was not ordered by you from the catalogue; order from the catalogue instead.")
    item = db.session.get(CatalogueItem, record.item_id)
    assert item is not None  # the foreign key keeps it
    return item.key, {**json.loads(record.answers), "quantity": record.quantity}


@use_case
def save_draft(runtime: Runtime, actor: Actor, key: str, answers: Mapping[str, Any],
               draft_id: int | None = None) -> CatalogueDraft:
    """Keep a request's answers to finish later (any answers: they are checked when it is filed)."""
    check_may_write(actor, "save a draft request")
    item = find_item(key)
    text = json.dumps(dict(answers), default=str)
    if len(text) > 20000:
        raise InvalidValues("The draft was not saved: its answers are too long; shorten the longest one.",
                            {"details": ["Shorten this answer."]})
    draft = my_draft(actor, draft_id) if draft_id is not None else None
    if draft is None:
        draft = CatalogueDraft(item_id=item.id, owner=actor.login, answers=text, saved_at=runtime.clock.now())
        db.session.add(draft)
    else:
        draft.answers, draft.saved_at = text, runtime.clock.now()
    db.session.flush()
    return draft


def my_draft(actor: Actor, draft_id: int) -> CatalogueDraft:
    """Return one of the actor's drafts, or raise NotFound."""
    draft = db.session.get(CatalogueDraft, draft_id)
    if draft is None or draft.owner != actor.login:
        raise NotFound(f"There is no draft {draft_id} of yours.")
    return draft


def list_drafts(actor: Actor) -> list[tuple[CatalogueDraft, CatalogueItem]]:
    """Return the actor's drafts, newest first, with their items."""
    rows = db.session.execute(select(CatalogueDraft, CatalogueItem).join(
        CatalogueItem, CatalogueItem.id == CatalogueDraft.item_id).where(CatalogueDraft.owner == actor.login)
        .order_by(CatalogueDraft.id.desc())).all()
    return [(row[0], row[1]) for row in rows]


@use_case
def discard_draft(actor: Actor, draft_id: int) -> None:
    """Remove one of the actor's drafts (a filed request removes its draft too)."""
    my_draft(actor, draft_id)
    db.session.execute(delete(CatalogueDraft).where(CatalogueDraft.id == draft_id))
