"""Who wrote a mail: the person with that address, a new requester account, or a stranger refused politely."""
import re
from datetime import datetime

from sqlalchemy import func, select

from app.extensions import db
from app.messaging.outbox import enqueue_message
from app.organisation.models import User
from app.organisation.policies import system_actor
from app.organisation.users import UserDetails, add_user
from app.workflow.runtime import Runtime

LOGIN_CHARACTERS = re.compile(r"[^a-z0-9._-]+")
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
MAIL_ACTOR = "mail"
REFUSAL_SUBJECT = "Your mail was not accepted / 您的邮件未被受理"
APPROVAL_REPLY_SUBJECT = "Your approval reply decided nothing / 您的审批回复未生效"


def person_with_address(address: str) -> User | None:
    """Return the active person whose e-mail address this is (case does not matter), if exactly one has it."""
    if not address:
        return None
    people = list(db.session.execute(select(User).where(func.lower(User.email) == address.strip().lower(),
                                                        User.active.is_(True)).limit(2)).scalars())
    return people[0] if len(people) == 1 else None


def free_login(address: str) -> str:
    """Return an unused login made of the address's local part: anna.li, anna.li-2, ..."""
    base = LOGIN_CHARACTERS.sub("-", address.split("@", 1)[0].lower()).strip("-.") or "requester"
    base = base[:70]
    login, serial = base, 1
    while db.session.execute(select(User.id).where(User.login == login)).first():
        serial += 1
        login = f"{base}-{serial}"
    return login


def create_requester(runtime: Runtime, address: str, name: str, language: str = "en") -> User:
    """Create a requester account for an unknown sender (no password: they sign in after a reset), reading FlowDesk
    and its mail in the language she wrote in."""
    return add_user(runtime, system_actor(MAIL_ACTOR), free_login(address), [], display_name=name.strip() or address,
                    email=address.strip().lower(), details=UserDetails(language=language))


def language_written(text: str) -> str:
    """Return the language a mail is written in, as far as FlowDesk speaks it: zh_CN when Chinese characters make
    up at least a third of its letters (a Chinese name under an English mail does not), else en."""
    han = len(HAN.findall(text))
    latin = len(LATIN.findall(text))
    return "zh_CN" if han and han * 3 >= han + latin else "en"


def send_refusal(address: str, subject: str, reason: str, now: datetime) -> None:
    """Put a polite reply in the outbox saying the mail was not taken in and why, in English and Chinese."""
    enqueue_message("email", address, REFUSAL_SUBJECT, refusal_text(subject, reason), None, now)


def send_approval_reply(address: str, subject: str, reason: str, now: datetime) -> None:
    """Put a polite reply in the outbox saying why a reply to an approval mail decided nothing, in both languages."""
    enqueue_message("email", address, APPROVAL_REPLY_SUBJECT, approval_reply_text(subject, reason), None, now)


REASONS = {
    "unknown_sender": ("This service desk takes requests by mail only from people it knows. Please use the portal, "
                       "or ask your IT service desk to register your address.",
                       "本服务台只受理已登记人员的邮件请求。请使用服务门户提交，或请 IT 服务台登记您的邮箱地址。"),
    "closed_ticket": ("The ticket you replied to is closed. Please file a new request in the portal or by a new mail "
                      "without the ticket number in the subject.",
                      "您回复的工单已关闭。请在门户中或通过一封主题中不含工单号的新邮件提交新的请求。"),
}


def refusal_text(subject: str, reason: str) -> str:
    """Return the body of a refusal: the reason in both languages and the subject refused."""
    english, chinese = REASONS[reason]
    return (f"Hello,\n\nyour mail \"{subject}\" was not taken in. {english}\n\n"
            f"您好：\n\n您的邮件“{subject}”未被受理。{chinese}\n\n-- FlowDesk")


APPROVAL_REASONS = {
    "approval_stale": ("This request no longer waits for your decision: you decided it already, or its approval level "
                       "was settled by the others' decisions. Open the request to see where it stands.",
                       "该请求已不再等待您的审批：您已做出决定，或该审批层级已由其他审批人的决定得出结果。请打开该请求查看进展。"),
    "approval_unclear": ("FlowDesk could not read a decision in it. Reply again with one word on the first line: "
                         "approve (or yes, 同意, 批准) or reject (or no, 拒绝); the lines below it are your comment.",
                         "系统未能从中读出您的决定。请再次回复，并在第一行只写一个词："
                         "同意（或 批准、approve、yes）或 拒绝（或 reject、no）；其下各行为您的意见。"),
    "approval_not_yours": ("The approval mail you answered was sent to someone else, and only they (or the person "
                           "standing in for them) can decide it by mail. If the approval is yours, use the link in "
                           "your own approval mail.",
                           "您回复的审批邮件是发给其他人的，只有该审批人（或其代理人）可以通过邮件做出决定。如果该审批属于您，"
                           "请使用您自己收到的审批邮件中的链接。"),
}


def approval_reply_text(subject: str, reason: str) -> str:
    """Return the body of the reply to an approval reply that decided nothing: why, in both languages."""
    english, chinese = APPROVAL_REASONS[reason]
    return (f"Hello,\n\nyour reply \"{subject}\" decided nothing. {english}\n\n"
            f"您好：\n\n您的回复“{subject}”未生效。{chinese}\n\n-- FlowDesk")
