"""The organisation: people, departments, groups, roles, accounts and tokens, and who may do what."""
