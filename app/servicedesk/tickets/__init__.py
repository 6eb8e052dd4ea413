"""The ticket core: records (logging and finding a ticket, its statuses), models, categories, classification and
deadlines, assignment, notes, attachments (and their store), visibility, actions (cancel, duplicate), the ticket
page, the tickets of a CI, business keys, and the tickets that wait on another's flow."""
