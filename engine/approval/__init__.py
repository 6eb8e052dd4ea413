"""Approval by rule: a multi-instance user task that ends as soon as its members' decisions settle a rule."""
