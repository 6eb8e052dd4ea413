"""What FlowDesk sends: the outbox and its channels (SMS; e-mail next)."""
