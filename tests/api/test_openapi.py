"""The OpenAPI document is valid OpenAPI 3.1 and describes every route of the API."""
import re

from openapi_spec_validator import validate

from app.api.openapi import DOCUMENT

HTTP_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def test_openapi_document_is_valid_openapi_3_1() -> None:
    validate(DOCUMENT)


def test_openapi_document_is_served_without_a_token(client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.get_json()["openapi"] == "3.1.0"


def test_every_api_route_is_documented_and_nothing_else(app) -> None:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            routes.update((path, method.lower(), rule.endpoint) for method in rule.methods & HTTP_METHODS)
    documented = {(path, method, "api." + operation["operationId"])
                  for path, methods in DOCUMENT["paths"].items() for method, operation in methods.items()}
    assert routes == documented


def test_every_operation_documents_its_path_parameters() -> None:
    for path, methods in DOCUMENT["paths"].items():
        in_path = set(re.findall(r"{(\w+)}", path))
        for operation in methods.values():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == in_path, path


def test_every_secured_operation_documents_the_401_answer() -> None:
    for methods in DOCUMENT["paths"].values():
        for operation in methods.values():
            if operation.get("security") != []:
                assert "401" in operation["responses"], operation["operationId"]
