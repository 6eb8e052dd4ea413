"""Admin pages: the organisation, categories, service levels, calendars and settings."""
