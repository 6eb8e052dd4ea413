"""CI types and configuration items: who may change them, updates with their change history, listing."""
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select

from app.cmdb.models import CiChange, CiType, ConfigurationItem
from app.cmdb.values import CI_FIELDS, AttributeDefinition, parse_definitions, validate_attributes, validate_fields
from app.extensions import db
from app.organisation.policies import Actor, may_define_ci_types, may_edit_cmdb
from app.platform.errors import Conflict, InvalidValues, NotAllowed, NotFound
from app.platform.transactions import use_case
from engine.clock import Clock

CI_PAGE_MAX = 500
CI_TYPE_NAME_MAX = 100


@dataclass(frozen=True)
class CiView:
    """A configuration item as shown to people."""

    id: int
    type_name: str
    name: str
    owner_group: str | None
    location: str | None
    status: str
    attributes: dict[str, Any]


@dataclass(frozen=True)
class CiPage:
    """One page of a CI list; pass next_after back to get the following page."""

    items: list[CiView]
    next_after: tuple[str, int] | None


@dataclass(frozen=True)
class CiChangeView:
    """One recorded update of a CI."""

    at: Any
    actor: str
    ticket: str | None
    changes: dict[str, list[Any]]


def type_definitions(ci_type: CiType) -> list[AttributeDefinition]:
    """Return the attribute definitions stored on a CI type."""
    return [AttributeDefinition(d["name"], d["label"], d["type"], d["required"], tuple(d["options"]))
            for d in json.loads(ci_type.attributes)]


def require_ci_type(name: str) -> CiType:
    """Return a CI type by name or raise NotFound."""
    ci_type = db.session.execute(select(CiType).where(CiType.name == name)).scalar_one_or_none()
    if ci_type is None:
        raise NotFound(f"There is no CI type '{name}'; create it first or check the spelling.")
    return ci_type


def check_cmdb_editor(actor: Actor) -> None:
    """Refuse an actor who may not change CIs, their relations or import them."""
    if not may_edit_cmdb(actor):
        raise NotAllowed(f"{actor.login} may not change the CMDB (it is for agents).")


def check_type_definer(actor: Actor) -> None:
    """Refuse an actor who may not define CI types."""
    if not may_define_ci_types(actor):
        raise NotAllowed(f"{actor.login} may not define CI types (only administrators do).")


@use_case
def save_ci_type(actor: Actor, name: str, display_name: str, attributes: list[Mapping[str, Any]],
                 new: bool = False) -> CiType:
    """Create a CI type, or replace the display name and attribute definitions of an existing one.

    new: refuse (Conflict) when a type of that name exists, instead of replacing its definitions.
    """
    check_type_definer(actor)
    name = name.strip()
    if not name or len(name) > CI_TYPE_NAME_MAX:
        raise InvalidValues(f"A CI type needs a name of 1 to {CI_TYPE_NAME_MAX} characters.",
                            {"name": ["Enter a name."]})
    definitions = parse_definitions(attributes)
    ci_type = db.session.execute(select(CiType).where(CiType.name == name)).scalar_one_or_none()
    if ci_type is not None and new:
        raise Conflict(f"A CI type named '{name}' already exists; change that one, or choose another name.")
    if ci_type is None:
        ci_type = CiType(name=name)
        db.session.add(ci_type)
    ci_type.display_name = display_name.strip() or name
    ci_type.attributes = json.dumps([d.to_dict() for d in definitions])
    return ci_type


def validate_ci(ci_type: CiType, values: Mapping[str, Any],
                attribute_values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the cleaned fields and attributes of a CI; raise one InvalidValues naming every bad field."""
    errors: dict[str, list[str]] = {}
    fields: dict[str, Any] = {}
    attributes: dict[str, Any] = {}
    try:
        fields = validate_fields(values)
    except InvalidValues as error:
        errors.update(error.errors)
    try:
        attributes = validate_attributes(type_definitions(ci_type), attribute_values)
    except InvalidValues as error:
        errors.update(error.errors)
    if errors:
        raise InvalidValues("The configuration item was refused; correct the marked fields.", errors)
    return fields, attributes


def require_ci(ci_id: int) -> ConfigurationItem:
    """Return a configuration item or raise NotFound."""
    item = db.session.get(ConfigurationItem, ci_id)
    if item is None:
        raise NotFound(f"There is no configuration item {ci_id}; it may have been mistyped.")
    return item


def find_ci(ci_type: CiType, name: str) -> ConfigurationItem | None:
    """Return the CI of a type with a name, if any."""
    return db.session.execute(select(ConfigurationItem).where(
        ConfigurationItem.type_id == ci_type.id, ConfigurationItem.name == name)).scalar_one_or_none()


def ci_named(name: str) -> ConfigurationItem | None:
    """Return the CI with this name (the oldest, should several types use it), or None."""
    return db.session.execute(select(ConfigurationItem).where(ConfigurationItem.name == name.strip())
                              .order_by(ConfigurationItem.id).limit(1)).scalar_one_or_none()


def insert_ci(ci_type: CiType, values: Mapping[str, Any], now: datetime) -> ConfigurationItem:
    """Validate and add a CI to the unit of work."""
    fields, attributes = validate_ci(ci_type, {"status": "planned", **values}, values.get("attributes") or {})
    if find_ci(ci_type, fields["name"]) is not None:
        raise Conflict(f"A {ci_type.name} named '{fields['name']}' already exists; update it instead.")
    item = ConfigurationItem(type_id=ci_type.id, attributes=json.dumps(attributes, sort_keys=True),
                             created_at=now, updated_at=now, **fields)
    db.session.add(item)
    db.session.flush()
    return item


@use_case
def create_ci(actor: Actor, clock: Clock, type_name: str, values: Mapping[str, Any]) -> CiView:
    """Create a configuration item (status planned unless given)."""
    check_cmdb_editor(actor)
    return ci_view(insert_ci(require_ci_type(type_name), values, clock.now()))


def apply_update(item: ConfigurationItem, values: Mapping[str, Any], login: str, ticket: str | None,
                 now: datetime) -> dict[str, list[Any]]:
    """Validate and apply changed fields and attributes, recording a CiChange; return what changed.

    Fields missing from values keep their value; attributes given replace the old ones (None removes one).
    Attributes the type no longer defines are dropped (and recorded as changed).
    """
    ci_type = db.session.get_one(CiType, item.type_id)
    current = {field: getattr(item, field) for field in CI_FIELDS}
    old_attributes = json.loads(item.attributes)
    defined = {d.name for d in type_definitions(ci_type)}
    kept = {name: value for name, value in old_attributes.items() if name in defined}
    fields, attributes = validate_ci(ci_type, {**current, **{k: v for k, v in values.items() if k in CI_FIELDS}},
                                     {**kept, **(values.get("attributes") or {})})
    if fields["name"] != item.name and find_ci(ci_type, fields["name"]) is not None:
        raise Conflict(f"A {ci_type.name} named '{fields['name']}' already exists; choose another name.")
    changes = {field: [current[field], fields[field]] for field in CI_FIELDS if current[field] != fields[field]}
    for name in sorted(set(old_attributes) | set(attributes)):
        if old_attributes.get(name) != attributes.get(name):
            changes[f"attributes.{name}"] = [old_attributes.get(name), attributes.get(name)]
    if not changes:
        return changes
    for field in CI_FIELDS:
        setattr(item, field, fields[field])
    item.attributes = json.dumps(attributes, sort_keys=True)
    item.updated_at = now
    db.session.add(CiChange(ci_id=item.id, at=now, actor=login, ticket=ticket,
                            changes=json.dumps(changes, sort_keys=True)))
    return changes


@use_case
def update_ci(actor: Actor, clock: Clock, ci_id: int, values: Mapping[str, Any],
              ticket: str | None = None) -> dict[str, list[Any]]:
    """Change a CI and record who changed what from which ticket; return the changes ({} when none)."""
    check_cmdb_editor(actor)
    return apply_update(require_ci(ci_id), values, actor.login, ticket, clock.now())


def list_ci_changes(ci_id: int) -> list[CiChangeView]:
    """Return the change history of a CI, oldest first."""
    require_ci(ci_id)
    rows = db.session.execute(select(CiChange).where(CiChange.ci_id == ci_id).order_by(CiChange.id)).scalars()
    return [CiChangeView(row.at, row.actor, row.ticket, json.loads(row.changes)) for row in rows]


def ci_view(item: ConfigurationItem, type_name: str | None = None) -> CiView:
    """Return the view of a CI."""
    if type_name is None:
        type_name = db.session.get_one(CiType, item.type_id).name
    return CiView(item.id, type_name, item.name, item.owner_group, item.location, item.status,
                  json.loads(item.attributes))


def get_ci(ci_id: int) -> CiView:
    """Return one configuration item."""
    return ci_view(require_ci(ci_id))


def contains_pattern(text: str) -> str:
    """Return a LIKE pattern matching lower-case text that contains the given text literally."""
    return "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


SEARCH_MAX = 200  # the longest a CI's name or location can be


def refuse_long_search(*texts: tuple[str, str | None]) -> None:
    """Raise InvalidValues naming each search text longer than SEARCH_MAX characters."""
    message = f"A CI search text is at most {SEARCH_MAX} characters long; shorten it."
    errors = {field: [f"This is longer than {SEARCH_MAX} characters; shorten it."]
              for field, text in texts if text and len(text) > SEARCH_MAX}
    if errors:
        raise InvalidValues(message, errors)


def list_cis(type_name: str | None = None, owner_group: str | None = None, status: str | None = None,
             search: str | None = None, after: tuple[str, int] | None = None, limit: int = 50,
             location: str | None = None) -> CiPage:
    """Return CIs by name matching the filters, one page at a time (keyset on name and id).

    search and location match any part of the name and location, ignoring case; longer than a name or a
    location can be (SEARCH_MAX characters), they are refused: they could match nothing, and SQLite refuses
    a LIKE pattern that long.
    """
    refuse_long_search(("q", search), ("location", location))
    query = select(ConfigurationItem, CiType.name).join(CiType, CiType.id == ConfigurationItem.type_id)
    if type_name:
        query = query.where(CiType.name == type_name)
    if owner_group:
        query = query.where(ConfigurationItem.owner_group == owner_group)
    if status:
        query = query.where(ConfigurationItem.status == status)
    if search:
        query = query.where(func.lower(ConfigurationItem.name).like(contains_pattern(search), escape="\\"))
    if location:
        query = query.where(func.lower(ConfigurationItem.location).like(contains_pattern(location), escape="\\"))
    if after is not None:
        query = query.where(or_(ConfigurationItem.name > after[0],
                                and_(ConfigurationItem.name == after[0], ConfigurationItem.id > after[1])))
    limit = max(1, min(limit, CI_PAGE_MAX))
    rows = db.session.execute(query.order_by(ConfigurationItem.name, ConfigurationItem.id).limit(limit + 1)).all()
    items = [ci_view(item, name) for item, name in rows[:limit]]
    next_after = (items[-1].name, items[-1].id) if len(rows) > limit else None
    return CiPage(items, next_after)
