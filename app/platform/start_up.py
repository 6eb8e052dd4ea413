"""What a FlowDesk process does about its start-up objects: build them with the collector paused, then, in a
long-running process, keep them out of its way.

Importing FlowDesk and building its app make some 300,000 objects and almost no garbage, yet the allocations
alone set off some 600 collections, the full ones walking everything made so far: a third of a second of
each process's start (a command, the scheduler, serve; in the test suite, every app a test builds).
collector_paused() keeps the collector off while that happens and turns it back on after, as it was.

A FlowDesk process imports and builds some 300,000 objects that live as long as it does: modules, SQLAlchemy's
mappers and statement caches, Flask's and Jinja's tables, parsed diagrams. CPython's cyclic garbage collector
walks every one of them on each full collection, which the ordinary garbage of requests and steps brings
about every few hundred thousand allocations: a pause of 0.1-0.2 s on the 2-core reference machine, about
0.2 ms of every lifecycle in the engine benchmark. gc.freeze() moves what exists to a generation the
collector never walks; what requests and steps create afterwards is collected as before. What start-up built
and later drops in a reference cycle is kept instead of collected: a one-time amount, the price of the freeze.
"""
import contextlib
import gc
import logging
from collections.abc import Iterator

logger = logging.getLogger("flowdesk.start_up")


def freeze_start_up_objects() -> int:
    """Collect start-up's garbage, then exempt every object alive now from later collections; return how many."""
    gc.collect()
    gc.freeze()
    frozen = gc.get_freeze_count()
    logger.info("froze %s start-up objects out of the cyclic garbage collector's walks", frozen)
    return frozen


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off; leave it on or off afterwards as it was before."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
