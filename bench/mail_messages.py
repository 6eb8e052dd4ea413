"""Generated mail for the intake benchmark: plain requests from many senders, and ones carrying several hundred KB of
attachments, in English and Chinese, as mail clients write them (text, or text and HTML alternatives)."""
import random
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

PEOPLE = ("Rita Moreno", "Sam Okafor", "Lee Chen", "Mona Berg", "Carl Lund", "Audrey Hall", "Wang Fang", "李娜",
          "张伟", "Priya Nair", "Jonas Weber", "陈静", "Olga Petrova", "Tomás Silva", "Yuki Tanaka", "刘洋")
TOPICS = (("Printer on floor {n} jams", "Every page jams in tray 2 since this morning; the display shows E{n}."),
          ("VPN drops every hour", "The VPN client disconnects about every hour and asks for the token again."),
          ("Laptop will not charge", "The charging light stays off with two different power supplies."),
          ("无法登录邮箱", "密码正确，但是网页邮箱一直提示登录失败，已经试过清除缓存。"),
          ("Request: access to the finance share", "Please give me read access to \\\\files\\finance\\{n}."),
          ("会议室投影仪没有信号", "三楼会议室的投影仪连接笔记本后显示无信号，换了线也一样。"),
          ("Outlook crashes when opening calendar", "Outlook closes itself each time I open a shared calendar."),
          ("New starter needs an account", "Our new colleague starts on Monday and needs an account and a laptop."))
FILLER = ("I already restarted the machine and tried again after lunch, but nothing changed. ",
          "Several colleagues on the same floor see the same thing, so it may not be my computer. ",
          "It is fairly urgent because the quarterly report is due on Friday. ",
          "我已经重启过电脑，问题依旧。同一层的几位同事也遇到同样的情况。 ",
          "Could someone please have a look today? Thank you in advance. ")
SIGNATURE = "\n\n-- \n{name}\nFinance department, room {n}\nPhone +86 21 5555 {n:04d}\n"
ATTACHMENT_SIZES = {"png": 120_000, "pdf": 200_000, "log": 80_000}  # about 400 KB a message before base64


def sender_of(serial: int, senders: int) -> str:
    """Return the From of a message: one of a pool of senders, so no sender reaches the daily cap."""
    number = serial % senders
    name = PEOPLE[number % len(PEOPLE)]
    return formataddr((name, f"user{number:04d}@customer.example"))


def plain_message(serial: int, senders: int, rng: random.Random) -> EmailMessage:
    """Return a request as a person writes it: a subject, a few paragraphs, a signature, and often an HTML part."""
    subject, opening = TOPICS[serial % len(TOPICS)]
    message = EmailMessage()
    message["From"] = sender_of(serial, senders)
    message["To"] = "servicedesk@flowdesk.example"
    message["Subject"] = subject.format(n=serial % 9 + 1)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(idstring=str(serial), domain="customer.example")
    message["User-Agent"] = rng.choice(("Mozilla Thunderbird 115.6", "Microsoft Outlook 16.0", "Foxmail 7.2"))
    paragraphs = [opening.format(n=serial)] + ["".join(rng.choices(FILLER, k=rng.randint(2, 5)))
                                               for _ in range(rng.randint(1, 4))]
    text = "\n\n".join(paragraphs) + SIGNATURE.format(name=message["From"], n=serial % 10000)
    message.set_content(text)
    if rng.random() < 0.6:
        html = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
        message.add_alternative(f"<html><body>{html}</body></html>", subtype="html")
    return message


def heavy_message(serial: int, senders: int, rng: random.Random) -> EmailMessage:
    """Return a request with a screenshot, a PDF and a log file: several hundred KB of attachments."""
    message = plain_message(serial, senders, rng)
    png = b"\x89PNG\r\n\x1a\n" + rng.randbytes(ATTACHMENT_SIZES["png"])
    pdf = b"%PDF-1.7\n" + rng.randbytes(ATTACHMENT_SIZES["pdf"]) + b"\n%%EOF\n"
    lines = [f"2026-12-0{serial % 9 + 1} 10:{minute % 60:02d}:00 WARN spooler retry {minute}\n"
             for minute in range(ATTACHMENT_SIZES["log"] // 48)]
    message.add_attachment(png, maintype="image", subtype="png", filename=f"screenshot-{serial}.png")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"error-report-{serial}.pdf")
    message.add_attachment("".join(lines).encode(), maintype="text", subtype="plain", filename="spooler.log")
    return message
