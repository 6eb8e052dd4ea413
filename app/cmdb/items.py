"""CI types and configuration items: attribute validation, updates with their change history, listing."""
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select

from app.cmdb.models import CiChange, CiType, ConfigurationItem
from app.extensions import db
from app.platform.errors import Conflict, InvalidValues, NotFound
from app.platform.transactions import one_transaction
from app.workflow.runtime import Runtime

ATTRIBUTE_TYPES = ("string", "integer", "boolean", "date", "enum")
CI_STATUSES = ("planned", "active", "maintenance", "retired")
CI_FIELDS = ("name", "owner_group", "location", "status")
TRUE_WORDS = ("true", "yes", "1")
FALSE_WORDS = ("false", "no", "0")
CI_PAGE_MAX = 500


@dataclass(frozen=True)
class AttributeDefinition:
    """One attribute that the items of a CI type carry."""

    name: str
    label: str
    type: str = "string"
    required: bool = False
    options: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-able data."""
        return {"name": self.name, "label": self.label, "type": self.type, "required": self.required,
                "options": list(self.options)}


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


def parse_definitions(raw: list[Mapping[str, Any]]) -> list[AttributeDefinition]:
    """Check attribute definitions; raise InvalidValues naming each bad one."""
    errors: dict[str, list[str]] = {}
    definitions: list[AttributeDefinition] = []
    for index, item in enumerate(raw):
        name = str(item.get("name") or "").strip()
        key = f"attributes.{name or index}"
        kind = item.get("type", "string")
        options = tuple(str(option) for option in item.get("options") or ())
        if not name.isidentifier():
            errors.setdefault(key, []).append("An attribute name is letters, digits and underscores.")
        elif name in CI_FIELDS or any(d.name == name for d in definitions):
            errors.setdefault(key, []).append(f"The attribute name '{name}' is used twice or is a CI field.")
        if kind not in ATTRIBUTE_TYPES:
            errors.setdefault(key, []).append(f"The type '{kind}' is unknown; use one of {', '.join(ATTRIBUTE_TYPES)}.")
        if kind == "enum" and not options:
            errors.setdefault(key, []).append("An enum attribute needs at least one option.")
        definitions.append(AttributeDefinition(name, str(item.get("label") or name), kind,
                                               bool(item.get("required")), options))
    if errors:
        raise InvalidValues("The attribute definitions were refused; correct the marked ones.", errors)
    return definitions


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


def save_ci_type(name: str, display_name: str, attributes: list[Mapping[str, Any]]) -> CiType:
    """Create a CI type, or replace the display name and attribute definitions of an existing one."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidValues("A CI type needs a name of 1 to 100 characters.", {"name": ["Enter a name."]})
    definitions = parse_definitions(attributes)
    ci_type = db.session.execute(select(CiType).where(CiType.name == name)).scalar_one_or_none()
    if ci_type is None:
        ci_type = CiType(name=name)
        db.session.add(ci_type)
    ci_type.display_name = display_name.strip() or name
    ci_type.attributes = json.dumps([d.to_dict() for d in definitions])
    db.session.commit()
    return ci_type


def coerce_attribute(definition: AttributeDefinition, value: Any) -> Any:
    """Return a value in its stored form (None for empty); raise ValueError with a sentence if it does not fit."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = value.strip() if isinstance(value, str) else value
    if definition.type == "integer":
        if isinstance(text, bool) or not isinstance(text, int | str):
            raise ValueError(f"{definition.label} must be a whole number.")
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"{definition.label} must be a whole number.") from None
    if definition.type == "boolean":
        if isinstance(text, bool):
            return text
        if str(text).lower() in TRUE_WORDS + FALSE_WORDS:
            return str(text).lower() in TRUE_WORDS
        raise ValueError(f"{definition.label} must be true or false.")
    if definition.type == "date":
        try:
            return (text if isinstance(text, date) else date.fromisoformat(str(text))).isoformat()
        except ValueError:
            raise ValueError(f"{definition.label} must be a date written YYYY-MM-DD.") from None
    if definition.type == "enum" and str(text) not in definition.options:
        raise ValueError(f"{definition.label} must be one of: {', '.join(definition.options)}.")
    return str(text)


def validate_attributes(definitions: list[AttributeDefinition], values: Mapping[str, Any]) -> dict[str, Any]:
    """Return the attributes in stored form, without empty ones; raise InvalidValues naming each bad one."""
    errors: dict[str, list[str]] = {}
    known = {d.name: d for d in definitions}
    for name in values:
        if name not in known:
            errors[f"attributes.{name}"] = [f"This CI type has no attribute '{name}'."]
    result: dict[str, Any] = {}
    for definition in definitions:
        try:
            value = coerce_attribute(definition, values.get(definition.name))
        except ValueError as error:
            errors[f"attributes.{definition.name}"] = [str(error)]
            continue
        if value is None and definition.required:
            errors[f"attributes.{definition.name}"] = [f"{definition.label} is required."]
        elif value is not None:
            result[definition.name] = value
    if errors:
        raise InvalidValues("The configuration item was refused; correct the marked fields.", errors)
    return result


def validate_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return name, owner_group, location and status cleaned; raise InvalidValues naming each bad one."""
    cleaned = {field: (str(values.get(field) or "").strip() or None) for field in CI_FIELDS}
    errors: dict[str, list[str]] = {}
    if not cleaned["name"] or len(cleaned["name"]) > 200:
        errors["name"] = ["A configuration item needs a name of 1 to 200 characters."]
    if cleaned["owner_group"] and len(cleaned["owner_group"]) > 80:
        errors["owner_group"] = ["An owner group name has at most 80 characters."]
    if cleaned["location"] and len(cleaned["location"]) > 200:
        errors["location"] = ["A location has at most 200 characters."]
    if cleaned["status"] not in CI_STATUSES:
        errors["status"] = [f"The status must be one of: {', '.join(CI_STATUSES)}."]
    if errors:
        raise InvalidValues("The configuration item was refused; correct the marked fields.", errors)
    return cleaned


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


def insert_ci(runtime: Runtime, ci_type: CiType, values: Mapping[str, Any]) -> ConfigurationItem:
    """Validate and add a CI to the session, without committing."""
    fields, attributes = validate_ci(ci_type, {"status": "planned", **values}, values.get("attributes") or {})
    if find_ci(ci_type, fields["name"]) is not None:
        raise Conflict(f"A {ci_type.name} named '{fields['name']}' already exists; update it instead.")
    now = runtime.clock.now()
    item = ConfigurationItem(type_id=ci_type.id, attributes=json.dumps(attributes, sort_keys=True),
                             created_at=now, updated_at=now, **fields)
    db.session.add(item)
    db.session.flush()
    return item


def create_ci(runtime: Runtime, type_name: str, values: Mapping[str, Any]) -> CiView:
    """Create a configuration item (status planned unless given)."""
    with one_transaction():
        item = insert_ci(runtime, require_ci_type(type_name), values)
    return ci_view(item)


def apply_update(runtime: Runtime, item: ConfigurationItem, values: Mapping[str, Any], actor: str,
                 ticket: str | None) -> dict[str, list[Any]]:
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
    item.updated_at = runtime.clock.now()
    db.session.add(CiChange(ci_id=item.id, at=item.updated_at, actor=actor, ticket=ticket,
                            changes=json.dumps(changes, sort_keys=True)))
    return changes


def update_ci(runtime: Runtime, ci_id: int, values: Mapping[str, Any], actor: str,
              ticket: str | None = None) -> dict[str, list[Any]]:
    """Change a CI and record who changed what from which ticket; return the changes ({} when none)."""
    with one_transaction():
        changes = apply_update(runtime, require_ci(ci_id), values, actor, ticket)
    return changes


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


def list_cis(type_name: str | None = None, owner_group: str | None = None, status: str | None = None,
             search: str | None = None, after: tuple[str, int] | None = None, limit: int = 50,
             location: str | None = None) -> CiPage:
    """Return CIs by name matching the filters, one page at a time (keyset on name and id).

    search and location match any part of the name and location, ignoring case.
    """
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
