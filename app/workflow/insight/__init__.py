"""Insight for process owners: counts kept per process version, element, day and ticket keys, from the history."""
