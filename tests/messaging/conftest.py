"""Outbox fixtures: the loopback SMS gateway."""
from collections.abc import Iterator

import pytest

from tests.messaging.loopback import LoopbackGateway


@pytest.fixture
def gateway() -> Iterator[LoopbackGateway]:
    """A loopback SMS gateway, stopped after the test."""
    server = LoopbackGateway()
    yield server
    server.stop()
