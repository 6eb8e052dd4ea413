"""Who sees which catalogue item (one rule for the portal and the API), ordering through the API with refusals that
name the field, and the portal's order page with a draft, the receipt, approvals, progress and "request again"."""
import json
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.organisation.models import Department
from app.organisation.policies import system_actor
from app.organisation.tokens import create_token
from app.servicedesk.catalogue.items import items_for, save_item
from tests.catalogue.conftest import EDITOR, LAPTOP_FORM, Catalogue, person


def api_call(client: FlaskClient, login: str, method: str, path: str, body: Any = None) -> Any:
    """Call /api/v1 with a fresh token of a demo person."""
    token = create_token(client.application.extensions["flowdesk"], system_actor(), login, "tests")
    return client.open("/api/v1" + path, method=method, headers={"Authorization": f"Bearer {token}"},
                       data=json.dumps(body) if body is not None else None, content_type="application/json")


def add_audience_items(catalogue: Catalogue) -> None:
    """Add an item for the Finance department only and one for managers only."""
    finance = db.session.execute(select(Department.id).where(Department.name == "Finance")).scalar_one()
    catalogue.item("finance-only", audience=[f"department:{finance}"])
    save_item(catalogue.runtime, EDITOR, "managers-only", {"name": "Managers only", "process_id": "catalogue_laptop",
                                                           "audience": ["role:manager"]})


def test_items_are_seen_by_department_and_role_alike_in_the_portal_and_the_api(
        catalogue: Catalogue, client: FlaskClient, sign_in: Any) -> None:
    add_audience_items(catalogue)
    seen = {login: [view.item.key for view in items_for(catalogue.runtime, person(login))]
            for login in ("rita", "sam", "mona")}
    assert seen == {"rita": ["finance-only", "new-laptop"],
                    "sam": ["new-laptop"], "mona": ["managers-only", "new-laptop"]}
    listed = api_call(client, "rita", "GET", "/catalogue").get_json()
    assert sorted(item["key"] for item in listed["items"]) == ["finance-only", "new-laptop"]
    laptop = next(item for item in listed["items"] if item["key"] == "new-laptop")
    assert [field["id"] for field in laptop["form_fields"]] == ["model", "details", "needed_by"]
    sign_in("sam")
    assert b'data-item="finance-only"' not in client.get("/portal/catalogue").data
    assert client.get("/portal/catalogue/finance-only").status_code == 404
    assert api_call(client, "sam", "POST", "/catalogue/finance-only/requests",
                    {"values": LAPTOP_FORM}).status_code == 404


def test_an_api_order_refused_names_the_field_and_files_nothing(catalogue: Catalogue, client: FlaskClient) -> None:
    too_many = api_call(client, "rita", "POST", "/catalogue/new-laptop/requests",
                        {"values": LAPTOP_FORM, "quantity": 9})
    assert too_many.status_code == 422
    assert list(too_many.get_json()["errors"]) == ["quantity"]
    no_reason = api_call(client, "rita", "POST", "/catalogue/new-laptop/requests", {"values": {"model": "standard"}})
    assert no_reason.status_code == 422
    assert "details" in no_reason.get_json()["errors"]
    nobody = api_call(client, "rita", "POST", "/catalogue/new-laptop/requests",
                      {"values": LAPTOP_FORM, "requested_for": ["nobody"]})
    assert (nobody.status_code, list(nobody.get_json()["errors"])) == (422, ["requested_for"])
    assert api_call(client, "rita", "GET", "/tickets").get_json()["tickets"] == []
    filed = api_call(client, "rita", "POST", "/catalogue/new-laptop/requests", {"values": LAPTOP_FORM,
                                                                                "quantity": 2})
    assert filed.status_code == 201
    assert [(line["requester"], line["total"]) for line in filed.get_json()["requests"]] == [("rita", 16000)]


def test_a_requester_saves_a_draft_files_it_follows_its_approvals_and_orders_it_again(
        catalogue: Catalogue, client: FlaskClient, sign_in: Any) -> None:
    sign_in("rita")
    form = {"model": "performance", "details": "Video editing.", "quantity": "1", "requested_for": ""}
    saved = client.post("/portal/catalogue/new-laptop", data={**form, "action": "draft"})
    assert saved.status_code == 302 and "draft=" in saved.location
    assert b"Video editing." in client.get(saved.location).data
    assert b'data-testid="drafts"' in client.get("/portal/catalogue").data
    draft_id = saved.location.rsplit("=", 1)[1]
    filed = client.post("/portal/catalogue/new-laptop", data={**form, "action": "order", "draft": draft_id})
    assert filed.status_code == 302 and "/portal/receipt/REQ-" in filed.location
    receipt = client.get(filed.location).get_data(as_text=True)
    assert "Mona Manager" in receipt
    assert b'data-testid="drafts"' not in client.get("/portal/catalogue").data
    number = filed.location.rsplit("/", 1)[1]
    page = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert 'data-state="pending"' in page and "Mona Manager" in page
    assert 'data-element="approve_manager" aria-current="step"' in page
    again = client.get(f"/portal/catalogue/again/{number}")
    assert again.status_code == 302
    assert "Video editing." in client.get(again.location).get_data(as_text=True)


def test_an_order_page_refusal_names_the_field(catalogue: Catalogue, client: FlaskClient, sign_in: Any) -> None:
    sign_in("rita")
    refused = client.post("/portal/catalogue/new-laptop", data={
        "model": "standard", "details": "x", "quantity": "7", "requested_for": "", "action": "order"})
    assert refused.status_code == 422
    assert 'id="quantity-error"' in refused.get_data(as_text=True)


def test_a_process_owner_edits_an_item_sees_its_levels_and_a_wrong_price_is_named(
        catalogue: Catalogue, client: FlaskClient, sign_in: Any) -> None:
    sign_in("olga")
    page = client.get("/catalogue-items/new-laptop").get_data(as_text=True)
    assert '<li>line_manager</li>' in page and '<li>cost_centre_owner</li>' in page
    form = {"name": "New laptop", "process_id": "catalogue_laptop", "unit_price": "-5", "max_quantity": "3",
            "on_behalf": "many", "active": "on"}
    refused = client.post("/catalogue-items/new-laptop", data=form)
    assert refused.status_code == 422 and 'id="unit_price-error"' in refused.get_data(as_text=True)
    assert client.post("/catalogue-items/new-laptop", data={**form, "unit_price": "7500"}).status_code == 302
    assert [view.item.unit_price for view in items_for(catalogue.runtime, person("rita"))] == [7500]


def test_a_catalogue_process_is_ordered_from_the_catalogue_not_started_from_the_portal(
        catalogue: Catalogue, client: FlaskClient, sign_in: Any) -> None:
    sign_in("rita")
    assert "/portal/start/catalogue_laptop" not in client.get("/portal").get_data(as_text=True)
    assert client.get("/portal/start/catalogue_laptop").status_code == 403
