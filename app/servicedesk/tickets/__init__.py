"""The ticket core, which imports none of the service desk's other rooms: records (logging and finding a ticket, its
statuses), models, categories, classification and deadlines, assignment, notes, attachments (and their store),
visibility (who sees a ticket, its notes and files), system notes as events, status words, the tickets of a CI,
business keys, and the tickets that wait on another's flow."""
