"""/engine-rest: bearer tokens and basic logins as the API and the sign-in page check them, Camunda's error shape."""
from limits import parse_many

from tests.engine_rest.conftest import WORKER_PASSWORD, basic


def test_basic_login_and_bearer_token_both_open_it(client, workers) -> None:
    assert client.get("/engine-rest/version", headers=basic("bot")).get_json() == {"version": "7.24.0"}
    assert client.get("/engine-rest/version", headers={"Authorization": f"Bearer {workers['bot']}"}).status_code == 200


def test_refusals_come_in_camundas_shape(client, workers) -> None:
    missing = client.get("/engine-rest/version")
    assert missing.status_code == 401
    assert missing.get_json()["type"] == "AuthenticationException"
    assert "Basic" in missing.headers["WWW-Authenticate"]
    wrong = client.get("/engine-rest/version", headers=basic("bot", "not the password"))
    assert wrong.status_code == 401 and wrong.get_json()["message"] == "The login or password is wrong."
    unknown = client.get("/engine-rest/no-such-thing", headers=basic("bot"))
    assert unknown.status_code == 404 and unknown.get_json()["type"] == "RestException"


def test_a_deactivated_account_is_refused_even_with_its_password(client, workers) -> None:
    refused = client.get("/engine-rest/version", headers=basic("gone"))
    assert refused.status_code == 401
    assert "deactivated" in refused.get_json()["message"]


def test_a_bad_token_is_refused(client, workers) -> None:
    refused = client.get("/engine-rest/version", headers={"Authorization": "Bearer not-a-token"})
    assert refused.status_code == 401 and refused.get_json()["type"] == "AuthenticationException"


def test_guessing_passwords_by_basic_counts_against_the_sign_in_throttle(app, client, workers) -> None:
    allowed = min(parse_many(app.config["LOGIN_LIMITS_PER_ACCOUNT_AND_ADDRESS"]),
                  key=lambda limit: limit.get_expiry()).amount
    address = {"REMOTE_ADDR": "203.0.113.9"}
    for _ in range(allowed - 1):
        assert client.get("/engine-rest/version", headers=basic("bot", "guess"), environ_base=address).status_code == 401
    # the sign-in page and basic share one counter: the last allowed failure is spent on the page
    assert client.post("/login", data={"login": "bot", "password": "guess"}, environ_base=address).status_code == 401
    throttled = client.get("/engine-rest/version", headers=basic("bot"), environ_base=address)
    assert throttled.status_code == 429 and throttled.get_json()["type"] == "AuthenticationException"
    assert int(throttled.headers["Retry-After"]) >= 1
    assert client.get("/engine-rest/version", headers=basic("bot")).status_code == 200  # from another address


def test_a_session_cookie_opens_nothing_and_no_csrf_token_is_asked(app, client, workers) -> None:
    signed_in = client.post("/login", data={"login": "bot", "password": WORKER_PASSWORD})
    assert signed_in.status_code == 302
    app.config["WTF_CSRF_ENABLED"] = True
    body = {"workerId": "w", "maxTasks": 1, "topics": [{"topicName": "t", "lockDuration": 1000}]}
    cookie_only = client.post("/engine-rest/external-task/fetchAndLock", json=body)
    assert cookie_only.status_code == 401 and cookie_only.get_json()["type"] == "AuthenticationException"
    with_basic = client.post("/engine-rest/external-task/fetchAndLock", json=body, headers=basic("bot"))
    assert with_basic.status_code == 200 and with_basic.get_json() == []
