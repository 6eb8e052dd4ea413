"""The agent's desk: queue rows, reply templates, system notes as events, status words."""
