"""The service desk: tickets, notes, attachments, categories, search, and each ITSM flow's handlers."""
