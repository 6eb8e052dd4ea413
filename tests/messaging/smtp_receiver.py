"""A real SMTP receiver on loopback (aiosmtpd), keeping every mail it accepted as parsed MIME.

It answers like a relay would: 550 for the addresses told to refuse, 451 for those told to defer, 554 for a mail
holding the words told to refuse, 535 for a wrong login, and it can be stopped and
started again on the same port to play a relay that is down.
"""
import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    """Return a loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Received:
    """One accepted mail: who it went to, and the message."""

    rcpt_tos: list[str]
    mail: EmailMessage


@dataclass
class SmtpReceiver:
    """The receiver and what it saw."""

    port: int = field(default_factory=free_port)
    received: list[Received] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)
    deferred: set[str] = field(default_factory=set)
    refused_words: str | None = None  # a mail whose text holds these words is refused at DATA with 554
    logins: list[tuple[str, str]] = field(default_factory=list)
    password: str | None = None  # when set, AUTH is offered and this password (any user) is accepted
    controller: Controller | None = None

    @property
    def url(self) -> str:
        """Return the FLOWDESK_SMTP_URL of this receiver (plain, on loopback)."""
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Listen on the receiver's port."""
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, auth_require_tls=False,
                                     authenticator=self.authenticate if self.password else None)
        self.controller.start()

    def stop(self) -> None:
        """Stop listening: connections are refused until start() is called again."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def authenticate(self, server: object, session: object, envelope: object, mechanism: str,
                     auth_data: object) -> AuthResult:
        """Accept a login with the receiver's password; remember every attempt."""
        assert isinstance(auth_data, LoginPassword)
        login, password = auth_data.login.decode(), auth_data.password.decode()
        self.logins.append((login, password))
        return AuthResult(success=password == self.password)

    async def handle_RCPT(self, server: object, session: object, envelope: object, address: str,  # noqa: N802
                          rcpt_options: list[str]) -> str:
        """Refuse the addresses told to refuse (for good), defer those told to defer, accept the others."""
        if address in self.refused:
            return "550 5.1.1 No such mailbox here"
        if address in self.deferred:
            return "451 4.2.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)  # type: ignore[attr-defined]
        return "250 OK"

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
        """Keep the mail, parsed as a mail client would."""
        content = envelope.original_content or envelope.content  # type: ignore[attr-defined]
        if self.refused_words and self.refused_words.encode() in content:
            return "554 5.6.0 Message content rejected"
        mail = message_from_bytes(content, policy=policy.default)
        assert isinstance(mail, EmailMessage)
        self.received.append(Received(list(envelope.rcpt_tos), mail))  # type: ignore[attr-defined]
        return "250 OK: queued"

    def to(self, address: str) -> list[EmailMessage]:
        """Return the mails received for an address, in order."""
        return [item.mail for item in self.received if address in item.rcpt_tos]
