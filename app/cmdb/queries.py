"""What the CMDB pages and API read: CI types, a CI with its labelled attributes, CIs by name."""
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.cmdb.items import CiView, ci_view, require_ci, type_definitions
from app.cmdb.models import CiType, ConfigurationItem
from app.cmdb.values import AttributeDefinition
from app.extensions import db

SAME_NAME_SHOWN = 10  # CIs of one name listed at most when a name alone does not say which CI is meant


@dataclass(frozen=True)
class CiTypeSummary:
    """A CI type with its attribute definitions, as the pages show it."""

    name: str
    display_name: str
    definitions: list[AttributeDefinition]


@dataclass(frozen=True)
class AttributeFact:
    """One attribute value of a CI with the label its type gives it (None: not filled in)."""

    name: str
    label: str
    type: str
    value: Any


@dataclass(frozen=True)
class CiDetails:
    """A CI's facts for people: its fields, its type's display name and its attributes in the type's order."""

    id: int
    name: str
    type_name: str
    type_display_name: str
    status: str
    owner_group: str | None
    location: str | None
    created_at: datetime
    updated_at: datetime
    attributes: list[AttributeFact]
    values: dict[str, Any]


def type_summary(ci_type: CiType) -> CiTypeSummary:
    """Return the summary of a CI type."""
    return CiTypeSummary(ci_type.name, ci_type.display_name, type_definitions(ci_type))


def list_ci_types() -> list[CiTypeSummary]:
    """Return every CI type by display name."""
    rows = db.session.execute(select(CiType).order_by(CiType.display_name, CiType.name)).scalars()
    return [type_summary(ci_type) for ci_type in rows]


def find_ci_type(name: str) -> CiTypeSummary | None:
    """Return a CI type by name, or None."""
    ci_type = db.session.execute(select(CiType).where(CiType.name == name)).scalar_one_or_none()
    return type_summary(ci_type) if ci_type is not None else None


def attribute_facts(definitions: list[AttributeDefinition], values: dict[str, Any]) -> list[AttributeFact]:
    """Return the attributes in the type's order, then any stored value the type no longer defines."""
    facts = [AttributeFact(d.name, d.label, d.type, values.get(d.name)) for d in definitions]
    defined = {d.name for d in definitions}
    facts.extend(AttributeFact(name, name, "string", value) for name, value in sorted(values.items())
                 if name not in defined)
    return facts


def ci_details(ci_id: int) -> CiDetails:
    """Return a CI's facts with labelled attributes, or raise NotFound."""
    item = require_ci(ci_id)
    ci_type = db.session.get_one(CiType, item.type_id)
    values = json.loads(item.attributes)
    return CiDetails(item.id, item.name, ci_type.name, ci_type.display_name, item.status, item.owner_group,
                     item.location, item.created_at, item.updated_at,
                     attribute_facts(type_definitions(ci_type), values), values)


def find_cis_named(name: str, type_name: str | None = None) -> list[CiView]:
    """Return the CIs with exactly this name (of one type if given), at most SAME_NAME_SHOWN of them."""
    query = (select(ConfigurationItem, CiType.name).join(CiType, CiType.id == ConfigurationItem.type_id)
             .where(ConfigurationItem.name == name.strip()))
    if type_name:
        query = query.where(CiType.name == type_name)
    rows = db.session.execute(query.order_by(CiType.name, ConfigurationItem.id).limit(SAME_NAME_SHOWN)).all()
    return [ci_view(item, found_type) for item, found_type in rows]
