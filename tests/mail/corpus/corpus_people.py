"""Mail people write: new requests and replies from Gmail, Outlook, Apple Mail, Foxmail/QQ and Thunderbird,
in English and Chinese, and forwarded mail."""
from corpus_mime import DESK_DOMAIN, encoded_word, headers, multipart, simple, text_part

Case = tuple[str, bytes, dict[str, object]]
OURS = f"<fd.INC-000123.7.3fa9c2d1@{DESK_DOMAIN}>"
ALICE = "Alice Chen <alice.chen@example.com>"
ZHANG = f"{encoded_word('张伟')} <zhang.wei@example.cn>"
LI = f"{encoded_word('李娜', 'gb2312')} <li.na@example.com.cn>"
BOB = "Bob Miller <bob.miller@example.net>"


def reply_headers(sender: str, subject: str, message_id: str, references: bool = True) -> bytes:
    """Return the headers of a reply to FlowDesk's mail about INC-000123."""
    extra = (("In-Reply-To", OURS), ("References", OURS)) if references else ()
    return headers(sender, subject, message_id, extra=extra)


def messages() -> list[Case]:
    """Return the people's mail of the corpus."""
    return new_requests() + english_replies() + chinese_replies() + forwards()


def new_requests() -> list[Case]:
    """Return new requests, no quoting."""
    return [
        ("people-new-en-plain", simple(headers(ALICE, "Printer on 4th floor is offline", "<n1@example.com>"),
                                       "Hi,\n\nThe printer PRN-4F-02 shows offline since this morning.\n\nThanks,\nAlice\n"),
         dict(subject="Printer on 4th floor is offline", sender="alice.chen@example.com", sender_name="Alice Chen",
              text_has=["PRN-4F-02", "offline"], message_id="<n1@example.com>", date="2024-03-05T02:15:00+00:00")),
        ("people-new-zh-utf8", simple(headers(ZHANG, encoded_word("VPN 无法连接"), "<n2@example.cn>"),
                                      "您好：\n\n我在家里无法连接公司VPN，提示证书错误。\n\n张伟\n", encoding="base64"),
         dict(subject="VPN 无法连接", sender="zhang.wei@example.cn", sender_name="张伟", text_has=["证书错误", "VPN"])),
        ("people-new-zh-qp", simple(headers(LI, encoded_word("申请新笔记本电脑", "utf-8", "Q"), "<n3@example.com.cn>"),
                                    "你好，\n\n我需要申请一台新的笔记本电脑，旧的电池已经坏了。\n\n谢谢！\n李娜\n",
                                    encoding="quoted-printable"),
         dict(subject="申请新笔记本电脑", sender="li.na@example.com.cn", sender_name="李娜", text_has=["电池已经坏了"])),
        ("people-new-en-signature", simple(headers(BOB, "Cannot log in to payroll", "<n4@example.net>"),
                                           "The payroll portal says my password expired.\n\n-- \nBob Miller\n"
                                           "Finance | Example Corp\n+1 555 0100\n"),
         dict(subject="Cannot log in to payroll", sender="bob.miller@example.net", text_has=["password expired"],
              text_lacks=["555 0100", "Finance |"], full_text_has=["555 0100"])),
        ("people-new-iphone-en", simple(headers(ALICE, "Wifi down in meeting room B", "<n5@example.com>"),
                                        "No wifi in meeting room B.\n\nSent from my iPhone\n"),
         dict(subject="Wifi down in meeting room B", sender="alice.chen@example.com", text_has=["meeting room B"],
              text_lacks=["iPhone"])),
        ("people-new-iphone-zh", simple(headers(ZHANG, encoded_word("会议室投影仪坏了"), "<n6@example.cn>"),
                                        "三楼会议室的投影仪无法开机。\n\n发自我的iPhone\n"),
         dict(subject="会议室投影仪坏了", sender="zhang.wei@example.cn", text_has=["投影仪无法开机"], text_lacks=["发自我的"])),
        ("people-new-huawei-zh", simple(headers(LI, encoded_word("邮箱满了"), "<n7@example.com.cn>"),
                                        "我的邮箱提示空间已满，无法收信。\n\n发自我的华为手机\n"),
         dict(subject="邮箱满了", sender="li.na@example.com.cn", text_has=["空间已满"], text_lacks=["华为"])),
        ("people-new-outlook-mobile", simple(headers(BOB, "Teams keeps crashing", "<n8@example.net>"),
                                             "Teams crashes when I share my screen.\n\nGet Outlook for Android\n"),
         dict(subject="Teams keeps crashing", sender="bob.miller@example.net", text_has=["share my screen"],
              text_lacks=["Outlook for Android"])),
        ("people-new-alternative", headers(ALICE, "Monitor flickers", "<n9@example.com>") + multipart(
            "alternative", [text_part("My second monitor flickers every few seconds.\n"),
                            text_part("<div>My second monitor <b>flickers</b> every few seconds.</div>", subtype="html")]),
         dict(subject="Monitor flickers", sender="alice.chen@example.com", text_has=["second monitor flickers"],
              html=True)),
        ("people-new-cc", simple(headers(ALICE, "Access to shared drive", "<n10@example.com>",
                                         extra=(("Cc", f"{BOB}, {ZHANG}"),)),
                                 "Please give Bob access to the Finance share.\n"),
         dict(subject="Access to shared drive", sender="alice.chen@example.com", text_has=["Finance share"],
              cc=["bob.miller@example.net", "zhang.wei@example.cn"], to=["help@desk.example"])),
    ]


def english_replies() -> list[Case]:
    """Return replies to FlowDesk's mail from English-speaking clients."""
    quoted = "> Could you tell us the model of the printer?\n>\n> FlowDesk ref INC-000123.1f2e3d4c\n"
    return [
        ("reply-gmail-en", reply_headers(ALICE, "Re: [INC-000123] Printer offline", "<r1@mail.gmail.com>") + multipart(
            "alternative", [
                text_part("It is an HP LaserJet M507.\n\nOn Tue, Mar 5, 2024 at 10:15 AM FlowDesk <help@desk.example>\n"
                          "wrote:\n\n" + quoted),
                text_part('<div dir="ltr">It is an HP LaserJet M507.</div><br><div class="gmail_quote">'
                          '<div dir="ltr" class="gmail_attr">On Tue, Mar 5, 2024 at 10:15 AM FlowDesk &lt;'
                          'help@desk.example&gt; wrote:<br></div><blockquote class="gmail_quote">Could you tell us '
                          'the model of the printer?</blockquote></div>', subtype="html")]),
         dict(subject="Re: [INC-000123] Printer offline", sender="alice.chen@example.com", text_has=["LaserJet M507"],
              text_lacks=["model of the printer", "wrote"], full_text_has=["FlowDesk ref INC-000123.1f2e3d4c"],
              in_reply_to=OURS, references=[OURS], html=True)),
        ("reply-gmail-en-html-only", reply_headers(ALICE, "Re: [INC-000123] Printer offline", "<r2@mail.gmail.com>")
         + simple(b"", '<div dir="ltr">Yes, restarting it fixed the problem.</div><br><div class="gmail_quote">'
                  '<div class="gmail_attr">On Wed, Mar 6, 2024 at 9:00 AM FlowDesk &lt;help@desk.example&gt; wrote:'
                  '</div><blockquote class="gmail_quote" style="margin:0 0 0 .8ex">Has restarting the printer '
                  'helped?</blockquote></div>', subtype="html"),
         dict(subject="Re: [INC-000123] Printer offline", sender="alice.chen@example.com",
              text_has=["restarting it fixed"], text_lacks=["Has restarting the printer"], html=True)),
        ("reply-outlook-en", reply_headers(BOB, "RE: [INC-000123] Printer offline", "<r3@EXAMPLE.prod.outlook.com>")
         + simple(b"", "The toner is fine, still offline.\n\nBob\n\n________________________________\n"
                  "From: FlowDesk <help@desk.example>\nSent: Tuesday, March 5, 2024 10:15 AM\n"
                  "To: Bob Miller <bob.miller@example.net>\nSubject: [INC-000123] Printer offline\n\n"
                  "Could you check the toner?\n"),
         dict(subject="RE: [INC-000123] Printer offline", sender="bob.miller@example.net", text_has=["toner is fine"],
              text_lacks=["Could you check", "Sent:"])),
        ("reply-outlook-en-header-block", reply_headers(BOB, "RE: [INC-000123] Printer offline", "<r4@example.net>")
         + simple(b"", "Done, thanks.\n\nFrom: FlowDesk <help@desk.example>\nSent: Tuesday, March 5, 2024 10:15\n"
                  "To: Bob Miller\nSubject: RE: [INC-000123] Printer offline\n\nPlease confirm the fix.\n"),
         dict(subject="RE: [INC-000123] Printer offline", sender="bob.miller@example.net", text_has=["Done, thanks"],
              text_lacks=["Please confirm"])),
        ("reply-outlook-original-message", reply_headers(BOB, "RE: Printer offline", "<r5@example.net>")
         + simple(b"", "Works again.\n\n-----Original Message-----\nFrom: FlowDesk [mailto:help@desk.example]\n"
                  "Sent: Tuesday, March 05, 2024 10:15 AM\nSubject: Printer offline\n\nIs it working now?\n"),
         dict(subject="RE: Printer offline", sender="bob.miller@example.net", text_has=["Works again"],
              text_lacks=["Is it working now"])),
        ("reply-outlook-html", reply_headers(BOB, "RE: [INC-000123] Printer offline", "<r6@example.net>")
         + simple(b"", '<html><body><p>I have restarted it twice.</p><div id="divRplyFwdMsg"><hr>'
                  '<b>From:</b> FlowDesk &lt;help@desk.example&gt;<br><b>Sent:</b> Tuesday, March 5, 2024 10:15'
                  '<br><b>To:</b> Bob Miller<br><b>Subject:</b> [INC-000123] Printer offline<br></div>'
                  '<p>Did you restart the printer?</p></body></html>', subtype="html"),
         dict(subject="RE: [INC-000123] Printer offline", sender="bob.miller@example.net",
              text_has=["restarted it twice"], text_lacks=["Did you restart", "* * *"], html=True)),
        ("reply-apple-en", reply_headers(ALICE, "Re: [INC-000123] Printer offline", "<r7@example.com>")
         + simple(b"", "Yes, it prints now.\n\nSent from my iPad\n\n> On 5 Mar 2024, at 10:15, FlowDesk "
                  "<help@desk.example> wrote:\n>\n> Does it print now?\n"),
         dict(subject="Re: [INC-000123] Printer offline", sender="alice.chen@example.com", text_has=["it prints now"],
              text_lacks=["Does it print", "iPad"])),
        ("reply-apple-en-unquoted-header", reply_headers(ALICE, "Re: [INC-000123] Printer offline", "<r8@example.com>")
         + simple(b"", "All good now.\n\nOn 5 Mar 2024, at 10:15, FlowDesk <help@desk.example> wrote:\n\n"
                  "Please confirm the printer works.\n"),
         dict(subject="Re: [INC-000123] Printer offline", sender="alice.chen@example.com", text_has=["All good now"],
              text_lacks=["Please confirm"])),
        ("reply-thunderbird-en", reply_headers(BOB, "Re: [INC-000123] Printer offline", "<r9@example.net>")
         + simple(b"", "On 05/03/2024 10:15, FlowDesk wrote:\n> Which floor?\n\nFourth floor, near the kitchen.\n\n"
                  "-- \nBob\n"),
         dict(subject="Re: [INC-000123] Printer offline", sender="bob.miller@example.net", text_has=["Fourth floor"],
              text_lacks=["Which floor", "Bob\n"])),
        ("reply-inline-quote-en", reply_headers(ALICE, "Re: [INC-000123] Printer offline", "<r10@example.com>",
                                                references=False)
         + simple(b"", "> What is the asset tag?\nIT-4471\n> And the room?\nRoom 412\n"),
         dict(subject="Re: [INC-000123] Printer offline", sender="alice.chen@example.com",
              text_has=["IT-4471", "Room 412"], text_lacks=["asset tag", "And the room"])),
    ]


def chinese_replies() -> list[Case]:
    """Return replies from Chinese clients and locales."""
    subject = encoded_word("回复：[INC-000123] 打印机离线")
    return [
        ("reply-gmail-zh", reply_headers(ZHANG, subject, "<z1@mail.gmail.com>")
         + simple(b"", "型号是 HP M507。\n\nFlowDesk <help@desk.example> 于2024年3月5日周二 10:15写道：\n\n"
                  "> 请告诉我们打印机的型号。\n"),
         dict(subject="回复：[INC-000123] 打印机离线", sender="zhang.wei@example.cn", text_has=["型号是"],
              text_lacks=["请告诉我们"])),
        ("reply-outlook-zh", reply_headers(LI, encoded_word("答复: [INC-000123] 打印机离线", "gb2312"), "<z2@example.com.cn>")
         + simple(b"", "已经重启，还是不行。\n\n李娜\n\n发件人: FlowDesk <help@desk.example>\n"
                  "发送时间: 2024年3月5日 10:15\n收件人: 李娜 <li.na@example.com.cn>\n主题: [INC-000123] 打印机离线\n\n"
                  "请重启打印机后再试。\n", charset="gb18030", label="gb2312"),
         dict(subject="答复: [INC-000123] 打印机离线", sender="li.na@example.com.cn", text_has=["还是不行"],
              text_lacks=["请重启打印机"])),
        ("reply-outlook-zh-fullwidth", reply_headers(LI, encoded_word("答复：[INC-000123] 打印机离线"), "<z3@example.com.cn>")
         + simple(b"", "好的，谢谢。\n\n发件人：FlowDesk <help@desk.example>\n发送时间：2024年3月5日 星期二 10:15\n"
                  "收件人：李娜\n主题：[INC-000123] 打印机离线\n\n问题已经解决，请确认。\n"),
         dict(subject="答复：[INC-000123] 打印机离线", sender="li.na@example.com.cn", text_has=["好的"],
              text_lacks=["请确认"])),
        ("reply-foxmail", reply_headers(ZHANG, subject, "<z4@qq.com>", references=False)
         + simple(b"", "确认已经修好了。\n\n\n------------------ 原始邮件 ------------------\n"
                  "发件人: \"FlowDesk\"<help@desk.example>;\n发送时间: 2024年3月5日(星期二) 上午10:15\n"
                  "收件人: \"张伟\"<zhang.wei@example.cn>;\n主题: [INC-000123] 打印机离线\n\n请确认问题是否解决。\n"
                  "FlowDesk ref INC-000123.1f2e3d4c\n"),
         dict(subject="回复：[INC-000123] 打印机离线", sender="zhang.wei@example.cn", text_has=["确认已经修好了"],
              text_lacks=["请确认问题", "原始邮件"], full_text_has=["FlowDesk ref INC-000123.1f2e3d4c"])),
        ("reply-qq-html", headers(ZHANG, encoded_word("回复: 打印机离线"), "<z5@qq.com>")
         + simple(b"", "<div>修好了，谢谢！</div><div><br></div><div style=\"font-size: 12px;\">"
                  "------------------&nbsp;原始邮件&nbsp;------------------</div><div><b>发件人:</b>&nbsp;"
                  "\"FlowDesk\"&lt;help@desk.example&gt;;<br><b>发送时间:</b>&nbsp;2024年3月5日(星期二) 上午10:15"
                  "</div><div>问题解决了吗？</div>", subtype="html", charset="gb18030", label="GB18030"),
         dict(subject="回复: 打印机离线", sender="zhang.wei@example.cn", text_has=["修好了"], text_lacks=["问题解决了吗"],
              html=True)),
        ("reply-qq-original", headers(ZHANG, encoded_word("Re：打印机离线"), "<z6@qq.com>")
         + simple(b"", "还有一个问题：扫描也不能用。\n\n------------------ Original ------------------\n"
                  "From: \"FlowDesk\"<help@desk.example>;\nDate: Tue, Mar 5, 2024 10:15 AM\n\n请确认。\n"),
         dict(subject="Re：打印机离线", sender="zhang.wei@example.cn", text_has=["扫描也不能用"], text_lacks=["请确认"])),
        ("reply-apple-zh", reply_headers(LI, encoded_word("回复：[INC-000123] 打印机离线"), "<z7@example.com.cn>")
         + simple(b"", "可以打印了。\n\n发自我的iPhone\n\n> 在 2024年3月5日，10:15，FlowDesk <help@desk.example> 写道：\n"
                  ">\n> 现在可以打印了吗？\n"),
         dict(subject="回复：[INC-000123] 打印机离线", sender="li.na@example.com.cn", text_has=["可以打印了"],
              text_lacks=["现在可以", "iPhone"])),
        ("reply-apple-zh-unquoted", reply_headers(LI, encoded_word("回复：[INC-000123] 打印机离线"), "<z8@example.com.cn>")
         + simple(b"", "没问题了。\n\n在 2024年3月5日，上午10:15，FlowDesk <help@desk.example> 写道：\n\n请确认打印机正常。\n"),
         dict(subject="回复：[INC-000123] 打印机离线", sender="li.na@example.com.cn", text_has=["没问题了"],
              text_lacks=["请确认打印机"])),
        ("reply-netease", headers(ZHANG, encoded_word("回复:打印机离线"), "<z9@163.com>")
         + simple(b"", "已收到。\n\n在 2024-03-05 10:15:00，\"FlowDesk\" <help@desk.example> 写道：\n> 已经为您处理。\n"),
         dict(subject="回复:打印机离线", sender="zhang.wei@example.cn", text_has=["已收到"], text_lacks=["已经为您处理"])),
        ("reply-big5-outlook", headers(f"{encoded_word('陳志明', 'big5')} <chen@example.com.tw>", encoded_word("回覆: 印表機離線", "big5"),
                                       "<z10@example.com.tw>")
         + simple(b"", "印表機已經可以使用了，謝謝。\n\n寄件者: FlowDesk <help@desk.example>\n寄件日期: 2024年3月5日 上午 10:15\n"
                  "收件者: 陳志明\n主旨: 印表機離線\n\n請確認。\n", charset="big5"),
         dict(subject="回覆: 印表機離線", sender="chen@example.com.tw", sender_name="陳志明", text_has=["可以使用了"],
              text_lacks=["請確認"])),
    ]


def forwards() -> list[Case]:
    """Return forwarded mail, inline and as an attached message."""
    forwarded = ("---------- Forwarded message ---------\nFrom: Vendor Support <support@vendor.example>\n"
                 "Date: Mon, Mar 4, 2024 at 4:00 PM\nSubject: Licence renewal\nTo: Alice Chen <alice.chen@example.com>\n\n"
                 "Your licence for ScanPro expires on 31 March.\n")
    inner = headers("Vendor Support <support@vendor.example>", "Licence renewal", "<inner@vendor.example>",
                    to="alice.chen@example.com") + b"\nYour licence for ScanPro expires on 31 March.\n"
    return [
        ("forward-gmail-with-comment", simple(headers(ALICE, "Fwd: Licence renewal", "<f1@example.com>"),
                                              "Can IT renew this?\n\n" + forwarded),
         dict(subject="Fwd: Licence renewal", sender="alice.chen@example.com", text_has=["Can IT renew"],
              text_lacks=["expires on 31 March"], full_text_has=["expires on 31 March"])),
        ("forward-gmail-bare", simple(headers(ALICE, "Fwd: Licence renewal", "<f2@example.com>"), forwarded),
         dict(subject="Fwd: Licence renewal", sender="alice.chen@example.com", text_has=["expires on 31 March"])),
        ("forward-zh", simple(headers(ZHANG, encoded_word("转发：软件许可证续期"), "<f3@example.cn>"),
                              "请帮忙处理。\n\n---------- 转发的邮件 ----------\n发件人：供应商 <support@vendor.example>\n"
                              "日期：2024年3月4日\n主题：软件许可证续期\n\n您的许可证将于3月31日到期。\n"),
         dict(subject="转发：软件许可证续期", sender="zhang.wei@example.cn", text_has=["请帮忙处理"],
              text_lacks=["许可证将于"], full_text_has=["许可证将于"])),
        ("forward-apple", simple(headers(ALICE, "Fwd: Licence renewal", "<f4@example.com>"),
                                 "FYI\n\nBegin forwarded message:\n\nFrom: Vendor Support <support@vendor.example>\n"
                                 "Subject: Licence renewal\n\nYour licence for ScanPro expires on 31 March.\n"),
         dict(subject="Fwd: Licence renewal", sender="alice.chen@example.com", text_has=["FYI"],
              text_lacks=["ScanPro"])),
        ("forward-as-attachment", headers(BOB, "FW: Licence renewal", "<f5@example.net>") + multipart(
            "mixed", [text_part("See the attached mail from the vendor.\n"),
                      b"Content-Type: message/rfc822\nContent-Disposition: attachment\n\n" + inner]),
         dict(subject="FW: Licence renewal", sender="bob.miller@example.net", text_has=["attached mail"],
              text_lacks=["ScanPro"], attachments=["Licence renewal.eml"])),
    ]
