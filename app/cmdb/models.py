"""The configuration management database: CI types, configuration items, their relations and change history."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.types import UtcDateTime


class CiType(Model):
    """A kind of configuration item (server, application, ...) with the attributes its items carry."""

    __tablename__ = "ci_type"
    __table_args__ = (UniqueConstraint("name", name="uq_ci_type_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    display_name: Mapped[str] = mapped_column(String(200))
    # JSON list of {name, label, type: string|integer|boolean|date|enum, required, options}
    attributes: Mapped[str] = mapped_column(Text)


class ConfigurationItem(Model):
    """A configuration item; its attributes (JSON object) follow the definitions of its type."""

    __tablename__ = "configuration_item"
    __table_args__ = (
        UniqueConstraint("type_id", "name", name="uq_configuration_item_type_name"),
        Index("ix_configuration_item_name", "name", "id"),
        Index("ix_configuration_item_owner_group", "owner_group", "name", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("ci_type.id", name="fk_configuration_item_type_id"))
    name: Mapped[str] = mapped_column(String(200))
    owner_group: Mapped[str | None] = mapped_column(String(80))
    owner_login: Mapped[str | None] = mapped_column(String(80))  # the person it is handed to (migration 0051)
    location: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))  # planned, active, maintenance, retired
    attributes: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CiRelation(Model):
    """A directed relation: source depends on / runs on / is connected to target."""

    __tablename__ = "ci_relation"
    __table_args__ = (
        # Leads with source_id, so it also serves "what does this CI use".
        UniqueConstraint("source_id", "target_id", "kind", name="uq_ci_relation_source_target_kind"),
        # The impact view walks the edges backwards, from target to source.
        Index("ix_ci_relation_target", "target_id", "kind", "source_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("configuration_item.id", name="fk_ci_relation_source_id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(
        ForeignKey("configuration_item.id", name="fk_ci_relation_target_id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # depends_on, runs_on, connected_to


class CiChange(Model):
    """Append-only: one update of a CI, who made it, when, from which ticket, and what changed."""

    __tablename__ = "ci_change"
    __table_args__ = (Index("ix_ci_change_ci", "ci_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ci_id: Mapped[int] = mapped_column(ForeignKey("configuration_item.id", name="fk_ci_change_ci_id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor: Mapped[str] = mapped_column(String(80))
    ticket: Mapped[str | None] = mapped_column(String(100))
    changes: Mapped[str] = mapped_column(Text)  # JSON {field: [old, new]}
