"""Guessing passwords through /login: throttled per account and address and per address, the same answer for every
login, and no way for a stranger to keep someone else out."""
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from flask import Flask
from limits import parse_many

from app import create_app
from app.demo import DEMO_PASSWORD
from app.extensions import limiter

STRANGER = "203.0.113.7"
OTHER_STRANGER = "198.51.100.23"
RITAS_DESK = "192.0.2.10"
FLASH = re.compile(r'<div class="flash error" role="alert">([^<]*)</div>')


def first_limit(app: Flask, setting: str) -> int:
    """Return how many failures the first (shortest) window of a limit setting allows."""
    return min(parse_many(app.config[setting]), key=lambda limit: limit.get_expiry()).amount


def sign_in(client, login: str, password: str, address: str):  # type: ignore[no-untyped-def]
    """Post the sign-in form from a client address."""
    return client.post("/login", data={"login": login, "password": password}, environ_base={"REMOTE_ADDR": address})


def answer(response) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """Return what a sign-in answer tells: its status and its message."""
    found = FLASH.search(response.get_data(as_text=True))
    return response.status_code, found.group(1) if found else ""


@pytest.fixture
def moving_clock():  # type: ignore[no-untyped-def]
    """Hold the wall clock the throttle reads, and let the test move it."""
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


def test_an_app_built_without_throttling_leaves_the_next_app_throttled(database_url) -> None:
    # One limiter serves every app of a process; an app that switches it off must not switch it off for others.
    create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "RATELIMIT_ENABLED": False})
    throttled = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True})
    assert throttled.config["RATELIMIT_ENABLED"] and limiter.enabled


def test_default_limits_leave_a_guesser_few_tries(app) -> None:
    assert first_limit(app, "LOGIN_LIMITS_PER_ACCOUNT_AND_ADDRESS") <= 10
    assert first_limit(app, "LOGIN_LIMITS_PER_ADDRESS") <= 30


def test_guesser_is_throttled_on_one_account_from_one_address_even_with_the_right_password(
        app, client, demo, moving_clock) -> None:
    allowed = first_limit(app, "LOGIN_LIMITS_PER_ACCOUNT_AND_ADDRESS")
    for _ in range(allowed):
        assert sign_in(client, "rita", "wrong guess", STRANGER).status_code == 401
    refused = sign_in(client, "rita", DEMO_PASSWORD, STRANGER)
    assert refused.status_code == 429
    wait_seconds = int(refused.headers["Retry-After"])
    assert 0 < wait_seconds <= 61  # the one-minute window, rounded up
    assert answer(refused) == (429, f"Too many failed attempts. Try again in {wait_seconds} seconds.")
    moving_clock.shift(timedelta(seconds=wait_seconds))
    assert sign_in(client, "rita", DEMO_PASSWORD, STRANGER).status_code == 302


def test_guesser_spraying_many_logins_from_one_address_is_throttled(app, client, demo, moving_clock) -> None:
    allowed = first_limit(app, "LOGIN_LIMITS_PER_ADDRESS")
    for attempt in range(allowed):
        assert sign_in(client, f"someone{attempt}", "Winter2026!", STRANGER).status_code == 401
    assert sign_in(client, "sam", DEMO_PASSWORD, STRANGER).status_code == 429
    assert sign_in(client, "sam", DEMO_PASSWORD, RITAS_DESK).status_code == 302


def test_stranger_cannot_lock_rita_out_by_failing_on_her_account(app, client, demo, moving_clock) -> None:
    allowed = first_limit(app, "LOGIN_LIMITS_PER_ACCOUNT_AND_ADDRESS")
    for address in (STRANGER, OTHER_STRANGER):
        for _ in range(allowed + 2):
            sign_in(client, "rita", "wrong guess", address)
    assert sign_in(client, "rita", DEMO_PASSWORD, RITAS_DESK).status_code == 302


def test_known_and_unknown_logins_get_the_same_answers_attempt_by_attempt(app, client, demo, moving_clock) -> None:
    allowed = first_limit(app, "LOGIN_LIMITS_PER_ACCOUNT_AND_ADDRESS")
    known = [answer(sign_in(client, "rita", "wrong guess", STRANGER)) for _ in range(allowed + 2)]
    unknown = [answer(sign_in(client, "ritta", "wrong guess", OTHER_STRANGER)) for _ in range(allowed + 2)]
    assert known == unknown
    assert known[0] == (401, "The login or password is wrong.")
    assert known[-1][0] == 429


def test_unknown_login_costs_the_same_password_hash_as_a_known_one(app, client, demo, monkeypatch) -> None:
    from app.organisation import accounts

    methods: list[str] = []
    real_check = accounts.check_password_hash

    def record_method(password_hash: str, password: str) -> bool:
        methods.append(password_hash.split("$", 1)[0])
        return real_check(password_hash, password)
    monkeypatch.setattr(accounts, "check_password_hash", record_method)
    sign_in(client, "rita", "wrong guess", STRANGER)
    sign_in(client, "nobody-here", "wrong guess", STRANGER)
    assert methods == [app.config["PASSWORD_HASH_METHOD"]] * 2


def test_successful_sign_ins_do_not_use_up_the_limits(app, client, demo, moving_clock) -> None:
    allowed = first_limit(app, "LOGIN_LIMITS_PER_ADDRESS")
    for _ in range(allowed + 1):
        assert sign_in(client, "rita", DEMO_PASSWORD, RITAS_DESK).status_code == 302
    assert sign_in(client, "rita", "one typo", RITAS_DESK).status_code == 401


def test_throttled_visitor_is_told_to_wait_in_chinese_when_the_browser_asks_for_it(app, client, demo) -> None:
    allowed = first_limit(app, "LOGIN_LIMITS_PER_ACCOUNT_AND_ADDRESS")
    for _ in range(allowed + 1):
        refused = client.post("/login", data={"login": "lee", "password": "wrong guess"},
                              headers={"Accept-Language": "zh-CN"}, environ_base={"REMOTE_ADDR": STRANGER})
    assert refused.status_code == 429
    assert "失败次数过多" in answer(refused)[1]


def test_guesser_cannot_dodge_the_throttle_with_a_forged_forwarded_for_header(app, client, demo) -> None:
    allowed = first_limit(app, "LOGIN_LIMITS_PER_ACCOUNT_AND_ADDRESS")
    for attempt in range(allowed):
        client.post("/login", data={"login": "rita", "password": "wrong guess"},
                    headers={"X-Forwarded-For": f"10.0.0.{attempt}"}, environ_base={"REMOTE_ADDR": STRANGER})
    refused = client.post("/login", data={"login": "rita", "password": "wrong guess"},
                          headers={"X-Forwarded-For": "10.0.0.99"}, environ_base={"REMOTE_ADDR": STRANGER})
    assert refused.status_code == 429


def test_visitors_behind_a_trusted_proxy_are_throttled_each_under_their_own_address(database_url, demo) -> None:
    from app import create_app
    from app.extensions import db

    proxied = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "TRUSTED_PROXIES": 1,
                          "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "WTF_CSRF_ENABLED": False})
    allowed = first_limit(proxied, "LOGIN_LIMITS_PER_ACCOUNT_AND_ADDRESS")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    with proxied.app_context():
        client = proxied.test_client()
        for _ in range(allowed + 1):
            stranger = client.post("/login", data={"login": "rita", "password": "wrong guess"},
                                   headers={"X-Forwarded-For": STRANGER}, environ_base=proxy)
        rita = client.post("/login", data={"login": "rita", "password": DEMO_PASSWORD},
                           headers={"X-Forwarded-For": RITAS_DESK}, environ_base=proxy)
        db.engine.dispose()
    assert stranger.status_code == 429
    assert rita.status_code == 302
