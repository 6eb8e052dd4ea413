"""Satisfaction surveys: the rules per category or catalogue item, the survey flow's handlers and the answers."""
