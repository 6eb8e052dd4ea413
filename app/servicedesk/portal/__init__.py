"""What a requester does and reads: her conversation, her steps, her requests, filing."""
