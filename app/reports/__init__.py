"""Reports: KPIs kept by daily roll-ups of the tickets, dashboards' numbers, exports and subscriptions."""
