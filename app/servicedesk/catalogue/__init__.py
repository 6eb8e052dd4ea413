"""The request catalogue: items people order, each a REQ ticket with approvals by rule and fulfilment."""
