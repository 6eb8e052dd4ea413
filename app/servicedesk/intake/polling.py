"""Polling: one pass over a mailbox's folder over IMAP, each message stored, processed and then moved to its folder.

A message moves only after its outcome committed: a pass that dies in between leaves it in the polled folder, and
the next pass finds its row by (mailbox, UIDVALIDITY, UID), changes nothing and moves it. A mailbox that cannot be
reached is recorded on its row and never stops the other mailboxes.
"""
import logging
import ssl
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from imapclient import IMAPClient
from sqlalchemy import select, update

from app.extensions import db
from app.platform.secret_box import unseal
from app.platform.transactions import use_case
from app.servicedesk.intake.ingestion import Ingested, process_stored, store_raw_batch
from app.servicedesk.intake.mailboxes import mailbox_named, record_error, require_mailbox
from app.servicedesk.intake.models import FOLDER_OF_STATUS, IncomingMail, Mailbox
from app.servicedesk.intake.oauth_tokens import sign_in_with_oauth2
from app.servicedesk.intake.reading_pool import read_ahead
from app.servicedesk.intake.settings import IntakeSettings
from app.workflow.runtime import Runtime

logger = logging.getLogger("flowdesk.mail")
FETCH_BATCH = 25  # messages fetched at once: memory stays flat however full the mailbox is
COUNTED = {"ticket": "new_tickets", "reply": "replies", "answer": "replies", "reopened": "replies",
           "confirmed": "replies", "decided": "replies", "refused": "refused", "capped": "refused",
           "quarantined": "quarantined", "auto": "auto", "duplicate": "duplicates"}


@dataclass
class PollCounts:
    """What one pass over one mailbox did."""

    mailbox: str
    fetched: int = 0
    new_tickets: int = 0
    replies: int = 0
    refused: int = 0
    quarantined: int = 0
    auto: int = 0
    duplicates: int = 0
    error: str | None = None
    tickets: list[str] = field(default_factory=list)

    def count(self, outcome: Ingested) -> None:
        """Count one message's outcome."""
        self.fetched += 1
        name = COUNTED.get(outcome.status)
        if name:
            setattr(self, name, getattr(self, name) + 1)
        if outcome.ticket_number and outcome.ticket_number not in self.tickets:
            self.tickets.append(outcome.ticket_number)

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-able data."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class MailboxAccess:
    """What a pass needs of a mailbox row, read before any network talk."""

    id: int
    name: str
    host: str
    port: int
    security: str
    username: str
    auth_method: str
    secret: str
    folder: str
    folders: dict[str, str]


def read_access(mailbox: Mailbox) -> MailboxAccess:
    """Return the connection facts of a mailbox."""
    return MailboxAccess(mailbox.id, mailbox.name, mailbox.host, mailbox.port, mailbox.security, mailbox.username,
                         mailbox.auth_method, mailbox.secret, mailbox.folder,
                         {"processed": mailbox.processed_folder, "refused": mailbox.refused_folder,
                          "quarantine": mailbox.quarantine_folder})


def connect(runtime: Runtime, access: MailboxAccess, settings: IntakeSettings) -> IMAPClient:
    """Open a verified TLS connection (implicit TLS, or STARTTLS before any password) and sign in."""
    context = ssl.create_default_context(cafile=settings.imap_ca_file)
    implicit = access.security == "tls"
    client = untraced(IMAPClient(access.host, port=access.port, ssl=implicit, ssl_context=context,
                                 timeout=settings.imap_timeout_seconds))
    if not implicit:
        client.starttls(context)
    if access.auth_method == "oauth2":  # the access token, renewed when expired or refused
        sign_in_with_oauth2(runtime, settings, client, access.id, access.username)
    else:
        client.login(access.username, unseal(settings.key, access.secret))  # sealed at rest (secret_box.py)
    return client


def untraced(client: IMAPClient) -> IMAPClient:
    """Return the client with imaplib's own tracing off, unless its 'imapclient.imaplib' log is on for DEBUG.

    IMAPClient sets imaplib's debug level to 5 and hands its messages to that logger, but imaplib formats each
    message before the logger can drop it: a repr of every fetched message, and of a whole FETCH's messages once
    more when the response is taken. That was two thirds of the CPU of fetching a 500 KB mail (bench/mail_ingest.py).
    """
    if not logging.getLogger("imapclient.imaplib").isEnabledFor(logging.DEBUG):
        client._imap.debug = 0  # imaplib's level; 0 keeps only its short ring of command lines for error reports
    return client


def poll_mailbox(runtime: Runtime, settings: IntakeSettings, mailbox_id: int) -> PollCounts:
    """Take in every message of a mailbox's folder; a connection failure is recorded on the mailbox."""
    access = read_access(require_mailbox(mailbox_id))
    db.session.rollback()  # end the read before talking to the network
    counts = PollCounts(access.name)
    try:
        with connect(runtime, access, settings) as client:
            take_in_folder(runtime, settings, client, access, counts)
    except Exception as error:  # the server, the network or the password: recorded, and the next pass tries again
        counts.error = f"{type(error).__name__}: {error}"
        logger.warning("mailbox %s: %s", access.name, counts.error)
    record_error(runtime, access.id, counts.error)
    return counts


def take_in_folder(runtime: Runtime, settings: IntakeSettings, client: IMAPClient, access: MailboxAccess,
                   counts: PollCounts) -> None:
    """Fetch the folder's messages in batches; hand each batch to the reading pool and store its bytes, then
    process each message in its own unit (reading the next ones meanwhile) and move the batch's messages.

    The next batch is fetched on a thread while this one is processed, so the poller does not wait for the server
    between batches. The connection is never used by both at once: the batch's move waits for that fetch to end.
    """
    uid_validity = int(client.select_folder(access.folder)[b"UIDVALIDITY"])
    access = with_server_folders(client, access)
    ensure_folders(client, access.folders.values())
    uid_batches = list(batches(client.search(["NOT", "DELETED"]), FETCH_BATCH))
    if not uid_batches:
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="flowdesk-imap-fetch") as fetcher:
        found = fetch_batch(client, uid_batches[0])
        for following in [*uid_batches[1:], None]:
            fetching = fetcher.submit(fetch_batch, client, following) if following else None
            ingested = take_in_batch(runtime, settings, access, uid_validity, found, counts)
            found = fetching.result() if fetching else []
            move_messages(runtime, client, access, ingested)


def take_in_batch(runtime: Runtime, settings: IntakeSettings, access: MailboxAccess, uid_validity: int,
                  found: list[tuple[int, bytes]], counts: PollCounts) -> list[tuple[int, Ingested]]:
    """Store a fetched batch's bytes, then process each message in its own unit; return what became of each."""
    readings = read_ahead([raw for _uid, raw in found], settings.domain, settings.read_workers)
    mail_ids = store_raw_batch(runtime, access.id, uid_validity, found)
    ingested: list[tuple[int, Ingested]] = []
    for (uid, _raw), mail_id, reading in zip(found, mail_ids, readings, strict=True):
        outcome = process_stored(runtime, settings, mail_id, reading)
        counts.count(outcome)
        ingested.append((uid, outcome))
    return ingested


def fetch_batch(client: IMAPClient, batch: list[int]) -> list[tuple[int, bytes]]:
    """Fetch a batch's messages in one FETCH; return the (UID, bytes) found, in order."""
    fetched = client.fetch(batch, ["BODY.PEEK[]"])
    return [(uid, bytes(fetched[uid][b"BODY[]"])) for uid in batch
            if fetched.get(uid, {}).get(b"BODY[]") is not None]  # a missing one was expunged by someone else


def batches(uids: list[int], size: int) -> Iterator[list[int]]:
    """Yield the UIDs in batches of a size."""
    for start in range(0, len(uids), size):
        yield uids[start:start + size]


def with_server_folders(client: IMAPClient, access: MailboxAccess) -> MailboxAccess:
    """Return the access with its folder names written in the server's hierarchy ('/' is the admins' separator)."""
    listed = client.list_folders("", "")
    delimiter = listed[0][1] if listed and listed[0][1] else b"/"
    separator = delimiter.decode() if isinstance(delimiter, bytes) else str(delimiter)
    folders = {kind: name.replace("/", separator) for kind, name in access.folders.items()}
    return MailboxAccess(**{**access.__dict__, "folders": folders})


def ensure_folders(client: IMAPClient, folders: Any) -> None:
    """Create the folders handled mail goes to, where missing."""
    for folder in folders:
        if not client.folder_exists(folder):
            client.create_folder(folder)


def move_messages(runtime: Runtime, client: IMAPClient, access: MailboxAccess,
                  ingested: list[tuple[int, Ingested]]) -> None:
    """Move committed messages to their folders, one command per folder, and note that they moved.

    Each message's outcome committed before this: a pass that dies here leaves them in the polled folder, and the
    next pass finds their rows and moves them.
    """
    uids_of_folder: dict[str, list[int]] = {}
    moved_ids: list[int] = []
    for uid, outcome in ingested:
        folder_kind = FOLDER_OF_STATUS.get(outcome.status)
        if folder_kind is not None:
            uids_of_folder.setdefault(access.folders[folder_kind], []).append(uid)
            moved_ids.append(outcome.mail_id)
    for folder, uids in uids_of_folder.items():
        move_uids(client, uids, folder)
    if moved_ids:
        mark_moved(runtime, moved_ids)


def move_uids(client: IMAPClient, uids: list[int], folder: str) -> None:
    """Move messages to a folder: MOVE, or copy, delete and expunge them."""
    if client.has_capability("MOVE"):
        client.move(uids, folder)
        return
    client.copy(uids, folder)
    client.delete_messages(uids)
    if client.has_capability("UIDPLUS"):
        client.uid_expunge(uids)
    else:
        client.expunge()


@use_case
def mark_moved(runtime: Runtime, mail_ids: list[int]) -> None:
    """Note that messages left the polled folder."""
    db.session.execute(update(IncomingMail).where(IncomingMail.id.in_(mail_ids)).values(moved=True))


def poll_mailboxes(runtime: Runtime, settings: IntakeSettings, name: str | None = None) -> list[PollCounts]:
    """Poll every active mailbox (or the one named), one after the other."""
    query = select(Mailbox.id).order_by(Mailbox.name)
    query = query.where(Mailbox.name == name) if name else query.where(Mailbox.active.is_(True))
    ids = list(db.session.execute(query).scalars())
    db.session.rollback()
    if name and not ids:
        mailbox_named(name)  # raises NotFound with what to do
    return [poll_mailbox(runtime, settings, mailbox_id) for mailbox_id in ids]
