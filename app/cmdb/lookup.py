"""Looking configuration items up as someone types, for the CI picker: by name, type or owning group."""
from sqlalchemy import func, or_, select

from app.cmdb.models import CiType, ConfigurationItem
from app.extensions import db
from app.organisation.directory import LOOKUP_LIMIT, Found, contains
from app.organisation.policies import Actor, may_see_cmdb
from app.platform.errors import InvalidValues, NotAllowed

CI_LOOKUP_TEXT_MAX = 200


def look_up_cis(actor: Actor, text: str, limit: int = LOOKUP_LIMIT) -> list[Found]:
    """Return the CIs whose name, type or owning group contains the text, by name (CMDB readers only)."""
    if not may_see_cmdb(actor):
        raise NotAllowed("Only the service desk, managers, auditors and process owners read the CMDB.")
    text = text.strip()
    if len(text) > CI_LOOKUP_TEXT_MAX:
        raise InvalidValues(f"A search text is at most {CI_LOOKUP_TEXT_MAX} characters long; shorten it.",
                            {"q": [f"Shorten this to {CI_LOOKUP_TEXT_MAX} characters."]})
    pattern = contains(text)
    matches = or_(func.lower(ConfigurationItem.name).like(pattern, escape="\\"),
                  func.lower(CiType.name).like(pattern, escape="\\"),
                  func.lower(func.coalesce(CiType.display_name, "")).like(pattern, escape="\\"),
                  func.lower(func.coalesce(ConfigurationItem.owner_group, "")).like(pattern, escape="\\"))
    rows = db.session.execute(
        select(ConfigurationItem.name, CiType.display_name, CiType.name, ConfigurationItem.owner_group)
        .join(CiType, CiType.id == ConfigurationItem.type_id).where(matches)
        .order_by(ConfigurationItem.name, ConfigurationItem.id).limit(max(1, min(limit, LOOKUP_LIMIT)))).all()
    return [Found(name, name, " · ".join(part for part in (shown or type_name, owner) if part))
            for name, shown, type_name, owner in rows]
