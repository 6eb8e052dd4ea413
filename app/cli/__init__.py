"""The flowdesk command line, by noun: the group in base, its commands in server, workflow, organisation, outbox."""
from app.cli import organisation, outbox, server, workflow
from app.cli.base import main

COMMAND_MODULES = (organisation, outbox, server, workflow)
__all__ = ["main"]
