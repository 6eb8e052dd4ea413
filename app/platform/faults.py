"""Crash points for the fault suite: a process told to crash at a named point kills itself there with SIGKILL.

Nothing happens unless FLOWDESK_CRASH_AT names a point ("step.before_commit", "timers.after_firing",
"outbox.after_send", ...), optionally with the how-many-th passage that crashes ("outbox.after_send:3").
The fault suite (tests/faults/) starts real web and scheduler processes with it to prove that a
process dying at the worst moment loses nothing and duplicates nothing. SIGKILL, unlike an
exception, runs no cleanup: no rollback, no finally, no atexit, exactly like a power cut.
"""
import os
import signal
import threading

ENVIRONMENT_VARIABLE = "FLOWDESK_CRASH_AT"
_passages: dict[str, int] = {}
_lock = threading.Lock()


def crash_point(name: str) -> None:
    """Die here, at once and uncleanly, if this process was told to crash at this point."""
    wanted = os.environ.get(ENVIRONMENT_VARIABLE)
    if not wanted:
        return
    point, _, nth = wanted.partition(":")
    if point != name:
        return
    with _lock:
        _passages[name] = _passages.get(name, 0) + 1
        reached = _passages[name]
    if reached >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
