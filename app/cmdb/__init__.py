"""The configuration management database: CI types, items, relations, impact, CSV transfer."""
