"""E-mail intake against a real Dovecot: one server for the session, a fresh IMAP user (so an empty mailbox) per test."""
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import pytest
from flask import Flask
from imapclient import IMAPClient
from sqlalchemy import select

from app.extensions import db
from app.organisation.groups import add_member
from app.organisation.policies import system_actor
from app.servicedesk.intake.models import IncomingMail
from app.workflow.deployment import deploy_diagram
from app.workflow.runtime import Runtime
from engine.clock import FixedClock
from tests.incident.conftest import MONDAY_10, PROCESSES, Desk
from tests.intake.dovecot import USERS, Dovecot, next_user, remove_dovecot_files, start_dovecot, stop_dovecot
from tests.messaging.conftest import smtp_receiver  # noqa: F401  (aiosmtpd on loopback, for the scenario)


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    """A Dovecot IMAP server on loopback for the whole session."""
    server, process = start_dovecot(USERS)
    try:
        yield server
    finally:
        stop_dovecot(process)
        remove_dovecot_files(server)


@dataclass
class ImapBox:
    """One IMAP user's mailbox on the test server: append mail to it and look into its folders."""

    server: Dovecot
    user: str

    def client(self) -> IMAPClient:
        """Return a signed-in client over verified TLS."""
        context = ssl.create_default_context(cafile=self.server.ca_file)
        client = IMAPClient(self.server.host, port=self.server.port, ssl=True, ssl_context=context)
        client.login(self.user, self.server.password)
        return client

    def append(self, message: EmailMessage | bytes, folder: str = "INBOX") -> None:
        """Deliver a message into a folder, as the mail server would."""
        with self.client() as client:
            client.append(folder, message if isinstance(message, bytes) else message.as_bytes())

    def count(self, folder: str) -> int:
        """Return how many messages a folder holds (0 for a folder that does not exist)."""
        folder = folder.replace("/", ".")  # Dovecot's maildir hierarchy separator
        with self.client() as client:
            if not client.folder_exists(folder):
                return 0
            return len(client.select_folder(folder, readonly=True) and client.search(["NOT", "DELETED"]))

    def url(self) -> str:
        """Return the mailbox's imaps:// URL."""
        return self.server.url(self.user)


@pytest.fixture
def desk(runtime: Runtime, clock: FixedClock, demo: list[str]) -> Desk:
    """The demo organisation, the shipped incident flow and a clock on a Monday morning in Shanghai."""
    clock.set(MONDAY_10)
    deploy_diagram(runtime, (PROCESSES / "incident.bpmn").read_bytes(), "incident.bpmn", "olga")
    add_member(system_actor(), "second-line", "carl")
    return Desk(runtime, clock)


@pytest.fixture
def imap(dovecot: Dovecot, app: Flask, desk: Desk) -> ImapBox:
    """A fresh, empty IMAP mailbox, and the app trusting the server's certificate."""
    user = next_user()
    app.config["MAIL_IMAP_CA_FILE"] = dovecot.ca_file
    return ImapBox(dovecot, user)


def mail(sender: str, subject: str, body: str, **headers: str) -> EmailMessage:
    """Return a plain text message from a sender to the service desk."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "servicedesk@flowdesk.example"
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="mail.example")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


def incoming() -> list[IncomingMail]:
    """Return the incoming mail rows, oldest first."""
    db.session.expire_all()
    return list(db.session.execute(select(IncomingMail).order_by(IncomingMail.id)).scalars())
