"""Mail machines send: delivery reports (bounces), auto-replies, bulk and list mail, our own echo."""
from corpus_mime import DESK_DOMAIN, encoded_word, headers, multipart, part, simple, text_part

Case = tuple[str, bytes, dict[str, object]]
OURS = f"<fd.INC-000123.7.3fa9c2d1@{DESK_DOMAIN}>"
RETURNED = ["returned-headers.txt"]  # the failed message's headers, which a delivery report carries back


def messages() -> list[Case]:
    """Return the machine mail of the corpus."""
    return bounces() + auto_replies() + bulk_and_lists()


def _report(notice: str, recipient: str, action: str, status: str, charset: str = "us-ascii") -> bytes:
    fields = (f"Reporting-MTA: dns; mx.example.org\nArrival-Date: Tue, 5 Mar 2024 10:15:02 +0800\n\n"
              f"Final-Recipient: rfc822; {recipient}\nOriginal-Recipient: rfc822;{recipient}\nAction: {action}\n"
              f"Status: {status}\nDiagnostic-Code: smtp; 550 {status} mailbox unavailable\n")
    original = (f"From: FlowDesk <help@desk.example>\nTo: {recipient}\nSubject: [INC-000123] Printer offline\n"
                f"Message-ID: {OURS}\n")
    return multipart("report", [
        part(f"text/plain; charset={charset}", notice.encode(charset), "8bit"),
        part("message/delivery-status", fields.encode(), "7bit"),
        part("text/rfc822-headers", original.encode(), "7bit")], boundary="==dsn==", extra="; report-type=delivery-status")


def bounces() -> list[Case]:
    """Return delivery failures in the formats MTAs send."""
    daemon = "Mail Delivery System <MAILER-DAEMON@mx.example.org>"
    auto = (("Auto-Submitted", "auto-replied"),)
    return [
        ("bounce-postfix-511", headers(daemon, "Undelivered Mail Returned to Sender", "<b1@mx.example.org>", extra=auto)
         + _report("I'm sorry to have to inform you that your message could not be delivered.\n",
                   "nobody@example.com", "failed", "5.1.1"),
         dict(attachments=RETURNED, subject="Undelivered Mail Returned to Sender", sender="MAILER-DAEMON@mx.example.org", auto="bounce",
              bounce=dict(address="nobody@example.com", permanent=True, status="5.1.1"),
              attachment_text={"returned-headers.txt": [OURS]})),
        ("bounce-exchange-5110", headers("Microsoft Outlook <postmaster@example.onmicrosoft.com>",
                                         "Undeliverable: [INC-000123] Printer offline", "<b2@example.onmicrosoft.com>")
         + _report("Delivery has failed to these recipients or groups:\n\nold.user@example.com\n",
                   "old.user@example.com", "failed", "5.1.10"),
         dict(attachments=RETURNED, subject="Undeliverable: [INC-000123] Printer offline", sender="postmaster@example.onmicrosoft.com",
              auto="bounce", bounce=dict(address="old.user@example.com", permanent=True, status="5.1.10"))),
        ("bounce-gmail", headers("Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
                                 "Delivery Status Notification (Failure)", "<b3@mail.gmail.com>", extra=auto)
         + _report("Address not found\n\nYour message wasn't delivered to typo@example.com because the address "
                   "couldn't be found.\n", "typo@example.com", "failed", "5.1.1"),
         dict(attachments=RETURNED, subject="Delivery Status Notification (Failure)", sender="mailer-daemon@googlemail.com", auto="bounce",
              bounce=dict(address="typo@example.com", permanent=True, status="5.1.1"))),
        ("bounce-delayed", headers(daemon, "Delayed Mail (still being retried)", "<b4@mx.example.org>", extra=auto)
         + _report("This is the mail system. Your message could not be delivered for 4 hours.\n",
                   "slow@example.org", "delayed", "4.4.7"),
         dict(attachments=RETURNED, subject="Delayed Mail (still being retried)", sender="MAILER-DAEMON@mx.example.org", auto="bounce",
              bounce=dict(address="slow@example.org", permanent=False, status="4.4.7"))),
        ("bounce-mailbox-full", headers(daemon, "Undelivered Mail Returned to Sender", "<b5@mx.example.org>")
         + _report("The mailbox is full.\n", "full@example.org", "failed", "4.2.2"),
         dict(attachments=RETURNED, subject="Undelivered Mail Returned to Sender", sender="MAILER-DAEMON@mx.example.org", auto="bounce",
              bounce=dict(address="full@example.org", permanent=False, status="4.2.2"))),
        ("bounce-qq-zh", headers(f"{encoded_word('系统退信')} <postmaster@qq.com>", encoded_word("退信：打印机离线"),
                                 "<b6@qq.com>")
         + _report("很抱歉，您的邮件无法送达以下地址：wuxiao@example.cn\n原因：收件人不存在。\n", "wuxiao@example.cn",
                   "failed", "5.0.0", charset="gb2312"),
         dict(attachments=RETURNED, subject="退信：打印机离线", sender="postmaster@qq.com", auto="bounce", text_has=["收件人不存在"],
              bounce=dict(address="wuxiao@example.cn", permanent=True, status="5.0.0"))),
        ("bounce-qmail", headers("MAILER-DAEMON@mail.example.net", "failure notice", "<b7@mail.example.net>")
         + b"\nHi. This is the qmail-send program at mail.example.net.\nI'm afraid I wasn't able to deliver your "
           b"message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n"
           b"<gone@example.net>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n"
           b"--- Below this line is a copy of the message.\n\nFrom: help@desk.example\nSubject: test\n",
         dict(subject="failure notice", sender="MAILER-DAEMON@mail.example.net", auto="bounce",
              bounce=dict(address="gone@example.net", permanent=True, status="5.0.0"))),
        ("bounce-exim", headers("Mail Delivery System <Mailer-Daemon@exim.example.com>",
                                "Mail delivery failed: returning message to sender", "<b8@exim.example.com>",
                                extra=(("X-Failed-Recipients", "left@example.com"), ("Auto-Submitted", "auto-replied")))
         + b"\nThis message was created automatically by mail delivery software.\n\nA message that you sent could not "
           b"be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) "
           b"failed:\n\n  left@example.com\n    SMTP error from remote mail server after RCPT TO:<left@example.com>:\n"
           b"    550 5.1.1 User unknown\n\n------ This is a copy of the message, including all the headers. ------\n\n"
           b"Subject: test\n",
         dict(subject="Mail delivery failed: returning message to sender", sender="Mailer-Daemon@exim.example.com",
              auto="bounce", bounce=dict(address="left@example.com", permanent=True, status="5.0.0"))),
        ("bounce-delivered-report", headers(daemon, "Successful Mail Delivery Report", "<b9@mx.example.org>", extra=auto)
         + _report("Your message was successfully delivered.\n", "fine@example.org", "delivered", "2.0.0"),
         dict(attachments=RETURNED, subject="Successful Mail Delivery Report", sender="MAILER-DAEMON@mx.example.org", auto="auto_reply",
              bounce=None)),
        ("bounce-damaged-report", headers(daemon, "Undelivered Mail Returned to Sender", "<b10@mx.example.org>", extra=auto)
         + multipart("report", [text_part("Could not deliver.\n"),
                                part("message/delivery-status", b"garbage without fields\n\n\x01\x02", "7bit")],
                     extra="; report-type=delivery-status"),
         dict(subject="Undelivered Mail Returned to Sender", sender="MAILER-DAEMON@mx.example.org", auto="auto_reply",
              bounce=None)),
    ]


def auto_replies() -> list[Case]:
    """Return out-of-office and other automatic replies, by header and by subject, in both languages."""
    body = "I am out of the office until 12 March with limited access to e-mail.\n"
    zh_body = "您好，我正在休假，3月12日返回，期间回复可能不及时。\n"
    return [
        ("auto-exchange-ooo", simple(headers("Bob Miller <bob.miller@example.net>",
                                             "Automatic reply: [INC-000123] Printer offline", "<u1@example.net>",
                                             extra=(("Auto-Submitted", "auto-replied"),
                                                    ("X-Auto-Response-Suppress", "All"), ("In-Reply-To", OURS))), body),
         dict(subject="Automatic reply: [INC-000123] Printer offline", sender="bob.miller@example.net",
              auto="auto_reply", in_reply_to=OURS, text_has=["out of the office"])),
        ("auto-gmail-vacation", simple(headers("Alice Chen <alice.chen@example.com>", "Re: [INC-000123] Printer offline",
                                               "<u2@mail.gmail.com>", extra=(("Auto-Submitted", "auto-replied"),)), body),
         dict(subject="Re: [INC-000123] Printer offline", sender="alice.chen@example.com", auto="auto_reply")),
        ("auto-zh-subject-only", simple(headers("=?utf-8?B?5byg5Lyf?= <zhang.wei@example.cn>",
                                                encoded_word("自动回复：[INC-000123] 打印机离线"), "<u3@example.cn>"), zh_body),
         dict(subject="自动回复：[INC-000123] 打印机离线", sender="zhang.wei@example.cn", auto="auto_reply",
              text_has=["正在休假"])),
        ("auto-zh-traditional", simple(headers("chen@example.com.tw", encoded_word("自動回覆: 印表機離線", "big5"),
                                               "<u4@example.com.tw>"), "我正在休假。\n", "big5"),
         dict(subject="自動回覆: 印表機離線", sender="chen@example.com.tw", auto="auto_reply")),
        ("auto-out-of-office-subject", simple(headers("Dana Lee <dana@example.org>", "Out of Office: Printer offline",
                                                      "<u5@example.org>"), body),
         dict(subject="Out of Office: Printer offline", sender="dana@example.org", auto="auto_reply")),
        ("auto-x-autoreply", simple(headers("pat@example.org", "Re: Printer offline", "<u6@example.org>",
                                            extra=(("X-Autoreply", "yes"),)), body),
         dict(subject="Re: Printer offline", sender="pat@example.org", auto="auto_reply")),
        ("auto-x-autorespond", simple(headers("sam@example.org", "Thank you for your message", "<u7@example.org>",
                                              extra=(("X-Autorespond", "Thank you for your message"),)), body),
         dict(subject="Thank you for your message", sender="sam@example.org", auto="auto_reply")),
        ("auto-generated-alert", simple(headers("Monitoring <monitor@example.org>", "PROBLEM: disk full on srv-db-01",
                                                "<u8@example.org>", extra=(("Auto-Submitted", "auto-generated"),)),
                                        "Disk / on srv-db-01 is 97% full.\n"),
         dict(subject="PROBLEM: disk full on srv-db-01", sender="monitor@example.org", auto="auto_reply",
              text_has=["97% full"])),
        ("auto-submitted-no", simple(headers("Alice Chen <alice.chen@example.com>", "A person wrote this",
                                             "<u9@example.com>", extra=(("Auto-Submitted", "no"),)),
                                     "Hello, a human here.\n"),
         dict(subject="A person wrote this", sender="alice.chen@example.com", auto=None)),
        ("auto-zh-vacation", simple(headers("li.na@example.com.cn", encoded_word("休假通知"), "<u10@example.com.cn>"),
                                    zh_body),
         dict(subject="休假通知", sender="li.na@example.com.cn", auto="auto_reply")),
        ("auto-own-echo", simple(headers("FlowDesk <help@desk.example>", "[INC-000123] Printer offline",
                                         f"<fd.INC-000123.8.aa11bb22@{DESK_DOMAIN}>"), "We have received your request.\n"),
         dict(subject="[INC-000123] Printer offline", sender="help@desk.example", auto="own_echo")),
    ]


def bulk_and_lists() -> list[Case]:
    """Return newsletters, bulk and mailing-list mail."""
    return [
        ("bulk-precedence", simple(headers("News <news@vendor.example>", "Spring offers", "<l1@vendor.example>",
                                           extra=(("Precedence", "bulk"),)), "Our spring offers are here.\n"),
         dict(subject="Spring offers", sender="news@vendor.example", auto="bulk")),
        ("bulk-junk", simple(headers("promo@vendor.example", "You won", "<l2@vendor.example>",
                                     extra=(("Precedence", "junk"),)), "Claim now.\n"),
         dict(subject="You won", sender="promo@vendor.example", auto="bulk")),
        ("list-id", simple(headers("Alice Chen <alice.chen@example.com>", "[it-staff] Friday maintenance",
                                   "<l3@example.com>", to="it-staff@lists.example.com",
                                   extra=(("List-Id", "IT staff <it-staff.lists.example.com>"),
                                          ("Precedence", "list"))), "Maintenance on Friday.\n"),
         dict(subject="[it-staff] Friday maintenance", sender="alice.chen@example.com", auto="list")),
        ("list-unsubscribe", headers("Vendor <marketing@vendor.example>", encoded_word("新品发布"), "<l4@vendor.example>",
                                     extra=(("List-Unsubscribe", "<mailto:unsub@vendor.example>"),))
         + multipart("alternative", [text_part("新品发布会邀请。\n"), text_part("<p>新品发布会邀请。</p>", subtype="html")]),
         dict(subject="新品发布", sender="marketing@vendor.example", auto="list", html=True)),
        ("list-precedence", simple(headers("ops@example.org", "Weekly digest", "<l5@example.org>",
                                           extra=(("Precedence", "list"),)), "Digest.\n"),
         dict(subject="Weekly digest", sender="ops@example.org", auto="list")),
    ]
