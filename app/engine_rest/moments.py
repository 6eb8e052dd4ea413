"""Moments as Camunda's REST API writes them: yyyy-MM-dd'T'HH:mm:ss.SSSZ (e.g. 2026-12-06T05:13:20.000+0000)."""
from datetime import datetime


def camunda_moment(moment: datetime | None) -> str | None:
    """Return a moment in Camunda's default date format, or None."""
    if moment is None:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}" + moment.strftime("%z")
