"""Small steps shared by the mail tests: an incident driven to its resolution, one delivery pass, a user's language."""
import re
from email.message import EmailMessage

from flask import Flask
from sqlalchemy import update

from app.extensions import db
from app.messaging.mail.pass_report import run_send_pending
from app.organisation.models import User
from app.platform.transactions import run_unit
from tests.incident.conftest import Desk

RITA = "rita@flowdesk.example"
LINK = re.compile(r"https?://[^\s\"<>]+/mail/link/[A-Za-z0-9_.\-]+")


def resolved_incident(desk: Desk, resolution: str = "Replaced the fuser unit.") -> str:
    """Log rita's printer incident, classify, accept and resolve it; return its number."""
    number = desk.log().number
    desk.classify()
    task = desk.task("take_or_pass")
    desk.work("take_or_pass", task.assignee, decision="accept")
    desk.work("resolve", desk.ticket.assignee, outcome="resolved", resolution=resolution)
    return number


def send_pending(app: Flask, runtime: object) -> dict:
    """Run one outbox pass against the app's configuration."""
    return run_send_pending(runtime, app.config)  # type: ignore[arg-type]


def speak(login: str, language: str) -> None:
    """Set the language a person reads FlowDesk (and their mail) in."""
    run_unit(lambda: db.session.execute(update(User).where(User.login == login).values(language=language)))


def parts(mail: EmailMessage) -> tuple[str, str]:
    """Return the text and the HTML part of a mail."""
    text = mail.get_body(("plain",))
    html = mail.get_body(("html",))
    assert text is not None and html is not None, "the mail has both a text and an HTML part"
    return text.get_content(), html.get_content()


def links_in(text: str) -> list[str]:
    """Return the FlowDesk one-click links of a text, in order."""
    return LINK.findall(text)
