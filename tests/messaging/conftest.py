"""Outbox fixtures: the loopback SMS gateway and the loopback SMTP receiver."""
from collections.abc import Iterator

import pytest

from tests.incident.conftest import desk  # noqa: F401  (the incident flow's fixture, for the mail tests)
from tests.messaging.loopback import LoopbackGateway
from tests.messaging.smtp_receiver import SmtpReceiver


@pytest.fixture
def gateway() -> Iterator[LoopbackGateway]:
    """A loopback SMS gateway, stopped after the test."""
    server = LoopbackGateway()
    yield server
    server.stop()


@pytest.fixture
def smtp_receiver() -> Iterator[SmtpReceiver]:
    """A real SMTP receiver (aiosmtpd) on loopback, stopped after the test."""
    receiver = SmtpReceiver()
    receiver.start()
    yield receiver
    receiver.stop()
