"""The agent's desk: the ticket page, ticket actions (cancel, duplicate), queue rows, reply templates, task records,
the manager's overview."""
