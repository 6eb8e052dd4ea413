"""Files attached to tickets; the bytes live in the attachment store, the row says what they are."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.types import UtcDateTime


class TicketAttachment(Model):
    """An uploaded file; file_name is for display only, the store finds the bytes by the random storage_key."""

    __tablename__ = "ticket_attachment"
    __table_args__ = (
        UniqueConstraint("storage_key", name="uq_ticket_attachment_storage_key"),
        Index("ix_ticket_attachment_ticket", "ticket_id", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id", name="fk_ticket_attachment_ticket_id", ondelete="CASCADE"))
    file_name: Mapped[str] = mapped_column(String(255))  # as uploaded, sanitised; never used as a path
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[str] = mapped_column(String(80))
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    visibility: Mapped[str] = mapped_column(String(10))  # internal, public
