"""Catalogue items: keep them (process owners and admins), and list what a person may order, in her language.

Who may order an item is app.organisation.policies.may_order_item, asked by the portal, the API and the CLI alike
through items_for. An item pins one deployed version of its diagram: new requests start that version, and its
start form is the item's form; the requests in flight keep the version they started with.
"""
from dataclasses import dataclass
from typing import Any

from lxml import etree
from sqlalchemy import delete, select

from app.extensions import db
from app.organisation.models import Department, User
from app.organisation.policies import Actor, check_may_edit_catalogue, may_order_item
from app.platform.errors import InvalidValues, NotFound
from app.platform.transactions import use_case
from app.servicedesk.catalogue.models import (
    AUDIENCE_KINDS,
    ON_BEHALF,
    CatalogueAudience,
    CatalogueCategory,
    CatalogueItem,
)
from app.workflow.catalog import latest_definition
from app.workflow.diagram_text import text_of_definition
from app.workflow.models import ProcessDefinition
from app.workflow.runtime import Runtime
from app.workflow.step import definition_for
from engine.views import FieldSpec

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
CAMUNDA = "{http://camunda.org/schema/1.0/bpmn}"
KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
ITEM_FIELDS = ("name", "name_zh", "description", "description_zh", "icon", "category", "process_id", "version",
               "unit_price", "max_quantity", "sla_hours", "on_behalf", "active", "audience")


@dataclass(frozen=True)
class ItemView:
    """An item as a reader sees it: words in her language, its category, price, pinned version and form."""

    item: CatalogueItem
    name: str
    description: str
    category: str | None
    process_id: str
    version: int
    fields: tuple[FieldSpec, ...]


def in_language(text: str, chinese: str | None, locale: str) -> str:
    """Return the Chinese words for a Chinese reader where there are some, else the English ones."""
    return chinese if locale.startswith("zh") and chinese else text


def department_chain(login: str) -> list[int]:
    """Return a person's department and those above it (an item for IT is for IT's sub-departments too)."""
    department_id = db.session.execute(select(User.department_id).where(User.login == login)).scalar()
    chain: list[int] = []
    while department_id is not None and department_id not in chain:
        chain.append(department_id)
        department_id = db.session.execute(select(Department.parent_id).where(Department.id == department_id)).scalar()
    return chain


def audience_of(item_id: int) -> list[tuple[str, str]]:
    """Return an item's audience as (kind, value) pairs."""
    rows = db.session.execute(select(CatalogueAudience.kind, CatalogueAudience.value)
                              .where(CatalogueAudience.item_id == item_id).order_by(CatalogueAudience.id)).all()
    return [(str(kind), str(value)) for kind, value in rows]


def may_order(actor: Actor, item: CatalogueItem) -> bool:
    """Say whether the actor may see and order an item (the one policy, over her departments and its audience)."""
    return item.active and may_order_item(actor, department_chain(actor.login), audience_of(item.id))


def items_for(runtime: Runtime, actor: Actor, locale: str = "en", search: str = "",
              category_id: int | None = None) -> list[ItemView]:
    """Return the active items the actor may order, by category and name, matching the search words if any."""
    query = select(CatalogueItem).where(CatalogueItem.active.is_(True)).order_by(CatalogueItem.name)
    if category_id is not None:
        query = query.where(CatalogueItem.category_id == category_id)
    words = search.casefold().split()
    views = []
    for item in db.session.execute(query).scalars():
        if not may_order(actor, item):
            continue
        view = item_view(runtime, item, locale)
        text = " ".join((item.name, item.name_zh or "", item.description, item.description_zh or "",
                         view.category or "")).casefold()
        if all(word in text for word in words):
            views.append(view)
    return sorted(views, key=lambda view: (view.category or "~", view.name))


def item_view(runtime: Runtime, item: CatalogueItem, locale: str) -> ItemView:
    """Return an item in a language, with its pinned diagram's start form."""
    definition = definition_for(runtime, item.definition_id)
    category = db.session.get(CatalogueCategory, item.category_id) if item.category_id else None
    text = text_of_definition(item.definition_id)
    fields = definition.start_fields
    for start_event in sorted(text.start_events):
        fields = text.translations.fields(start_event, fields, locale)
    description = in_language(item.description, item.description_zh, locale) or \
        text.translations.documentation(definition.process_id, locale, text.documentation) or ""
    return ItemView(item, in_language(item.name, item.name_zh, locale), description,
                    in_language(category.name, category.name_zh, locale) if category else None,
                    definition.process_id, definition.version or 0, tuple(fields))


def find_item(key: str) -> CatalogueItem:
    """Return an item by its key, or raise NotFound."""
    item = db.session.execute(select(CatalogueItem).where(CatalogueItem.key == key)).scalar_one_or_none()
    if item is None:
        raise NotFound(f"There is no catalogue item '{key}'; choose one from the catalogue.")
    return item


def orderable_item(runtime: Runtime, actor: Actor, key: str, locale: str = "en") -> ItemView:
    """Return an item the actor may order; NotFound alike for unknown, inactive and invisible ones."""
    item = find_item(key)
    if not may_order(actor, item):
        raise NotFound(f"There is no catalogue item '{key}' you may order; choose one from the catalogue.")
    return item_view(runtime, item, locale)


def list_categories(locale: str = "en") -> list[tuple[int, str]]:
    """Return the catalogue's categories in order, named in a language."""
    rows = db.session.execute(select(CatalogueCategory).order_by(CatalogueCategory.position,
                                                                 CatalogueCategory.name)).scalars()
    return [(row.id, in_language(row.name, row.name_zh, locale)) for row in rows]


def pinned_definition(process_id: str, version: int | None) -> ProcessDefinition:
    """Return the deployed version an item pins (the latest when no version is given), or refuse naming the field."""
    if version is None:
        row = latest_definition(process_id)
    else:
        row = db.session.execute(select(ProcessDefinition).where(
            ProcessDefinition.process_id == process_id, ProcessDefinition.version == version)).scalar_one_or_none()
    if row is None:
        what = f"version {version} of '{process_id}'" if version is not None else f"the process '{process_id}'"
        raise InvalidValues(f"The item was not saved: {what} is not deployed. Deploy it first or pick a deployed "
                            "version.", {"version" if version is not None else "process_id": ["Not deployed."]})
    return row


def checked_values(values: dict[str, Any]) -> dict[str, Any]:
    """Return an item's plain fields, or raise InvalidValues naming each field that is wrong and how to fix it."""
    errors: dict[str, list[str]] = {}
    name = str(values.get("name") or "").strip()
    if not name or len(name) > 200:
        errors["name"] = ["Give a name of 1 to 200 characters."]
    numbers: dict[str, int | None] = {}
    for field_name, low, required in (("unit_price", 0, True), ("max_quantity", 1, True), ("sla_hours", 1, False)):
        raw = values.get(field_name)
        if raw in (None, "") and not required:
            numbers[field_name] = None
            continue
        try:
            numbers[field_name] = int(raw if raw not in (None, "") else (0 if field_name == "unit_price" else 1))
        except (TypeError, ValueError):
            errors[field_name] = [f"Give a whole number of at least {low}."]
            continue
        if (numbers[field_name] or 0) < low:
            errors[field_name] = [f"Give a whole number of at least {low}."]
    on_behalf = str(values.get("on_behalf") or "self")
    if on_behalf not in ON_BEHALF:
        errors["on_behalf"] = [f"Use one of {', '.join(ON_BEHALF)}."]
    if errors:
        first = next(iter(errors))
        raise InvalidValues(f"The item was not saved: {first.replace('_', ' ')}: {errors[first][0]}", errors)
    return {"name": name, "name_zh": str(values.get("name_zh") or "").strip() or None,
            "description": str(values.get("description") or "").strip(),
            "description_zh": str(values.get("description_zh") or "").strip() or None,
            "icon": str(values.get("icon") or "box").strip()[:40] or "box", "on_behalf": on_behalf,
            "active": values.get("active", True) not in (False, "false", "0", "", None), **numbers}


def checked_audience(raw: Any) -> list[tuple[str, str]]:
    """Return an audience as (kind, value) pairs from 'kind:value' texts, or refuse naming the field."""
    pairs = []
    for entry in raw or []:
        kind, _, value = str(entry).partition(":")
        if kind not in AUDIENCE_KINDS or not value.strip():
            raise InvalidValues(f"The item was not saved: the audience '{entry}' is not kind:value with kind one of "
                                f"{', '.join(AUDIENCE_KINDS)}.", {"audience": ["Write department:ID, role:NAME or "
                                                                               "group:NAME."]})
        pairs.append((kind, value.strip()))
    return list(dict.fromkeys(pairs))


@use_case
def save_item(runtime: Runtime, actor: Actor, key: str, values: dict[str, Any]) -> CatalogueItem:
    """Add or change a catalogue item; requests already ordered keep the diagram version they started with."""
    check_may_edit_catalogue(actor, "change the catalogue")
    if not key or len(key) > 80 or not set(key) <= KEY_CHARS:
        raise InvalidValues("The item was not saved: the key is 1 to 80 lower-case letters, digits or dashes.",
                            {"key": ["Use lower-case letters, digits and dashes."]})
    plain = checked_values(values)
    audience = checked_audience(values.get("audience"))
    item = db.session.execute(select(CatalogueItem).where(CatalogueItem.key == key)).scalar_one_or_none()
    process_id = str(values.get("process_id") or "").strip()
    if item is None and not process_id:
        raise InvalidValues("The item was not saved: name the process its requests run.",
                            {"process_id": ["Name a deployed process."]})
    if process_id:
        version = values.get("version")
        plain["definition_id"] = pinned_definition(process_id, int(version) if version not in (None, "") else None).id
    plain["category_id"] = category_id(values.get("category"))
    now = runtime.clock.now()
    if item is None:
        item = CatalogueItem(key=key, updated_by=actor.login, updated_at=now, **plain)
        db.session.add(item)
        db.session.flush()
    else:
        for name, value in plain.items():
            setattr(item, name, value)
        item.updated_by, item.updated_at = actor.login, now
    if "audience" in values:
        db.session.execute(delete(CatalogueAudience).where(CatalogueAudience.item_id == item.id))
        db.session.add_all(CatalogueAudience(item_id=item.id, kind=kind, value=value) for kind, value in audience)
    db.session.flush()
    return item


def category_id(name: Any) -> int | None:
    """Return the id of a catalogue category by name, adding it when new; None for no category."""
    text = str(name or "").strip()
    if not text:
        return None
    row = db.session.execute(select(CatalogueCategory).where(CatalogueCategory.name == text)).scalar_one_or_none()
    if row is None:
        row = CatalogueCategory(name=text[:120], position=0)
        db.session.add(row)
        db.session.flush()
    return row.id


def catalogue_processes() -> frozenset[str]:
    """Return the processes catalogue items run: they start only by an order, which opens their ticket."""
    return frozenset(db.session.execute(select(ProcessDefinition.process_id).join(
        CatalogueItem, CatalogueItem.definition_id == ProcessDefinition.id).distinct()).scalars())


def list_all_items() -> list[CatalogueItem]:
    """Return every item, active or not, by name (for the catalogue's editors)."""
    return list(db.session.execute(select(CatalogueItem).order_by(CatalogueItem.name)).scalars())


def approval_levels(xml: bytes) -> list[str]:
    """Return the approval rules a diagram draws, in the order its `catalogue.approvers` steps appear (pure)."""
    root = etree.fromstring(xml)
    rules = []
    for task in root.iter(f"{BPMN}serviceTask"):
        if task.get(f"{CAMUNDA}topic") != "catalogue.approvers":
            continue
        for parameter in task.iter(f"{CAMUNDA}inputParameter"):
            if parameter.get("name") == "rule":
                rules.append((parameter.text or "").strip())
    return rules


def editable_item(key: str) -> tuple[CatalogueItem, ProcessDefinition, list[tuple[str, str]]]:
    """Return an item with the version it pins and its audience, for its editors."""
    item = find_item(key)
    definition = db.session.get(ProcessDefinition, item.definition_id)
    assert definition is not None  # the foreign key keeps it
    return item, definition, audience_of(item.id)
