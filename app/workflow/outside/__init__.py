"""What comes from outside an instance: external-task workers and messages."""
