"""The incidents' ratings become survey answers: the satisfaction survey is now the one way a ticket is rated.

Every ticket rated on the incident's old rate step (ticket.satisfaction) gets that rating as its survey's answer:
a ticket without a survey row gets one (status 'answered', reason 'rated_on_ticket', never sent, so it counts in
CSAT but not in the response rate); a survey not answered yet takes the rating as its answer; an answered survey keeps
its own answer (it was the one the reports counted). The ticket's columns are then emptied (kept, not dropped, so a
downgrade has them). Tickets whose survey changed from sent or expired to answered are marked changed, so the
reports' roll-up recounts them.

Downgrade: the ratings go back to the ticket; the rows made here are removed, and surveys answered by a rating go
back to waiting (sent) or skipped.

Revision ID: 0058
Revises: 0057
Create Date: 2026-12-07 07:00:00

"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from app.platform.types import UtcDateTime

# revision identifiers, used by Alembic.
revision = '0058'
down_revision = '0057'
branch_labels = None
depends_on = None

RATED = 'rated_on_ticket'
TICKET = sa.table('ticket', sa.column('id', sa.Integer), sa.column('requester', sa.String),
                  sa.column('satisfaction', sa.Integer), sa.column('satisfaction_comment', sa.Text),
                  sa.column('closed_at', UtcDateTime()), sa.column('resolved_at', UtcDateTime()),
                  sa.column('updated_at', UtcDateTime()))
SURVEY = sa.table('survey', sa.column('id', sa.Integer), sa.column('ticket_id', sa.Integer),
                  sa.column('requester', sa.String), sa.column('rule_key', sa.String),
                  sa.column('status', sa.String), sa.column('reason', sa.String),
                  sa.column('instance_id', sa.Integer), sa.column('decided_at', UtcDateTime()),
                  sa.column('sent_at', UtcDateTime()), sa.column('closed_at', UtcDateTime()),
                  sa.column('comment_below', sa.Integer), sa.column('score', sa.Integer),
                  sa.column('comment', sa.Text))


def upgrade():
    bind = op.get_bind()
    now = datetime.now(UTC)
    rated = bind.execute(sa.select(TICKET).where(TICKET.c.satisfaction.is_not(None))).all()
    surveys = {row.ticket_id: row for row in bind.execute(sa.select(SURVEY).where(
        SURVEY.c.ticket_id.in_([ticket.id for ticket in rated])))} if rated else {}
    for ticket in rated:
        when = ticket.closed_at or ticket.resolved_at or ticket.updated_at
        survey = surveys.get(ticket.id)
        if survey is None:
            bind.execute(sa.insert(SURVEY).values(
                ticket_id=ticket.id, requester=ticket.requester or '', rule_key=None, status='answered', reason=RATED,
                decided_at=when, closed_at=when, comment_below=3, score=ticket.satisfaction,
                comment=ticket.satisfaction_comment))
        elif survey.status != 'answered':
            bind.execute(sa.update(SURVEY).where(SURVEY.c.id == survey.id).values(
                status='answered', reason=survey.reason if survey.sent_at is not None else RATED,
                closed_at=survey.closed_at or when, score=ticket.satisfaction, comment=ticket.satisfaction_comment))
            if survey.sent_at is not None:  # its response counts change: the roll-up recounts changed tickets
                bind.execute(sa.update(TICKET).where(TICKET.c.id == ticket.id).values(updated_at=now))
    bind.execute(sa.update(TICKET).where(TICKET.c.satisfaction.is_not(None)).values(
        satisfaction=None, satisfaction_comment=None))


def downgrade():
    bind = op.get_bind()
    answered = bind.execute(sa.select(SURVEY).where(SURVEY.c.status == 'answered', SURVEY.c.score.is_not(None),
                                                    SURVEY.c.reason == RATED)).all()
    for survey in answered:
        bind.execute(sa.update(TICKET).where(TICKET.c.id == survey.ticket_id).values(
            satisfaction=survey.score, satisfaction_comment=survey.comment))
        if survey.instance_id is None:
            bind.execute(sa.delete(SURVEY).where(SURVEY.c.id == survey.id))
        else:  # a survey flow waited to send it: the earlier code skips a rated ticket's survey when sending
            bind.execute(sa.update(SURVEY).where(SURVEY.c.id == survey.id).values(
                status='scheduled', closed_at=None, score=None, comment=None))
