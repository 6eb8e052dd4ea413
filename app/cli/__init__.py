"""The flowdesk command line, by noun: the group in base, its commands in the modules below."""
from app.cli import (
    catalogue,
    evidence,
    insight,
    mail,
    mail_oauth2,
    messages,
    migration,
    organisation,
    outbox,
    reports,
    server,
    signals,
    whatif,
    workflow,
)
from app.cli.base import main

COMMAND_MODULES = (catalogue, evidence, insight, mail, mail_oauth2, messages, migration, organisation, outbox, reports,
                   server, signals, whatif, workflow)
__all__ = ["main"]
