"""E-mail in: mailboxes, polling, ingestion of one message into a ticket or a reply, threading and quarantine."""
