"""Incoming mail keeps why it was refused, capped, quarantined or stored as a bounce as a reason code and its
parameters (JSON), not as an English sentence: pages render it in the reader's language and filter by it
(app/servicedesk/intake/reasons.py). The quarantine's reason word becomes the code; what failed stays verbatim as
its 'detail'.

Existing rows: each sentence FlowDesk wrote is recognised and becomes its code with the parameters read out of it;
a text that is not recognised is kept whole as the 'text' of the code 'recorded_text'. A quarantined (or discarded)
mail's reason word becomes its code (an older row without one: 'unexpected'), its text the 'detail', and the line a
discard added becomes 'discarded_by' and 'discarded_at'. The downgrade writes the sentences and words back.

The sentences are copied here on purpose: a migration keeps reading the rows of its day when the app's words change.

Revision ID: 0047
Revises: 0046
Create Date: 2026-12-06 23:30:00

"""
import re
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0047'
down_revision = '0046'
branch_labels = None
depends_on = None

BATCH_ROWS = 1000
# code -> (the sentence as FlowDesk wrote it, the pattern that reads its parameters back)
SENTENCES = {
    "daily_cap": (
        "{address} sent {count} mails in the last 24 hours; the limit is {cap}.",
        r"(?P<address>\S+) sent (?P<count>\d+) mails in the last 24 hours; the limit is (?P<cap>\d+)\."),
    "unknown_sender": (
        "{address} is not the address of an active person and the mailbox '{mailbox}' refuses unknown senders.",
        r"(?P<address>\S+) is not the address of an active person and the mailbox '(?P<mailbox>.*)' refuses unknown "
        r"senders\."),
    "closed_ticket": (
        "{number} is closed; its category refuses replies to closed tickets.",
        r"(?P<number>\S+) is closed; its category refuses replies to closed tickets\."),
    "bounce_permanent": (
        "A permanent delivery failure ({status}) for {address}, attributed to {whose}.",
        r"A permanent delivery failure \((?P<status>[^)]*)\) for (?P<address>\S+), attributed to (?P<whose>.*)\."),
    "bounce_temporary": (
        "A temporary delivery failure ({status}) for {address}, attributed to {whose}.",
        r"A temporary delivery failure \((?P<status>[^)]*)\) for (?P<address>\S+), attributed to (?P<whose>.*)\."),
}
NUMBERS = ("count", "cap")
OUTBOX_MESSAGE = re.compile(r"outbox message (\d+)")
NO_MAIL = "no mail FlowDesk sent"
QUARANTINE_CODES = {"unreadable": "unreadable", "no_sender": "no_sender", "mailbox_removed": "mailbox_removed",
                    "not_allowed": "not_allowed", "refused": "service_refused", "unexpected": "unexpected"}
QUARANTINE_WORDS = {code: word for word, code in QUARANTINE_CODES.items()}
DISCARDED = re.compile(r"(?:\A|\n)Discarded by (?P<login>\S+) at (?P<at>\d{4}-\d\d-\d\d \d\d:\d\d) UTC\.\Z")
DISCARDED_AT = "%Y-%m-%d %H:%M"
IN_QUARANTINE = ("quarantined", "discarded")

MAIL = sa.table("mail_incoming", sa.column("id", sa.Integer), sa.column("status", sa.String),
                sa.column("error", sa.Text), sa.column("reason", sa.String),
                sa.column("error_code", sa.String), sa.column("error_params", sa.JSON))


def upgrade():
    with op.batch_alter_table('mail_incoming', schema=None) as batch_op:
        batch_op.add_column(sa.Column('error_code', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('error_params', sa.JSON(), nullable=True))
    connection = op.get_bind()
    for rows in batches(connection, sa.or_(MAIL.c.error.isnot(None), MAIL.c.reason.isnot(None))):
        for row in rows:
            code, params = reason_of(row.status, row.error, row.reason)
            connection.execute(sa.update(MAIL).where(MAIL.c.id == row.id).values(error_code=code, error_params=params))
    with op.batch_alter_table('mail_incoming', schema=None) as batch_op:
        batch_op.drop_column('reason')
        batch_op.drop_column('error')


def downgrade():
    with op.batch_alter_table('mail_incoming', schema=None) as batch_op:
        batch_op.add_column(sa.Column('error', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('reason', sa.String(length=20), nullable=True))
    connection = op.get_bind()
    for rows in batches(connection, MAIL.c.error_code.isnot(None)):
        for row in rows:
            error, reason = sentence_of(row.status, row.error_code, row.error_params or {})
            connection.execute(sa.update(MAIL).where(MAIL.c.id == row.id).values(error=error, reason=reason))
    with op.batch_alter_table('mail_incoming', schema=None) as batch_op:
        batch_op.drop_column('error_params')
        batch_op.drop_column('error_code')


def batches(connection, condition):
    """Yield the incoming mail rows that match, a batch at a time in id order (keyset: rewritten rows never shift it)."""
    after = 0
    while True:
        rows = connection.execute(sa.select(MAIL).where(condition, MAIL.c.id > after)
                                  .order_by(MAIL.c.id).limit(BATCH_ROWS)).all()
        if not rows:
            return
        yield rows
        after = rows[-1].id


def reason_of(status, text, word):
    """Return (code, params) for a row's sentence or quarantine word and text."""
    if status in IN_QUARANTINE or word is not None:
        return quarantine_reason_of(text or "", word)
    for code, (_, pattern) in SENTENCES.items():
        found = re.fullmatch(pattern, text, re.DOTALL)
        if found:
            return code, params_of(found.groupdict())
    return "recorded_text", {"text": text}


def quarantine_reason_of(text, word):
    """Return the code of a quarantine word (an unknown or missing one: 'unexpected'), the text as its detail."""
    params = {}
    discarded = DISCARDED.search(text)
    if discarded:
        text = text[:discarded.start()]
        at = datetime.strptime(discarded.group("at"), DISCARDED_AT).replace(tzinfo=UTC)
        params.update(discarded_by=discarded.group("login"), discarded_at=at.isoformat())
    return QUARANTINE_CODES.get(word, "unexpected"), {"detail": text, **params}


def params_of(found):
    """Return a sentence's parameters as the app stores them."""
    params = {name: int(value) if name in NUMBERS else value for name, value in found.items()}
    whose = params.pop("whose", None)
    attributed = OUTBOX_MESSAGE.fullmatch(whose or "")
    if attributed:
        params["outbox_message_id"] = int(attributed.group(1))
    return params


def sentence_of(status, code, params):
    """Return (error, reason word) as FlowDesk wrote them before reasons had codes."""
    if status in IN_QUARANTINE or code in QUARANTINE_WORDS:
        text = str(params.get("detail") or "")
        if params.get("discarded_by"):
            at = datetime.fromisoformat(params["discarded_at"]).strftime(DISCARDED_AT)
            text = f"{text}\nDiscarded by {params['discarded_by']} at {at} UTC.".strip()
        return text, QUARANTINE_WORDS.get(code, "unexpected")
    if code not in SENTENCES:
        return str(params.get("text") or code), None
    values = dict(params)
    if code.startswith("bounce_"):
        message_id = values.pop("outbox_message_id", None)
        values["whose"] = f"outbox message {message_id}" if message_id else NO_MAIL
    return SENTENCES[code][0].format(**values), None
