"""Answers carry the headers that keep a browser safe: CSP without inline script, no framing, no sniffing, no caching
of personal data, HSTS and Secure cookies when FlowDesk is served over TLS."""
import hashlib
import re
from pathlib import Path

import pytest

from app import create_app
from app.extensions import db
from app.organisation.accounts import create_token
from app.organisation.policies import system_actor

TEMPLATES = Path(__file__).parents[2] / "app" / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)


def csp_directives(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Return a response's Content-Security-Policy as {directive: sources}."""
    policy = response.headers.get("Content-Security-Policy", "")
    pairs = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {pair[0]: pair[1] if len(pair) > 1 else "" for pair in pairs}


def assert_browser_headers(response) -> None:  # type: ignore[no-untyped-def]
    """Assert the headers every FlowDesk answer carries."""
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") == "same-origin"
    directives = csp_directives(response)
    assert directives.get("frame-ancestors") == "'none'"
    assert directives.get("default-src") == "'self'"
    assert directives.get("object-src") == "'none'"
    for kind in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives.get(kind, directives["default-src"])
        assert "'unsafe-eval'" not in directives.get(kind, directives["default-src"])


@pytest.fixture
def bearer(runtime, demo) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Return the Authorization header of sam's API token."""
    return {"Authorization": f"Bearer {create_token(runtime, system_actor(), 'sam', 'tests')}"}


def test_every_kind_of_answer_carries_the_browser_safety_headers(client, demo, sign_in, bearer) -> None:
    answers = [client.get("/login"), client.get("/static/flowdesk.css"), client.get("/no-such-page"),
               client.get("/api/v1/tasks"), client.get("/api/v1/tasks", headers=bearer)]
    sign_in("sam")
    answers += [client.get("/inbox"), client.get("/tickets"), client.post("/language", data={"language": "en"})]
    for response in answers:
        assert_browser_headers(response)


def test_signed_in_pages_and_api_answers_are_never_stored(client, demo, sign_in, bearer) -> None:
    assert client.get("/api/v1/tasks", headers=bearer).headers.get("Cache-Control") == "no-store"
    sign_in("sam")
    for path in ("/inbox", "/tickets", "/knowledge", "/cmdb"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers.get("Cache-Control") == "no-store", path


def test_static_files_stay_cacheable(client) -> None:
    assert "no-store" not in (client.get("/static/flowdesk.css").headers.get("Cache-Control") or "")


def test_pages_link_static_files_by_content_digest_and_only_those_are_kept_for_a_year(client) -> None:
    page = client.get("/login").get_data(as_text=True)
    [link] = re.findall(r'href="(/static/flowdesk\.css\?v=[0-9a-f]{12})"', page)
    digest = hashlib.sha256((Path(__file__).parents[2] / "app" / "static" / "flowdesk.css").read_bytes()).hexdigest()
    assert link.endswith(digest[:12])
    kept = client.get(link).headers["Cache-Control"]
    assert "max-age=31536000" in kept and "immutable" in kept and "no-cache" not in kept
    for other in ("/static/flowdesk.css", "/static/flowdesk.css?v=000000000000"):  # unversioned, or an old release
        assert "max-age=31536000" not in (client.get(other).headers.get("Cache-Control") or ""), other


def test_plain_http_gets_no_hsts_and_a_lax_session_cookie(client, demo) -> None:
    response = client.post("/login", data={"login": "sam", "password": "flowdesk-demo"})
    assert "Strict-Transport-Security" not in response.headers
    cookie = response.headers["Set-Cookie"]
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie and "Secure" not in cookie


def test_tls_configuration_adds_hsts_and_secure_cookies(database_url, demo) -> None:
    tls = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "TLS": True,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "WTF_CSRF_ENABLED": False})
    with tls.app_context():
        response = tls.test_client().post("/login", data={"login": "sam", "password": "flowdesk-demo"},
                                          base_url="https://flowdesk.example")
        db.engine.dispose()
    assert response.status_code == 302
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_template_has_no_inline_script_handler_or_style(template: Path) -> None:
    text = template.read_text()
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to a file under app/static/"
    assert not EVENT_HANDLER.search(text), "inline event handler: attach it from a file under app/static/"
    assert not STYLE_ATTRIBUTE.search(text), "style attribute: use a class in a style sheet under app/static/"
