"""Moments as Camunda's REST API writes them: yyyy-MM-dd'T'HH:mm:ss.SSSZ (e.g. 2026-12-06T05:13:20.000+0000)."""
from datetime import datetime

from app.engine_rest.errors import bad_request


def camunda_moment(moment: datetime | None) -> str | None:
    """Return a moment in Camunda's default date format, or None."""
    if moment is None:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}" + moment.strftime("%z")


def read_camunda_moment(text: str | None, name: str) -> datetime | None:
    """Read a query parameter written in Camunda's date format (or ISO 8601 with an offset); a 400 otherwise."""
    if text is None or text == "":
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace(" ", "+"))  # a '+' left unescaped in a query string
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise bad_request(f"'{name}' must be a moment with its offset, as Camunda writes it "
                          f"(2026-12-06T05:13:20.000+0000); '{text}' is not one.")
    return moment
