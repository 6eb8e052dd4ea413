"""Each person's choice of how to hear of each event: e-mail on or off, SMS never, when urgent or always."""
from sqlalchemy import select

from app.extensions import db
from app.messaging.mail.events import EVENTS, SMS_CHOICES, require_event
from app.messaging.mail.models import NotificationPreference
from app.organisation.models import User
from app.organisation.policies import Actor
from app.organisation.users import require_user
from app.platform.errors import InvalidValues
from app.platform.transactions import use_case

DEFAULT_CHOICE = (True, "urgent")


def channels_for(person: User, event: str, urgent: bool) -> tuple[bool, bool]:
    """Return (e-mail, SMS) for one notice of an event: the person's choice, else e-mail always and SMS when urgent."""
    row = db.session.execute(select(NotificationPreference).where(
        NotificationPreference.user_id == person.id, NotificationPreference.event == event)).scalar_one_or_none()
    email, sms = (row.email, row.sms) if row is not None else DEFAULT_CHOICE
    return email, sms == "always" or (sms == "urgent" and urgent)


def preferences_of(person: User) -> dict[str, tuple[bool, str]]:
    """Return every event's (e-mail, SMS choice) of a person, the defaults where they chose nothing."""
    rows = {row.event: (row.email, row.sms) for row in db.session.execute(
        select(NotificationPreference).where(NotificationPreference.user_id == person.id)).scalars()}
    return {event.name: rows.get(event.name, DEFAULT_CHOICE) for event in EVENTS}


@use_case
def save_own_preferences(actor: Actor, choices: dict[str, tuple[bool, str]]) -> None:
    """Store how the actor wants to hear of each event (everyone sets their own, nobody another's)."""
    wrong = {f"{event}:sms": [f"Choose one of {', '.join(SMS_CHOICES)}, not '{sms}'."]
             for event, (_, sms) in choices.items() if sms not in SMS_CHOICES}
    if wrong:
        raise InvalidValues("The SMS choice was not understood; nothing was saved.", wrong)
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
