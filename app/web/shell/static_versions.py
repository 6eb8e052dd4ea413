"""Static files under versioned addresses: every link to a file of app/static carries a digest of its content
(`?v=...`), so a browser keeps the file for a year without asking again, and a new release, whose files have new
digests, is fetched at once. An address without the current digest (an old page, a hand-typed address) is answered
as before: cacheable, checked with the server each time."""
import hashlib
from typing import Any

from flask import Flask, request
from werkzeug.security import safe_join
from werkzeug.wrappers import Response

YEAR_SECONDS = 365 * 24 * 3600


def register(app: Flask) -> None:
    """Add the digest to static links and let versioned answers be kept for a year."""
    folder = app.static_folder or ""
    digests: dict[str, str | None] = {}

    def digest(filename: str) -> str | None:
        """Return the first 12 hex digits of the file's SHA-256 (read once per process; per call when debugging)."""
        if filename not in digests or app.debug:
            path = safe_join(folder, filename)
            try:
                with open(path or "", "rb") as handle:
                    digests[filename] = hashlib.sha256(handle.read()).hexdigest()[:12]
            except OSError:  # no such file (a broken link stays broken, unversioned)
                digests[filename] = None
        return digests[filename]

    def add_version(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "v" not in values and values.get("filename"):
            found = digest(values["filename"])
            if found is not None:
                values["v"] = found

    def keep_versioned(response: Response) -> Response:
        if (request.endpoint == "static" and response.status_code in (200, 304) and request.view_args
                and request.args.get("v") is not None
                and request.args["v"] == digest(request.view_args.get("filename", ""))):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = YEAR_SECONDS
            response.cache_control.immutable = True
        return response

    app.url_defaults(add_version)
    app.after_request(keep_versioned)
