"""Measure what the statement deadline costs a search on SQLite (issue 9, finding 3).

SQLite's deadline is a progress handler that runs every PROGRESS_STEPS virtual-machine steps. This fills
a scratch SQLite file with tickets and times a search that walks every one of them (the row check of a
word found nowhere) as a web request would run it (deadline armed) and as the scheduler would (no
deadline) and, for the code before the deadline, with the progress handler taken off the connection,
alternating. Prints the medians and their ratios; never fails on speed.

    .venv/bin/python bench/statement_deadline.py [--tickets 50000] [--runs 30]
"""
import argparse
import statistics
import time
from datetime import UTC, datetime, timedelta

from scratch import insert_batches, migrated_app, scratch_sqlite

from app.extensions import db
from app.organisation.policies import Actor
from app.platform.deadlines import DEADLINE_KEY, PROGRESS_STEPS, past
from app.servicedesk.search import fulltext
from app.servicedesk.search.filters import parse_ticket_query
from app.servicedesk.search.lookup import search_tickets
from app.servicedesk.tickets.models import Ticket

NOW = datetime(2030, 1, 1, tzinfo=UTC)
MANAGER = Actor(0, "mona", "Mona", "en", "UTC", frozenset(), frozenset({"manager"}), frozenset())


def ticket_rows(count: int):  # type: ignore[no-untyped-def]
    """Yield ticket rows with a few hundred characters of text each."""
    for index in range(count):
        moment = NOW - timedelta(minutes=index)
        yield {"number": f"INC-{index + 1:06d}", "kind": "incident", "channel": "portal",
               "title": f"Printer {index} is jammed", "description": "Paper jam on the third floor. " * 10,
               "requester": "rita", "impact": "medium", "urgency": "medium", "priority": "P3",
               "priority_source": "matrix", "priority_reason": "", "status": "assigned",
               "assigned_group": "service-desk", "reassignment_count": 0, "created_at": moment, "updated_at": moment}


def main() -> None:
    """Fill, then time the search with and without the deadline."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=30)
    arguments = parser.parse_args()
    fulltext.SET_THRESHOLDS = {"sqlite": 0}  # the row check: the search reads every ticket
    query = parse_ticket_query([("q", "zzzqqq")])
    with scratch_sqlite() as url:
        app = migrated_app(url)
        with app.app_context():
            insert_batches(Ticket.__table__, ticket_rows(arguments.tickets))
        timings: dict[str, list[float]] = {"with deadline (request)": [], "without (scheduler)": [],
                                           "no handler (before)": []}
        for _ in range(arguments.runs):
            for label in timings:
                context = app.test_request_context("/tickets") if label.startswith("with ") else app.app_context()
                with context:
                    connection = db.session.connection().connection
                    if label.startswith("no handler"):
                        connection.dbapi_connection.set_progress_handler(None, 0)
                    started = time.perf_counter()
                    search_tickets(MANAGER, query, NOW)
                    timings[label].append((time.perf_counter() - started) * 1000)
                    box = connection.info[DEADLINE_KEY]
                    connection.dbapi_connection.set_progress_handler(lambda box=box: past(box[0]), PROGRESS_STEPS)
                    db.session.rollback()
        medians = {label: statistics.median(samples) for label, samples in timings.items()}
        for label, median in medians.items():
            print(f"{label:26} median {median:8.1f} ms over {arguments.tickets:,} tickets")
        before = medians["no handler (before)"]
        print(f"with deadline / before {medians['with deadline (request)'] / before:.3f}, "
              f"without / before {medians['without (scheduler)'] / before:.3f}")


if __name__ == "__main__":
    main()
