"""Problem management: PRB tickets and their flow, known errors, workarounds reaching incidents, suggestions."""
