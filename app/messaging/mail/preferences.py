"""Each person's choice of how to hear of each event (e-mail, SMS, both or neither), read and changed."""
from sqlalchemy import select

from app.extensions import db
from app.messaging.mail.events import EVENTS, require_event
from app.messaging.mail.models import NotificationPreference
from app.organisation.models import User
from app.organisation.policies import Actor
from app.organisation.users import require_user
from app.platform.transactions import use_case


def channels_for(person: User, event: str, urgent: bool) -> tuple[bool, bool]:
    """Return (e-mail, SMS) for one event: the person's choice, else e-mail always and SMS when urgent."""
    row = db.session.execute(select(NotificationPreference).where(
        NotificationPreference.user_id == person.id, NotificationPreference.event == event)).scalar_one_or_none()
    if row is None:
        return True, urgent
    return row.email, row.sms


def preferences_of(person: User) -> dict[str, tuple[bool, bool]]:
    """Return every event's (e-mail, SMS) choice of a person, the defaults where they chose nothing."""
    rows = {row.event: (row.email, row.sms) for row in db.session.execute(
        select(NotificationPreference).where(NotificationPreference.user_id == person.id)).scalars()}
    return {event.name: rows.get(event.name, (True, event.sms_by_default)) for event in EVENTS}


@use_case
def save_own_preferences(actor: Actor, choices: dict[str, tuple[bool, bool]]) -> None:
    """Store how the actor wants to hear of each event (everyone sets their own, nobody another's)."""
    person = require_user(actor.login)
    existing = {row.event: row for row in db.session.execute(
        select(NotificationPreference).where(NotificationPreference.user_id == person.id)).scalars()}
    for event, (email, sms) in choices.items():
        require_event(event)
        row = existing.get(event)
        if row is None:
            db.session.add(NotificationPreference(user_id=person.id, event=event, email=email, sms=sms))
        else:
            row.email, row.sms = email, sms
