"""What process owners and auditors read of how cases ran: the heatmap, the paths, rework and conformance."""
