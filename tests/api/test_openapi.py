"""The OpenAPI document, made from the endpoints' declarations, is valid OpenAPI 3.1 and describes every route."""
import re
from typing import Any

import pytest
from openapi_spec_validator import validate

from app.api.openapi import document

HTTP_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def made(app) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The OpenAPI document of the test app."""
    return document()


def test_openapi_document_is_valid_openapi_3_1(made) -> None:
    validate(made)


def test_openapi_document_is_served_without_a_token(client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.get_json()["openapi"] == "3.1.0"


def test_every_api_route_is_documented_and_nothing_else(app, made) -> None:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            routes.update((path, method.lower(), rule.endpoint) for method in rule.methods & HTTP_METHODS)
    documented = {(path, method, "api." + operation["operationId"])
                  for path, methods in made["paths"].items() for method, operation in methods.items()}
    assert routes == documented


def test_every_operation_documents_its_path_parameters(made) -> None:
    for path, methods in made["paths"].items():
        in_path = set(re.findall(r"{(\w+)}", path))
        for operation in methods.values():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == in_path, path


def test_every_secured_operation_documents_the_401_answer(made) -> None:
    for methods in made["paths"].values():
        for operation in methods.values():
            if operation.get("security") != []:
                assert "401" in operation["responses"], operation["operationId"]


def test_every_refusal_is_documented_as_a_problem_document(made) -> None:
    for methods in made["paths"].values():
        for operation in methods.values():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert list(response["content"]) == ["application/problem+json"], operation["operationId"]


def test_every_creation_documents_its_location(made) -> None:
    created = {operation["operationId"]: "Location" in operation["responses"]["201"].get("headers", {})
               for methods in made["paths"].values() for operation in methods.values()
               if "201" in operation["responses"]}
    assert created == {"start_instance": True, "create_ci": True, "create_article": True, "log_incident": True,
                       "add_ticket_note": False, "attach_ticket_file": False, "open_problem": True,
                       "order_catalogue_item": True, "raise_change": True}


def test_request_models_are_documented_with_their_members(made) -> None:
    schemas = made["components"]["schemas"]
    assert schemas["StartRequest"]["additionalProperties"] is False
    assert schemas["IncidentRequest"]["required"] == ["title"]
    assert schemas["Task"]["properties"]["due_at"]["anyOf"][0] == {"type": "string", "format": "date-time"}


def test_every_model_an_endpoint_declares_has_its_schema_in_the_document(made) -> None:
    from app.api.contract import spec

    schemas = made["components"]["schemas"]
    declared = {key for metadata in spec._function_metadata.values()
                for key in (metadata.query, metadata.json, metadata.form) if key is not None} | {
        model.__name__ for metadata in spec._function_metadata.values() if metadata.resp
        for model in metadata.resp.models}
    assert declared and declared <= set(schemas), sorted(declared - set(schemas))


def test_a_schema_is_written_when_the_document_is_made_not_when_its_endpoint_is_declared() -> None:
    from flask import Flask
    from pydantic import BaseModel

    from app.api.contract import DocumentedLater

    class Parcel(BaseModel):
        weight: int

    later = DocumentedLater("flask", mode="strict", annotations=False, naming_strategy=lambda model: model.__name__)
    app = Flask(__name__)

    @app.post("/parcels")
    @later.validate(json=Parcel)
    def send() -> str:
        return "sent"
    assert later.models == {}  # declared, not yet documented
    later.register(app)
    with app.app_context():
        made = later.spec
    assert made["components"]["schemas"]["Parcel"]["properties"]["weight"]["type"] == "integer"
    assert later.undocumented == []
