"""The service request flow's handlers (the REQ ticket, the decision, the fulfilment)."""
