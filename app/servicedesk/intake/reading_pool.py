"""The reading pool: mail is read (MIME parse, attachment decoding, hashing, HTML to text) in a worker process on
another core while the polling process runs the units of work.

Reading is pure (app/servicedesk/intake/reading): a worker returns what read_mail returns, or raises UnreadableMail
as it does, so a mail's outcome is the same whichever process read it. Nothing is written by a worker. A worker that
dies (killed, out of memory) breaks the pool: the mail is then read in the polling process, as it is without a pool,
and the next pass starts a new pool. With one core (or MAIL_READ_WORKERS 0) every mail is read in the polling
process. Workers are spawned, never forked: the polling process has threads (the file flushers, the scheduler)
whose locks a fork would copy held.
"""
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from app.servicedesk.intake.reading import IncomingMail, UnreadableMail, read_mail

logger = logging.getLogger("flowdesk.mail")
_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_pool_size = 0
PARENT_CHECK_SECONDS = 0.5


def default_workers() -> int:
    """Return how many reading workers fit: the cores beside the polling process's own, at most two."""
    return max(0, min(2, (os.cpu_count() or 1) - 1))


class MailReading:
    """One mail being read: by a worker when the pool took it, else here when its text is first asked for."""

    def __init__(self, raw: bytes, own_domain: str | None, future: "Future[IncomingMail] | None") -> None:
        self.raw, self.own_domain, self.future = raw, own_domain, future
        self._mail: IncomingMail | None = None

    def mail(self) -> IncomingMail:
        """Return the read mail (asked again, the same); raise UnreadableMail for bytes that are no mail."""
        if self._mail is None:
            self._mail = self._read()
        return self._mail

    def _read(self) -> IncomingMail:
        if self.future is not None:
            try:
                return self.future.result()
            except UnreadableMail:
                raise
            except Exception as error:  # noqa: BLE001 - the pool failed, not the mail: read it here instead
                logger.warning("reading worker failed (%s: %s); the mail is read in the polling process",
                               type(error).__name__, error)
                forget_pool(error)
        return read_mail(self.raw, self.own_domain)


def read_ahead(raws: list[bytes], own_domain: str | None, workers: int) -> list[MailReading]:
    """Hand a batch of raw mails to the reading workers at once; return their readings, in order."""
    pool = reading_pool(workers)
    readings = []
    for raw in raws:
        future = None
        if pool is not None:
            try:
                future = pool.submit(read_mail, raw, own_domain)
            except (BrokenProcessPool, RuntimeError) as error:
                forget_pool(error)
                pool = None
        readings.append(MailReading(raw, own_domain, future))
    return readings


def reading_pool(workers: int) -> ProcessPoolExecutor | None:
    """Return the process's reading pool of a size, started on first use (None: read in this process)."""
    global _pool, _pool_size
    if workers <= 0:
        return None
    with _lock:
        if _pool is None or _pool_size != workers:
            if _pool is not None:
                _pool.shutdown(wait=False, cancel_futures=True)
            _pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=watch_parent, initargs=(os.getpid(),))
            _pool_size = workers
        return _pool


def watch_parent(parent_pid: int) -> None:
    """Start a worker's watch on the polling process: a worker whose poller died (killed outright, say) ends too,
    instead of holding the poller's output open and a core busy for nobody."""
    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="flowdesk-reader-watch", daemon=True).start()


def forget_pool(error: BaseException) -> None:
    """Drop a broken pool so the next batch starts a new one."""
    global _pool
    if not isinstance(error, (BrokenProcessPool, RuntimeError)):
        return
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


def stop_reading_pool() -> None:
    """Stop the reading workers (tests, and the process's exit)."""
    global _pool
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None
