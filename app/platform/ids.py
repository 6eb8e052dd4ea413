"""The largest id a FlowDesk table holds: ids are 32-bit integers on PostgreSQL, so a larger number names nothing
(and, sent to the database, would fail the query instead of finding no row)."""

MAX_ID = 2**31 - 1
