"""Models of the evidence endpoints: which cases to export, and the installation's signing key."""
from datetime import date

from pydantic import ConfigDict, Field

from app.api.schemas.common import Answer, JsonBody

ZIP_ANSWER = {"application/zip": {"schema": {"type": "string", "format": "binary"}}}


class EvidenceRequest(JsonBody):
    """Which cases to export: those of a process or of a ticket category (one of them), begun in a period."""

    process_id: str | None = Field(None, max_length=200, description="The process as drawn (e.g. `incident`).")
    category_id: int | None = Field(None, ge=1, le=2**31 - 1, description="A ticket category; its sub-categories "
                                                                           "count too.")
    first_day: date = Field(strict=False, description="The first day the cases began on (the token user's zone).")
    last_day: date = Field(strict=False, description="The last day, inclusive.")

    model_config = ConfigDict(json_schema_extra={
        "example": {"process_id": "incident", "first_day": "2026-11-01", "last_day": "2026-11-30"}})


class EvidenceKey(Answer):
    """The public key evidence bundles are signed with."""

    algorithm: str = Field(description="Always `Ed25519`.")
    public_key_pem: str = Field(description="The public key, PEM (SubjectPublicKeyInfo).")
    fingerprint: str = Field(description="SHA-256 of the key's 32 raw bytes, hex: what a bundle's manifest names.")
