"""Change management: CHG tickets and their three flows, the catalogue of standard changes, risk, success scores."""
