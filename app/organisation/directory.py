"""Looking active people and groups up by part of their login or name, for the pickers of the pages."""
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from app.extensions import db
from app.organisation.models import Group, User
from app.organisation.policies import Actor, may_look_up_people
from app.platform.errors import InvalidValues, NotAllowed

LOOKUP_LIMIT = 10
LOOKUP_TEXT_MAX = 200


@dataclass(frozen=True)
class Found:
    """One match of a picker: the value a form takes, the name people read, and a detail to tell matches apart."""

    value: str
    label: str
    detail: str

    def to_dict(self) -> dict[str, str]:
        """Return JSON-able data."""
        return {"value": self.value, "label": self.label, "detail": self.detail}


def check_lookup(actor: Actor, text: str) -> str:
    """Refuse a look-up by someone who may not look people up, or a text longer than any name; return it trimmed."""
    if not may_look_up_people(actor):
        raise NotAllowed("Only the service desk and process owners look people and groups up; ask an agent for help.")
    text = text.strip()
    if len(text) > LOOKUP_TEXT_MAX:
        raise InvalidValues(f"A search text is at most {LOOKUP_TEXT_MAX} characters long; shorten it.",
                            {"q": [f"Shorten this to {LOOKUP_TEXT_MAX} characters."]})
    return text


def contains(text: str) -> str:
    """Return a LIKE pattern matching lower-case text that contains the given text literally."""
    return "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def look_up_users(actor: Actor, text: str, limit: int = LOOKUP_LIMIT) -> list[Found]:
    """Return the active users whose login or display name contains the text, by login."""
    text = check_lookup(actor, text)
    pattern = contains(text)
    rows = db.session.execute(
        select(User.login, User.display_name, User.email).where(User.active.is_(True), or_(
            func.lower(User.login).like(pattern, escape="\\"),
            func.lower(User.display_name).like(pattern, escape="\\")))
        .order_by(User.login).limit(max(1, min(limit, LOOKUP_LIMIT)))).all()
    return [Found(login, name or login, email or login) for login, name, email in rows]


def look_up_groups(actor: Actor, text: str, limit: int = LOOKUP_LIMIT) -> list[Found]:
    """Return the groups whose name or display name contains the text, by name."""
    text = check_lookup(actor, text)
    pattern = contains(text)
    rows = db.session.execute(
        select(Group.name, Group.display_name).where(or_(
            func.lower(Group.name).like(pattern, escape="\\"),
            func.lower(func.coalesce(Group.display_name, "")).like(pattern, escape="\\")))
        .order_by(Group.name).limit(max(1, min(limit, LOOKUP_LIMIT)))).all()
    return [Found(name, shown or name, name) for name, shown in rows]
