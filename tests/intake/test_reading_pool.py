"""The reading pool reads mail in a worker process exactly as the polling process would, and a worker that dies only
makes the poller read the mail itself."""
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.servicedesk.intake import reading_pool
from app.servicedesk.intake.reading import IncomingMail, UnreadableMail, read_mail
from app.servicedesk.intake.reading_pool import MailReading, read_ahead, stop_reading_pool

CORPUS = Path(__file__).parents[1] / "mail" / "corpus"
DOMAIN = "flowdesk.example"


@pytest.fixture(scope="module")
def one_worker() -> Iterator[None]:
    """A reading pool of one worker for the module's tests, stopped after them."""
    yield
    stop_reading_pool()


def outcome_of(reading: MailReading | None, raw: bytes) -> IncomingMail | str:
    """Return the read mail, or the reason it is unreadable (read here when no reading is given)."""
    try:
        return reading.mail() if reading is not None else read_mail(raw, DOMAIN)
    except UnreadableMail as refused:
        return f"unreadable: {refused.reason}"


def test_the_pool_reads_every_corpus_mail_as_the_polling_process_does(one_worker: None) -> None:
    raws = [path.read_bytes() for path in sorted(CORPUS.glob("*.eml"))] + [b"", b"\x00\x01binary" * 40]
    readings = read_ahead(raws, DOMAIN, 1)
    assert all(reading.future is not None for reading in readings)  # each went to the worker
    assert [outcome_of(reading, raw) for reading, raw in zip(readings, raws, strict=True)] == [
        outcome_of(None, raw) for raw in raws]


def test_a_killed_reading_worker_leaves_the_mail_read_in_the_polling_process(one_worker: None) -> None:
    raw = (CORPUS / sorted(path.name for path in CORPUS.glob("*.eml"))[0]).read_bytes()
    read_ahead([raw], DOMAIN, 1)[0].mail()  # the worker is up
    pool = reading_pool.reading_pool(1)
    assert pool is not None
    for pid in list(pool._processes):  # noqa: SLF001 - the test plays the kernel's out-of-memory killer
        os.kill(pid, signal.SIGKILL)
    readings = read_ahead([raw, raw], DOMAIN, 1)
    assert [outcome_of(reading, raw) for reading in readings] == [read_mail(raw, DOMAIN)] * 2
    fresh = read_ahead([raw], DOMAIN, 1)  # the broken pool was dropped: the next batch has workers again
    assert fresh[0].future is not None and fresh[0].mail() == read_mail(raw, DOMAIN)
