"""The agents' desk: the inbox, task forms, the ticket list and ticket pages."""
