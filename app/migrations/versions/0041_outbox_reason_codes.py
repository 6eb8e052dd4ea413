"""The outbox stores why a message is held or failed as a reason code and its parameters (JSON), not as an English
sentence: pages render it in the reader's language, and the outbox can be filtered by it (app/messaging/reasons.py).

Existing rows: each English sentence FlowDesk wrote is recognised and becomes its code with the parameters read out
of it (a server's answer kept verbatim); a text that is not recognised is kept whole as the 'text' of the code
'recorded_text', shown as it is. A hold is converted on waiting messages only (on a sent or dead one it was over
and no page showed it). An undeliverable mark whose reason was FlowDesk's 'delivery status X' keeps an empty reason
(the pages say the status in the reader's language). The downgrade writes the English sentences back.

The sentences are copied here on purpose: a migration keeps reading the rows of its day when the app's words change.

Revision ID: 0041
Revises: 0039
Create Date: 2026-12-06 20:30:00

"""
import re
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0041'
down_revision = '0040'
branch_labels = None
depends_on = None

BATCH_ROWS = 1000
PERMANENT = " This is a permanent refusal, so the message is not retried."
INTERRUPTED = ("The last attempt was interrupted before its outcome was recorded (the sending process "
               "stopped). The message may have arrived; resending it uses the same idempotency key.")
# code -> (the sentence as FlowDesk wrote it, the pattern that reads its parameters back)
SENTENCES = {
    "smtp_recipient_refused": (
        "The mail server at {server} refused the recipient {recipient} with {smtp_code}: {answer}",
        r"The mail server at (?P<server>\S+) refused the recipient (?P<recipient>\S+) with (?P<smtp_code>\d{3}): "
        r"(?P<answer>.*)"),
    "smtp_message_refused": (
        "The mail server at {server} refused the message with {smtp_code}: {answer}",
        r"The mail server at (?P<server>\S+) refused the message with (?P<smtp_code>\d{3}): (?P<answer>.*)"),
    "smtp_unreachable": (
        "The mail server at {server} could not be reached: {detail}",
        r"The mail server at (?P<server>\S+) could not be reached: (?P<detail>.*)"),
    "sms_refused": (
        "The SMS gateway refused the message with HTTP {http_status}: {answer}",
        r"The SMS gateway refused the message with HTTP (?P<http_status>\d{3}): (?P<answer>.*)"),
    "sms_unreachable": (
        "The SMS gateway at {gateway} could not be reached: {detail}",
        r"The SMS gateway at (?P<gateway>\S+) could not be reached: (?P<detail>.*)"),
    "bounced": (
        "The mail to {address} came back from the receiving server: {diagnostic}. The address is marked "
        "undeliverable; check it and clear the mark, then resend.",
        r"The mail to (?P<address>\S+) came back from the receiving server: (?P<diagnostic>.*)\. The address is "
        r"marked undeliverable; check it and clear the mark, then resend\."),
    "cap_per_address": (
        "Held by the cap of {cap} mails per address per hour; it goes out from {until}.",
        r"Held by the cap of (?P<cap>\d+) mails per address per hour; it goes out from (?P<until>\S+)\."),
    "cap_per_ticket": (
        "Held by the cap of {cap} mails per address and ticket per hour; it goes out from {until}.",
        r"Held by the cap of (?P<cap>\d+) mails per address and ticket per hour; it goes out from (?P<until>\S+)\."),
    "undeliverable": (
        "Held: mail to {address} bounced on {bounced_at} ({diagnostic}). An administrator checks the address and "
        "clears the mark to send it.",
        r"Held: mail to (?P<address>\S+) bounced on (?P<bounced_at>\d{4}-\d\d-\d\d \d\d:\d\d UTC) "
        r"\((?P<diagnostic>.*)\)\. An administrator checks the address and clears the mark to send it\."),
}
NUMBERS = ("smtp_code", "http_status", "cap")
DELIVERY_STATUS = re.compile(r"delivery status (\S+)")
BOUNCED_AT = "%Y-%m-%d %H:%M UTC"

OUTBOX = sa.table("outbox_message", sa.column("id", sa.Integer), sa.column("status", sa.String),
                  sa.column("last_error", sa.Text), sa.column("held_reason", sa.Text),
                  sa.column("error_code", sa.String), sa.column("error_params", sa.JSON),
                  sa.column("held_code", sa.String), sa.column("held_params", sa.JSON))
MARKS = sa.table("mail_undeliverable_address", sa.column("status", sa.String), sa.column("reason", sa.Text))


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('error_code', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('error_params', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('held_code', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('held_params', sa.JSON(), nullable=True))
    connection = op.get_bind()
    for rows in batches(connection, sa.or_(OUTBOX.c.last_error.isnot(None), OUTBOX.c.held_reason.isnot(None))):
        for row in rows:
            error = reason_of(row.last_error) if row.last_error else (None, None)
            held = reason_of(row.held_reason) if row.held_reason and row.status == "pending" else (None, None)
            connection.execute(sa.update(OUTBOX).where(OUTBOX.c.id == row.id).values(
                error_code=error[0], error_params=error[1], held_code=held[0], held_params=held[1]))
    connection.execute(sa.update(MARKS).where(MARKS.c.reason == "delivery status " + MARKS.c.status).values(reason=""))
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('held_reason')
        batch_op.drop_column('last_error')


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_error', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('held_reason', sa.Text(), nullable=True))
    connection = op.get_bind()
    for rows in batches(connection, sa.or_(OUTBOX.c.error_code.isnot(None), OUTBOX.c.held_code.isnot(None))):
        for row in rows:
            connection.execute(sa.update(OUTBOX).where(OUTBOX.c.id == row.id).values(
                last_error=sentence_of(row.error_code, row.error_params),
                held_reason=sentence_of(row.held_code, row.held_params)))
    connection.execute(sa.update(MARKS).where(MARKS.c.reason == "").values(reason="delivery status " + MARKS.c.status))
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('held_params')
        batch_op.drop_column('held_code')
        batch_op.drop_column('error_params')
        batch_op.drop_column('error_code')


def batches(connection, condition):
    """Yield the outbox rows that match, a batch at a time in id order (keyset: rewritten rows never shift it)."""
    after = 0
    while True:
        rows = connection.execute(sa.select(OUTBOX).where(condition, OUTBOX.c.id > after)
                                  .order_by(OUTBOX.c.id).limit(BATCH_ROWS)).all()
        if not rows:
            return
        yield rows
        after = rows[-1].id


def reason_of(text):
    """Return (code, params) for a sentence FlowDesk wrote, or ('recorded_text', {'text': ...}) for any other."""
    if text == INTERRUPTED:
        return "interrupted", {}
    body, permanent = (text[:-len(PERMANENT)], True) if text.endswith(PERMANENT) else (text, False)
    for code, (_, pattern) in SENTENCES.items():
        found = re.fullmatch(pattern, body, re.DOTALL)
        params = found and params_of(found.groupdict())
        if params is not None:
            return code, {**params, "permanent": True} if permanent else params
    return "recorded_text", {"text": text}


def params_of(found):
    """Return a sentence's parameters as the app stores them, or None when one does not read as it should."""
    params = {name: int(value) if name in NUMBERS else value for name, value in found.items()}
    try:
        if "until" in params:
            params["until"] = datetime.fromisoformat(params["until"]).isoformat()
        if "bounced_at" in params:
            params["bounced_at"] = datetime.strptime(params["bounced_at"], BOUNCED_AT).replace(tzinfo=UTC).isoformat()
    except ValueError:
        return None
    if "diagnostic" in params:
        status = DELIVERY_STATUS.fullmatch(params["diagnostic"])
        params["status"], params["diagnostic"] = (status.group(1), "") if status else ("", params["diagnostic"])
    return params


def sentence_of(code, params):
    """Return the English sentence FlowDesk wrote before reasons had codes (None for no reason)."""
    if code is None:
        return None
    params = dict(params or {})
    if code == "interrupted":
        return INTERRUPTED
    if code not in SENTENCES:
        return str(params.get("text") or params.get("detail") or code)
    if "bounced_at" in params:
        params["bounced_at"] = datetime.fromisoformat(params["bounced_at"]).strftime(BOUNCED_AT)
    if "until" in params:
        params["until"] = datetime.fromisoformat(params["until"]).isoformat(timespec="seconds")
    if "diagnostic" in params:
        params["diagnostic"] = params["diagnostic"] or f"delivery status {params.get('status', '')}"
    text = SENTENCES[code][0].format(**params)
    return text + PERMANENT if params.get("permanent") else text
