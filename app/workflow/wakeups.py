"""Wake-ups between threads of one process: long-polling worker fetches wait for new external tasks.

(Not BPMN signals: those are app/workflow/outside/signal_broadcast.py.)
"""
import threading


class TaskSignal:
    """Wakes long-polling fetches in this process when tasks may have become available (after a commit).

    Fetches in other processes, and tasks freed by a passing moment (an expired lock, a retry timeout),
    are found by the bounded wait between polls instead.
    """

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.generation = 0

    def notify(self) -> None:
        """Say that tasks may have become available."""
        with self.condition:
            self.generation += 1
            self.condition.notify_all()

    def wait(self, seen: int, seconds: float) -> int:
        """Wait up to `seconds` for a notification after generation `seen`; return the generation now."""
        with self.condition:
            self.condition.wait_for(lambda: self.generation != seen, timeout=seconds)
            return self.generation


tasks_available = TaskSignal()
