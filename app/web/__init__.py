"""Blueprints by audience."""
