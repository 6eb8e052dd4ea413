"""What every domain stands on: transactions, domain errors, cursors, CSV cells, column types, rule errors."""
