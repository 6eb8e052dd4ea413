"""The flowdesk command line, by noun: the group in base, its commands in the modules below."""
from app.cli import (
    evidence,
    insight,
    mail,
    mail_oauth2,
    messages,
    migration,
    organisation,
    outbox,
    server,
    signals,
    whatif,
    workflow,
)
from app.cli.base import main

COMMAND_MODULES = (evidence, insight, mail, mail_oauth2, messages, migration, organisation, outbox, server, signals,
                   whatif, workflow)
__all__ = ["main"]
