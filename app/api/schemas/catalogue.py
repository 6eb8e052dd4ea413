"""Models of the catalogue endpoints: the items a caller may order with their forms, and an order."""
from typing import Any

from pydantic import ConfigDict, Field

from app.api.schemas.common import Answer, JsonBody, QueryParameters
from app.api.schemas.tasks import FormField


class CatalogueQuery(QueryParameters):
    """Which items to list, and in which language."""

    q: str | None = Field(None, max_length=200, description="Only items whose words contain every word given.")
    category_id: int | None = Field(None, ge=1, description="Only items of this catalogue category.")
    language: str | None = Field(None, pattern="^(en|zh_CN)$", description="Words in `en` (default) or `zh_CN`.")


class CatalogueItemAnswer(Answer):
    """An item the caller may order, with the form its order fills in."""

    key: str = Field(description="What `POST /catalogue/{key}/requests` names.")
    name: str
    description: str
    icon: str
    category: str | None
    unit_price: int = Field(description="Whole CNY per unit; the total is quantity × unit_price.")
    max_quantity: int
    sla_hours: int | None = Field(description="The fulfilment target in working hours.")
    on_behalf: str = Field(description="`self`: for the caller only; `one`: for one person; `many`: for several "
                                       "people, one request each.")
    process_id: str
    version: int = Field(description="The diagram version new requests start (pinned by the item).")
    form_fields: list[FormField]


class CataloguePage(Answer):
    """The items the caller may order."""

    items: list[CatalogueItemAnswer]


class OrderRequest(JsonBody):
    """An order: the item's form values, how many, and for whom."""

    model_config = ConfigDict(strict=True, extra="forbid", json_schema_extra={"example": {
        "values": {"model": "standard", "details": "My old laptop no longer boots."}, "quantity": 1,
        "requested_for": []}})

    values: dict[str, Any] = Field(default_factory=dict, description="The form's field ids to values.")
    quantity: int = Field(1, description="From 1 to the item's max_quantity.")
    requested_for: list[str] = Field(default_factory=list, max_length=50,
                                     description="Logins the order is for (empty: the caller); one request each.")


class OrderedRequest(Answer):
    """A request the order opened."""

    number: str
    requester: str
    status: str
    total: int


class OrderAnswer(Answer):
    """The requests an order opened (one per person it is for)."""

    requests: list[OrderedRequest]
