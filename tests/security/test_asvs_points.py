"""ASVS level 2 points that FlowDesk meets today and no other test pins down (SECURITY.md cites each)."""
import hashlib

from sqlalchemy import select

from app.config import Config
from app.extensions import db
from app.organisation.accounts import create_token
from app.organisation.models import ApiToken, User
from app.organisation.policies import system_actor
from app.organisation.users import UserDetails, add_user

SHARED_PASSWORD = "correct horse battery staple"


def test_passwords_are_stored_as_salted_scrypt_hashes_never_as_given(runtime) -> None:  # type: ignore[no-untyped-def]
    for login in ("ann", "ben"):
        add_user(runtime, system_actor(), login, ["requesters"], details=UserDetails(password=SHARED_PASSWORD),
                 password_hash_method=Config.PASSWORD_HASH_METHOD)
    hashes = list(db.session.execute(select(User.password_hash).order_by(User.login)).scalars())
    assert all(stored.startswith("scrypt:") for stored in hashes)
    assert hashes[0] != hashes[1], "two people with the same password must not share a hash (no salt?)"
    assert all(SHARED_PASSWORD not in stored for stored in hashes)


def test_api_tokens_are_kept_only_as_digests(runtime, demo) -> None:  # type: ignore[no-untyped-def]
    token = create_token(runtime, system_actor(), "sam", "ci")
    row = db.session.execute(select(ApiToken)).scalar_one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr([getattr(row, column.key) for column in ApiToken.__table__.columns])


def test_session_cookie_is_http_only_and_never_rides_in_an_address(client, demo) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/login?next=/tickets", data={"login": "rita", "password": "flowdesk-demo"})
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("session="))
    assert "HttpOnly" in cookie
    assert "session" not in response.headers["Location"] and cookie.split(";")[0][8:] not in response.headers["Location"]


def test_pages_name_their_content_type_with_a_character_set(client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/login", "/no-such-page"):
        assert client.get(path).headers["Content-Type"] == "text/html; charset=utf-8", path


def test_a_method_an_address_does_not_take_is_answered_405(client) -> None:  # type: ignore[no-untyped-def]
    assert client.delete("/login").status_code == 405
    assert client.put("/tickets").status_code == 405


STRAY_PATHS = ("/.git/config", "/.git/HEAD", "/.env", "/setup.cfg", "/app/config.py", "/instance/secret_key",
               "/static/", "/static/../setup.cfg", "/static/%2e%2e/setup.cfg", "/static/vendor/",
               "/flowdesk.sqlite3", "/instance/flowdesk.sqlite3", "/backup.sql", "/README.md~")


def test_no_source_secret_backup_or_directory_listing_is_served(client, demo, sign_in) -> None:  # type: ignore[no-untyped-def]  # ASVS 4.3.2
    sign_in("adam")  # even for an administrator
    for path in STRAY_PATHS:
        response = client.get(path)
        body = response.get_data(as_text=True)
        assert response.status_code == 404, path
        assert "[core]" not in body and "SECRET" not in body and "Index of" not in body, path


def test_the_real_server_names_no_version_in_its_headers(app) -> None:  # type: ignore[no-untyped-def]  # ASVS 14.3.3
    import threading
    import urllib.request

    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.effective_port}/login", timeout=10) as response:
            headers = dict(response.headers.items())
    finally:
        server.close()
        thread.join(timeout=5)
    revealing = {name: value for name, value in headers.items() if name.lower() in ("server", "x-powered-by", "via")}
    assert all(not any(character.isdigit() for character in value) for value in revealing.values()), revealing
    assert "X-Powered-By" not in headers
