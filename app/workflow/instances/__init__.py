"""Process instances: start, cancel, show, their data and their keyed history."""
