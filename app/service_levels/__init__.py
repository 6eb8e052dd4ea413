"""Service levels: business calendars, the SLA clock, policies and escalation, applied to tickets."""
