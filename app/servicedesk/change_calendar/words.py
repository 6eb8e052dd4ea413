"""The change calendar's words for people: its rules and severities, and a change's conflicts as one line each."""
from flask_babel import lazy_gettext as _l

from app.servicedesk.change_calendar.collisions import Conflict

RULE_WORDS = {"same_ci": _l("Another change on the same CI"),
              "related_ci": _l("Another change on a related CI"),
              "freeze": _l("A freeze window"),
              "maintenance": _l("Outside the CI's maintenance windows"),
              "implementer": _l("The implementer booked on another change"),
              "window": _l("The window itself")}
SEVERITY_WORDS = {"block": _l("Block"), "warning": _l("Warning"), "off": _l("Off")}


def conflict_line(conflict: Conflict, ci_names: dict[int, str]) -> str:
    """Write one conflict: block or warning, its rule, the CI and the other change."""
    ci = ci_names.get(conflict.ci, str(conflict.ci)) if conflict.ci is not None else "–"
    return str(_l("%(severity)s: %(rule)s · CI %(ci)s · change %(other)s",
                  severity=SEVERITY_WORDS.get(conflict.severity, conflict.severity),
                  rule=RULE_WORDS.get(conflict.rule, conflict.rule), ci=ci, other=conflict.other_change or "–"))


def override_line(booked_by: str, reason: str) -> str:
    """Write the override of a block: who (a change manager: only they may) and why."""
    return str(_l("Block overridden by %(person)s (change manager): %(reason)s", person=booked_by, reason=reason))
