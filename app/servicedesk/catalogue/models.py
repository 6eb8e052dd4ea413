"""What the request catalogue holds: its categories and items (each pinned to one version of its diagram), who may
order an item, the requests ordered from it, the approvers each level was given, and requesters' drafts."""
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.types import UtcDateTime

ON_BEHALF = ("self", "one", "many")  # only for oneself; for oneself or one other person; for several people
AUDIENCE_KINDS = ("department", "role", "group")


class CatalogueCategory(Model):
    """A shelf of the catalogue (Hardware, Software, Access, People)."""

    __tablename__ = "catalogue_category"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    name_zh: Mapped[str | None] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class CatalogueItem(Model):
    """Something people may order: its words in both languages, its diagram pinned by version, price and target.

    definition_id pins the version new requests start; requests in flight keep the version they started, so
    changing the item (or its pin) never changes them.
    """

    __tablename__ = "catalogue_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)  # in addresses: /portal/catalogue/<key>
    name: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    description_zh: Mapped[str | None] = mapped_column(Text)
    icon: Mapped[str] = mapped_column(String(40), default="box", server_default="box")
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("catalogue_category.id", name="fk_catalogue_item_category_id", ondelete="SET NULL"))
    definition_id: Mapped[int] = mapped_column(
        ForeignKey("process_definition.id", name="fk_catalogue_item_definition_id"))
    unit_price: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # whole CNY
    max_quantity: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    sla_hours: Mapped[int | None] = mapped_column(Integer)  # the fulfilment target, in working hours
    on_behalf: Mapped[str] = mapped_column(String(10), default="self", server_default="self")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CatalogueAudience(Model):
    """Who may see and order an item: a department (and those below it), a role or a group. None: everyone."""

    __tablename__ = "catalogue_audience"
    __table_args__ = (UniqueConstraint("item_id", "kind", "value", name="uq_catalogue_audience"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_item.id", name="fk_catalogue_audience_item_id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # department, role, group
    value: Mapped[str] = mapped_column(String(80))  # a department id, a role, a group name


class CatalogueRequest(Model):
    """A request ordered from the catalogue: its REQ ticket, the item and the version it started, what it costs."""

    __tablename__ = "catalogue_request"
    __table_args__ = (UniqueConstraint("ticket_id", name="uq_catalogue_request_ticket_id"),
                      Index("ix_catalogue_request_ordered_by", "ordered_by", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id", name="fk_catalogue_request_ticket_id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("catalogue_item.id", name="fk_catalogue_request_item_id"))
    definition_id: Mapped[int] = mapped_column(
        ForeignKey("process_definition.id", name="fk_catalogue_request_definition_id"))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    ordered_by: Mapped[str] = mapped_column(String(80))  # who ordered; the ticket's requester is whom it is for
    ordered_at: Mapped[datetime] = mapped_column(UtcDateTime())
    answers: Mapped[str] = mapped_column(Text, default="{}")  # the start form as filled in (JSON), for "again"


class CatalogueApproval(Model):
    """An approver a level of a request was given when the level began (the rule's answer, never the requester)."""

    __tablename__ = "catalogue_approval"
    __table_args__ = (Index("ix_catalogue_approval_ticket", "ticket_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id", name="fk_catalogue_approval_ticket_id", ondelete="CASCADE"))
    element_id: Mapped[str] = mapped_column(String(200))  # the level's approval task in the diagram
    rule: Mapped[str] = mapped_column(String(120))  # line_manager, department_head, cost_centre_owner, ...
    approver: Mapped[str] = mapped_column(String(80))
    resolved_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CatalogueDraft(Model):
    """A request a requester began and saved, to finish later."""

    __tablename__ = "catalogue_draft"
    __table_args__ = (Index("ix_catalogue_draft_owner", "owner", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_item.id", name="fk_catalogue_draft_item_id", ondelete="CASCADE"))
    owner: Mapped[str] = mapped_column(String(80))
    answers: Mapped[str] = mapped_column(Text)  # JSON: the form's values, quantity and for whom
    saved_at: Mapped[datetime] = mapped_column(UtcDateTime())
