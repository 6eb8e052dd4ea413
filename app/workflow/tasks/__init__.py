"""User tasks: claim, complete and reassign them, and the task lists and queue."""
