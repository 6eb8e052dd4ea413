"""Reply templates: canned responses per language that admins keep and agents insert into a ticket's note."""
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.organisation.policies import Actor, check_may_administer, is_staff
from app.platform.errors import Conflict, InvalidValues, NotAllowed, NotFound
from app.platform.limits import NOTE_MAX
from app.platform.transactions import use_case
from app.servicedesk.tickets.models import ReplyTemplate

TEMPLATE_LANGUAGES = ("en", "zh_CN")
TEMPLATE_TITLE_MAX = 200


def list_reply_templates(language: str | None = None) -> list[ReplyTemplate]:
    """Return the reply templates (of one language when given), by language and title."""
    query = select(ReplyTemplate).order_by(ReplyTemplate.language, ReplyTemplate.title, ReplyTemplate.id)
    if language is not None:
        query = query.where(ReplyTemplate.language == language)
    return list(db.session.execute(query).scalars())


def templates_for(actor: Actor, language: str) -> list[ReplyTemplate]:
    """Return the templates an agent may insert, in the reader's language; requesters get none."""
    if not is_staff(actor):
        return []
    return list_reply_templates(language if language in TEMPLATE_LANGUAGES else "en")


def require_reply_template(template_id: int) -> ReplyTemplate:
    """Return a reply template or raise NotFound."""
    found = db.session.get(ReplyTemplate, template_id)
    if found is None:
        raise NotFound(f"There is no reply template {template_id}; it may have been deleted.")
    return found


def template_errors(title: str, language: str, body: str) -> dict[str, list[str]]:
    """Return what is wrong with a template's values, by field."""
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = ["Give the template a title agents recognise."]
    elif len(title) > TEMPLATE_TITLE_MAX:
        errors["title"] = [f"Shorten the title to {TEMPLATE_TITLE_MAX} characters."]
    if language not in TEMPLATE_LANGUAGES:
        errors["language"] = [f"Choose one of: {', '.join(TEMPLATE_LANGUAGES)}."]
    if not body:
        errors["body"] = ["Write the text the template inserts."]
    elif len(body) > NOTE_MAX:
        errors["body"] = [f"Shorten the text to {NOTE_MAX} characters: a note holds no more."]
    return errors


@use_case
def save_reply_template(actor: Actor, now: datetime, template_id: int | None, title: str, language: str,
                        body: str) -> ReplyTemplate:
    """Add a reply template (template_id None) or change one; admins only, one title per language."""
    check_may_administer(actor, "change reply templates")
    title, body = title.strip(), body.strip()
    errors = template_errors(title, language, body)
    if errors:
        raise InvalidValues("The reply template was not saved; correct the marked fields.", errors)
    template = require_reply_template(template_id) if template_id is not None else ReplyTemplate()
    clash = db.session.execute(select(ReplyTemplate.id).where(
        ReplyTemplate.language == language, ReplyTemplate.title == title)).scalar()
    if clash is not None and clash != template_id:
        raise Conflict(f"A template called '{title}' already exists in this language; choose another title.")
    template.title, template.language, template.body = title, language, body
    template.updated_by, template.updated_at = actor.login, now
    db.session.add(template)
    db.session.flush()
    return template


@use_case
def delete_reply_template(actor: Actor, template_id: int) -> None:
    """Delete a reply template (notes written with it keep their text); admins only."""
    check_may_administer(actor, "delete reply templates")
    db.session.delete(require_reply_template(template_id))


def check_template_reader(actor: Actor) -> None:
    """Refuse (NotAllowed) a requester reading the desk's templates."""
    if not is_staff(actor):
        raise NotAllowed("Reply templates are for the service desk.")
