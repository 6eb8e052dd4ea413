"""What every answer tells the browser: a Content-Security-Policy without inline script, no framing, no type
sniffing, no referrer outside FlowDesk, nothing stored from dynamic answers, and HSTS when served over TLS."""
from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

# Scripts and styles come only from FlowDesk's own files (app/static/): no inline <script>, no on...= handlers,
# no style attributes (tests/security/test_headers.py checks the templates). The diagram viewer sets styles
# through the DOM, which style-src does not govern; the browser tests fail on any violation.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))


def configure_tls(app: Flask) -> None:
    """Mark cookies Secure and links https when TLS is configured; trust the configured reverse proxies."""
    if app.config["TLS"]:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
        app.config["PREFERRED_URL_SCHEME"] = "https"
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]


def add_security_headers(response: Response, hsts_seconds: int | None) -> Response:
    """Add the browser safety headers to an answer (static files stay cacheable; nothing else is stored).

    A view that sets its own policy keeps it: the admin's mail preview is a mail's HTML (inline styles, no script
    at all) framed by FlowDesk's own editor page.
    """
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers.setdefault("X-Frame-Options", "DENY")  # frame-ancestors for browsers that predate it
    response.headers["Referrer-Policy"] = "same-origin"
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"  # pages and API answers carry personal data
    if hsts_seconds:
        response.headers["Strict-Transport-Security"] = f"max-age={hsts_seconds}"
    return response


def register(app: Flask) -> None:
    """Configure cookies for TLS and add the headers to every answer."""
    configure_tls(app)
    hsts_seconds = app.config["HSTS_SECONDS"] if app.config["TLS"] else None
    app.after_request(lambda response: add_security_headers(response, hsts_seconds))
