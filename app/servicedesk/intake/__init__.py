"""E-mail in: reading a raw message, mailboxes, polling, ingestion of one message into a ticket or a reply,
threading and quarantine."""
