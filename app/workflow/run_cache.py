"""Keep recently saved runs in memory so the next step of the same instance skips deserializing it.

A cached run is only reused when the instance row's lock_version still equals the version it was
saved as, so a step taken by another worker (or a failed commit) makes it stale and it is rebuilt
from the stored state instead. A run is taken out while a step uses it and put back only after
that step's transaction committed.
"""
import threading
from collections import OrderedDict

from engine.runtime import Run

DEFAULT_SIZE = 2000


class RunCache:
    """A bounded, thread-safe map of instance id -> (lock_version, run)."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._runs: OrderedDict[int, tuple[int, Run]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, instance_id: int, lock_version: int) -> Run | None:
        """Remove and return the run saved as this version, if there is one."""
        with self._lock:
            entry = self._runs.pop(instance_id, None)
        if entry is None or entry[0] != lock_version:
            return None
        return entry[1]

    def keep(self, instance_id: int, lock_version: int, run: Run) -> None:
        """Remember a run as saved at a version (call after the commit)."""
        with self._lock:
            self._runs[instance_id] = (lock_version, run)
            self._runs.move_to_end(instance_id)
            while len(self._runs) > self.size:
                self._runs.popitem(last=False)
