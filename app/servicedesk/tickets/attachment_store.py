"""The attachment store: a folder of files named by random storage keys, durable before the unit naming them commits.

A file is written to a temporary name in its shard folder and renamed into place, so nobody ever finds half a file
under a key. Making it durable (fsync of the file, then of its folder so the new name survives a power cut) is
started at once on a small pool of threads and awaited just before the unit of work commits: the fsyncs of a mail's
three files overlap each other and the rest of the unit's work, instead of costing one disk flush after the other,
and still no row naming a file commits before the file is on disk. A unit that rolls back waits for its files'
flushes and deletes them, so a file on disk has its row (a process killed outright may leave a file without a row,
never a row without its file).
"""
import os
import re
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db

KEY_PATTERN = re.compile(r"[0-9a-f]{64}")
FLUSH_THREADS = 4  # fsync waits on the disk, not the interpreter: a few threads let a unit's flushes overlap
UNCOMMITTED_FILES = "flowdesk_uncommitted_files"
PENDING_FLUSHES = "flowdesk_pending_flushes"
_flushers = ThreadPoolExecutor(max_workers=FLUSH_THREADS, thread_name_prefix="flowdesk-file-flush")


class AttachmentStore:
    """A folder of attachment files, each named by its storage key under a folder of the key's first 2 chars."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def path_for(self, key: str) -> Path:
        """Return where the file of a key lives; refuse anything that is not a storage key."""
        if not KEY_PATTERN.fullmatch(key):
            raise ValueError(f"'{key}' is not an attachment storage key.")
        return self.root / key[:2] / key

    def write(self, key: str, data: bytes) -> "Future[None]":
        """Write the bytes to a temporary file beside their place and rename it into place; return the flush to disk
        of the file and its folder, already under way."""
        path = self.path_for(key)
        new_folder = not path.parent.is_dir()
        if new_folder:  # once a shard: asking for a folder that is there costs a call on every file
            path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return _flushers.submit(flush_to_disk, path, new_folder)

    def read(self, key: str) -> bytes:
        """Return the bytes of a key; raise FileNotFoundError when the file is gone."""
        return self.path_for(key).read_bytes()

    def delete(self, key: str) -> None:
        """Remove the file of a key; removing a missing file changes nothing."""
        self.path_for(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        """Say whether the file of a key is there."""
        return self.path_for(key).is_file()


def flush_to_disk(path: Path, new_folder: bool) -> None:
    """Flush a file's bytes, then its folder's entries (its new name), then a new folder's own name, to disk."""
    folders = [path.parent, path.parent.parent] if new_folder else [path.parent]
    for target, flags in [(path, os.O_RDONLY)] + [(folder, os.O_RDONLY | os.O_DIRECTORY) for folder in folders]:
        handle = os.open(target, flags)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def write_in_unit(store: AttachmentStore, key: str, data: bytes) -> None:
    """Write a file for a row of the current unit: durable before the unit commits, deleted if it rolls back."""
    db.session.info.setdefault(UNCOMMITTED_FILES, []).append((store, key))
    flush = store.write(key, data)
    db.session.info.setdefault(PENDING_FLUSHES, []).append(flush)


@event.listens_for(Session, "before_commit")
def wait_for_flushes(session: Session) -> None:
    """Hold the commit until every file the unit wrote is on disk; a failed flush fails the commit."""
    for flush in session.info.pop(PENDING_FLUSHES, []):
        flush.result()


@event.listens_for(Session, "after_commit")
def keep_committed_files(session: Session) -> None:
    """Forget the files of a committed unit: their rows are stored."""
    session.info.pop(UNCOMMITTED_FILES, None)


@event.listens_for(Session, "after_rollback")
def delete_rolled_back_files(session: Session) -> None:
    """Delete the files written by a unit that rolled back (once their flushes ended): they have no row."""
    for flush in session.info.pop(PENDING_FLUSHES, []):
        flush.exception()  # waits; a failed flush of a file about to be deleted matters no more
    for store, key in session.info.pop(UNCOMMITTED_FILES, []):
        store.delete(key)
