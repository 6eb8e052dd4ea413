"""Audit evidence: bundles that prove a case's record to someone without the server, its database or its keys."""
