"""Error pages that say what happened and what to do; JSON problems for the API."""
from collections.abc import Callable

from flask import Flask, abort, current_app, jsonify, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from app.platform.deadlines import DEADLINE_SPENT
from app.platform.errors import QueryTimedOut
from app.platform.transactions import abandon_read

HTTP_ERROR_RENDERERS = "flowdesk_http_error_renderers"  # app.extensions key: path prefix -> renderer
MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back and try again.")),
    403: (_l("Not allowed"), _l("You do not have permission to see or do this. Ask an administrator if you need it.")),
    404: (_l("Not found"), _l("There is nothing at this address. It may have been removed, or the link is wrong.")),
    405: (_l("Not allowed here"), _l("This address does not accept that kind of request.")),
    500: (_l("Something went wrong"), _l("FlowDesk could not finish this request. Nothing was saved; try again.")),
}
TOO_LARGE_TITLE = _l("Request too large")
TIMED_OUT_TITLE = _l("Taking too long")
CSRF_MESSAGE = _l("The form was open too long or came from elsewhere. Reload the page and submit it again.")


def wants_json() -> bool:
    """Answer in JSON for the API and for clients that ask for it."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def problem(status: int, title: str, detail: str) -> tuple[Response, int]:
    """Return an RFC 9457 problem document."""
    response = jsonify({"type": "about:blank", "title": title, "status": status, "detail": detail})
    response.mimetype = "application/problem+json"
    return response, status


def handle_http(error: HTTPException) -> tuple[Response | str, int]:
    """Render an HTTP error as a page or a problem document."""
    status = error.code or 500
    for prefix, render in current_app.extensions.get(HTTP_ERROR_RENDERERS, {}).items():
        if request.path.startswith(prefix):  # e.g. /engine-rest/: Camunda's clients read Camunda's error shape
            return render(error), status
    if status == 413:
        return handle_too_large()
    title, message = MESSAGES.get(status, (error.name, error.description or ""))
    if wants_json():
        with force_locale("en"):
            return problem(status, str(title), str(error.description if status not in MESSAGES else message))
    return render_template("errors/error.html", title=title, message=message), status


def megabytes(size: int) -> str:
    """Return a size in bytes as megabytes, e.g. '14.3 MB'."""
    return f"{size / (1024 * 1024):.1f} MB"


def too_large_message() -> str:
    """Say how large a request may be and what to do (in the current language)."""
    return _("The request is larger than %(limit)s, the most FlowDesk accepts; nothing was saved. "
             "Attach a smaller file (at most %(file_limit)s) or send a shorter text.",
             limit=megabytes(current_app.config["MAX_CONTENT_LENGTH"]),
             file_limit=megabytes(current_app.config["ATTACHMENT_MAX_BYTES"]))


def handle_too_large() -> tuple[Response | str, int]:
    """Refuse a request body larger than MAX_CONTENT_LENGTH, naming the limit."""
    if wants_json():
        with force_locale("en"):
            return problem(413, str(TOO_LARGE_TITLE), too_large_message())
    return render_template("errors/error.html", title=TOO_LARGE_TITLE, message=too_large_message()), 413


def handle_timeout(error: QueryTimedOut) -> tuple[Response | str, int]:
    """Answer a request whose statement ran past its deadline: 503, nothing saved (the API maps it itself).

    The page's own reads (the signed-in person, the inbox count) run without the deadline the request spent.
    """
    request.environ[DEADLINE_SPENT] = True  # the request's, not g: a test's requests share one app context
    abandon_read()
    if wants_json():
        return problem(503, str(TIMED_OUT_TITLE), str(error))
    message = _("FlowDesk stopped this request because the database took too long on it; nothing was saved. "
                "Narrow it down (fewer or longer words, more filters) and try again.")
    return render_template("errors/error.html", title=TIMED_OUT_TITLE, message=message), 503


def handle_csrf(error: CSRFError) -> tuple[Response | str, int]:
    """Explain a missing or stale form token."""
    if wants_json():
        with force_locale("en"):
            return problem(400, "Form token missing or stale", str(CSRF_MESSAGE))
    return render_template("errors/error.html", title=_("Form expired"), message=CSRF_MESSAGE), 400


def refuse_nul_characters() -> None:
    """Refuse a NUL character anywhere in the address or a form (PostgreSQL text cannot hold one).

    The API does its own check, answering with its own problem type.
    """
    if request.path.startswith("/api/"):
        return
    values = [request.path, *request.args.values()]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        values.extend(request.form.values())
    if any("\x00" in value for value in values):
        abort(400, "The request contains a NUL character.")


def render_http_errors_under(app: Flask, prefix: str, render: Callable[[HTTPException], Response]) -> None:
    """Answer Flask's own refusals (unknown address, wrong method) under a path prefix with a blueprint's renderer.

    Flask hands an address no route matches to the app's handler, never to a blueprint's, so a blueprint with an
    error shape of its own (/engine-rest) registers it here instead of the shell knowing it.
    """
    app.extensions.setdefault(HTTP_ERROR_RENDERERS, {})[prefix] = render


def register(app: Flask) -> None:
    """Install the handlers."""
    app.before_request(refuse_nul_characters)
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(QueryTimedOut, handle_timeout)
