"""Approval by e-mail reply: an approver answers the approval mail with "approve" or "reject" and decides, as the
signed link does.

The approval mail's subject carries an approval tag, `[approval 1f2e3d4c5b]` (app/messaging/mail_marks.py): an HMAC
of the ticket number and the login it was sent to. A reply keeps the subject, so the tag names the ticket (with its
`[REQ-...]` tag) and the person; the reply decides only when its sender is that person, or the delegate in force
for her, and her approval task is still open. The first line of the reply's new text (quotes stripped by the reader)
decides, by its first word: approve, approved, yes, 同意, 批准 approve; reject, rejected, no, 拒绝, 不同意, 不批准
reject. What follows is the comment, which the requester reads. Anything else gets a polite reply saying what to
write; a reply to an approval already decided (by her, or by the level's rule) gets one saying so.
"""
import re
from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.messaging import mail_marks
from app.messaging.reasons import Reason
from app.organisation.delegations import delegates_in_force
from app.organisation.models import User
from app.servicedesk.catalogue.approvers import open_approval_task
from app.servicedesk.catalogue.models import CatalogueApproval
from app.servicedesk.intake import reasons
from app.servicedesk.intake.reading import IncomingMail
from app.servicedesk.intake.senders import send_approval_reply
from app.servicedesk.tickets.models import Ticket
from app.workflow.models import UserTask
from app.workflow.runtime import Runtime
from app.workflow.tasks.actions import complete_task

APPROVING = ("approve", "approved", "yes", "同意", "批准")
REJECTING = ("reject", "rejected", "no", "拒绝", "不同意", "不批准")
COMMENT_MAX_CHARS = 500  # the approval form's comment maxlength (processes/catalogue_*.bpmn)
_EDGE = re.compile(r"^[\s\W_]+|[\s\W_]+$")


@dataclass(frozen=True)
class ReplyDecision:
    """What an approval reply says: approve or reject (None: unclear), and the comment after it."""

    decision: str | None
    comment: str


def read_decision(text: str) -> ReplyDecision:
    """Read the decision on the first non-empty line of a reply's new text, and the comment after it (pure)."""
    lines = [line.strip() for line in text.strip().splitlines()]
    if not lines or not lines[0]:
        return ReplyDecision(None, "")
    line = _EDGE.sub("", lines[0])
    first = line.casefold()
    rest = "\n".join(lines[1:]).strip()
    for words, decision in ((REJECTING, "reject"), (APPROVING, "approve")):  # 不同意 before 同意
        for word in words:
            if not first.startswith(word):
                continue
            after = first[len(word):]
            if word.isascii() and after[:1].isalpha():
                continue  # "notable", "yesterday": another word
            said = _EDGE.sub("", line[len(word):])
            return ReplyDecision(decision, "\n".join(part for part in (said, rest) if part)[:COMMENT_MAX_CHARS])
    return ReplyDecision(None, "")


def tagged_for(signature: str, ticket: Ticket, key: bytes) -> str | None:
    """Return the approver an approval tag was made for on this ticket, or None when it names nobody of it."""
    approvers = list(db.session.execute(select(CatalogueApproval.approver).where(
        CatalogueApproval.ticket_id == ticket.id)).scalars())
    holders = [str(login) for login in db.session.execute(select(UserTask.assignee).where(
        UserTask.instance_id == ticket.instance_id, UserTask.assignee.is_not(None))).scalars()]
    for login in dict.fromkeys([*approvers, *holders]):
        if mail_marks.approval_tag_names(signature, ticket.number, login, key):
            return str(login)
    return None


def may_answer_for(sender: User, tagged: str, now_delegates: dict[str, str]) -> bool:
    """Say whether the sender may answer the approval mailed to `tagged`: she is that person or her delegate."""
    return sender.login == tagged or now_delegates.get(tagged) == sender.login


def decide_by_reply(runtime: Runtime, ticket: Ticket, sender: User, mail: IncomingMail,
                    tagged: str) -> tuple[str, Reason | None]:
    """Decide the sender's approval task from her reply, or answer her politely why not; return the mail's status
    and the reason of a refusal."""
    now = runtime.clock.now()
    address = sender.email or ""
    if not may_answer_for(sender, tagged, delegates_in_force([tagged], now)):
        send_approval_reply(address, mail.subject, "approval_not_yours", now)
        return "refused", Reason(reasons.APPROVAL_NOT_YOURS, {"address": address, "number": ticket.number})
    task_id = open_approval_task(ticket.id, ticket.instance_id, sender.login)
    if task_id is None:
        send_approval_reply(address, mail.subject, "approval_stale", now)
        return "refused", Reason(reasons.APPROVAL_STALE, {"address": address, "number": ticket.number})
    said = read_decision(mail.text)
    if said.decision is None:
        send_approval_reply(address, mail.subject, "approval_unclear", now)
        return "refused", Reason(reasons.APPROVAL_UNCLEAR, {"address": address, "number": ticket.number})
    complete_task(runtime, task_id, sender.login, {"decision": said.decision, "comment": said.comment})
    return "decided", None
