"""Service levels: business calendars and the SLA clock of a ticket, as pure functions."""
