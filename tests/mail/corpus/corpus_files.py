"""Mail with files: attachments, inline images, encoded file names, winmail.dat and Outlook .msg."""
from corpus_mime import LOG, PDF, PNG, ZIP, encoded_word, file_part, headers, multipart, part, text_part
from corpus_outlook import outlook_msg, winmail_dat

Case = tuple[str, bytes, dict[str, object]]
ALICE = "Alice Chen <alice.chen@example.com>"
ZHANG = "=?utf-8?B?5byg5Lyf?= <zhang.wei@example.cn>"


def messages() -> list[Case]:
    """Return the file cases of the corpus."""
    return attachments() + inline_images() + outlook_containers()


def attachments() -> list[Case]:
    """Return mail with attached files and names in every encoding."""
    def mixed(subject: str, message_id: str, files: list[bytes], text: str = "Please see the attached file.\n",
              sender: str = ALICE) -> bytes:
        return headers(sender, subject, message_id) + multipart("mixed", [text_part(text), *files])
    return [
        ("files-pdf", mixed("Invoice", "<a1@example.com>", [file_part("invoice.pdf", "application/pdf", PDF)]),
         dict(subject="Invoice", sender="alice.chen@example.com", text_has=["attached file"],
              attachments=["invoice.pdf"], attachment_types=["application/pdf"])),
        ("files-log-and-screenshot", mixed("Spooler errors", "<a2@example.com>", [
            file_part("spooler.log", "text/plain", LOG), file_part("screen.png", "image/png", PNG)]),
         dict(subject="Spooler errors", sender="alice.chen@example.com", attachments=["spooler.log", "screen.png"])),
        ("files-rfc2231-utf8", mixed("Chinese file name", "<a3@example.com>", [
            file_part("", "application/pdf", PDF, name_header="*=utf-8''%E6%8A%A5%E9%94%80%E5%8D%95.pdf")]),
         dict(subject="Chinese file name", sender="alice.chen@example.com", attachments=["报销单.pdf"])),
        ("files-rfc2231-gb2312", mixed("GB2312 file name", "<a4@example.com>", [
            file_part("", "application/pdf", PDF, name_header="*=gb2312''%B1%A8%CF%FA%B5%A5.pdf")]),
         dict(subject="GB2312 file name", sender="alice.chen@example.com", attachments=["报销单.pdf"])),
        ("files-rfc2231-continuation", headers(ALICE, "Long file name", "<a5@example.com>") + multipart("mixed", [
            text_part("Attached.\n"),
            part("application/pdf", PDF, "base64", (
                "Content-Disposition: attachment;\n filename*0*=utf-8''%E5%B9%B4%E5%BA%A6;\n filename*1*=%E6%8A%A5%E5%91%8A.pdf",))]),
         dict(subject="Long file name", sender="alice.chen@example.com", attachments=["年度报告.pdf"])),
        ("files-rfc2047-name", mixed("Outlook file name", "<a6@example.com>", [
            file_part("", "application/pdf", PDF, name_header=f'"{encoded_word("会议纪要.pdf", "gb2312")}"')]),
         dict(subject="Outlook file name", sender="alice.chen@example.com", attachments=["会议纪要.pdf"])),
        ("files-raw-utf8-name", mixed("Raw name", "<a7@example.com>", [
            file_part("合同.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP)]),
         dict(subject="Raw name", sender="alice.chen@example.com", attachments=["合同.docx"])),
        ("files-no-name", mixed("Nameless", "<a8@example.com>", [
            part("application/pdf", PDF, "base64", ("Content-Disposition: attachment",))]),
         dict(subject="Nameless", sender="alice.chen@example.com", attachments=["attachment.pdf"])),
        ("files-zh-mail", mixed(encoded_word("报销单"), "<a9@example.cn>", [
            file_part("", "application/pdf", PDF, name_header=f'"{encoded_word("三月报销单.pdf")}"')],
            text="请审批附件中的报销单。\n\n发自我的iPhone\n", sender=ZHANG),
         dict(subject="报销单", sender="zhang.wei@example.cn", text_has=["请审批"], text_lacks=["iPhone"],
              attachments=["三月报销单.pdf"])),
        ("files-text-attachment", mixed("Config", "<a10@example.com>", [
            part('text/plain; charset=utf-8; name="router.conf"', b"hostname edge-01\n", "7bit",
                 ('Content-Disposition: attachment; filename="router.conf"',))], text="Config attached.\n"),
         dict(subject="Config", sender="alice.chen@example.com", text_has=["Config attached"],
              text_lacks=["hostname"], attachments=["router.conf"])),
        ("files-duplicate", mixed("Same file twice", "<a11@example.com>", [
            file_part("invoice.pdf", "application/pdf", PDF), file_part("invoice.pdf", "application/pdf", PDF)]),
         dict(subject="Same file twice", sender="alice.chen@example.com", attachments=["invoice.pdf"])),
        ("files-calendar", mixed("Meeting", "<a12@example.com>", [
            part('text/calendar; charset=utf-8; method=REQUEST', b"BEGIN:VCALENDAR\nEND:VCALENDAR\n", "7bit")]),
         dict(subject="Meeting", sender="alice.chen@example.com", attachments=["attachment.ics"])),
    ]


def inline_images() -> list[Case]:
    """Return HTML mail with cid: images, some sent twice."""
    html = '<p>The error looks like this:</p><img src="cid:shot1@example.com"><p>Thanks</p>'
    related = multipart("related", [text_part(html, subtype="html"),
                                    file_part("image001.png", "image/png", PNG, inline_id="shot1@example.com")],
                        boundary="==rel==")
    related_body = related.split(b"\n\n", 1)
    related_part = related_body[0].split(b"\n", 1)[1] + b"\n\n" + related_body[1]
    return [
        ("inline-related", headers(ALICE, "Error dialog", "<i1@example.com>") + related,
         dict(subject="Error dialog", sender="alice.chen@example.com", text_has=["error looks like"],
              attachments=["image001.png"], inline=["image001.png"], html=True)),
        ("inline-in-alternative", headers(ALICE, "Error dialog again", "<i2@example.com>") + multipart(
            "alternative", [text_part("The error looks like this: [cid:shot1@example.com]\n"), related_part]),
         dict(subject="Error dialog again", sender="alice.chen@example.com", attachments=["image001.png"],
              inline=["image001.png"], html=True)),
        ("inline-twice", headers(ALICE, "Image twice", "<i3@example.com>") + multipart("mixed", [
            related_part, file_part("image001.png", "image/png", PNG, inline_id="shot1@example.com")], boundary="==mx=="),
         dict(subject="Image twice", sender="alice.chen@example.com", attachments=["image001.png"],
              inline=["image001.png"], html=True)),
        ("inline-no-name", headers(ALICE, "Pasted image", "<i4@example.com>") + multipart("related", [
            text_part('<p>Pasted:</p><img src="cid:ii_lt8x2@example.com">', subtype="html"),
            part("image/png", PNG, "base64", ("Content-ID: <ii_lt8x2@example.com>",))]),
         dict(subject="Pasted image", sender="alice.chen@example.com", attachments=["ii_lt8x2.png"],
              inline=["ii_lt8x2.png"], html=True)),
    ]


def outlook_containers() -> list[Case]:
    """Return winmail.dat and .msg attachments, readable and damaged."""
    tnef = winmail_dat("Rich text body from Outlook.", [("budget.xlsx", ZIP), ("notes.txt", b"call vendor\n")])
    msg = outlook_msg("Quarterly VPN report", "Bob Miller", "VPN usage is attached.\r\n", [("vpn.log", LOG)])

    def with_file(subject: str, message_id: str, file: bytes, text: str | None = "See attachment.\n") -> bytes:
        parts = ([text_part(text)] if text is not None else []) + [file]
        return headers("Bob Miller <bob.miller@example.net>", subject, message_id) + multipart("mixed", parts)
    return [
        ("outlook-winmail", with_file("Budget", "<o1@example.net>", file_part("winmail.dat", "application/ms-tnef", tnef)),
         dict(subject="Budget", sender="bob.miller@example.net", attachments=["budget.xlsx", "notes.txt"])),
        ("outlook-winmail-only-body", with_file("Rich text", "<o2@example.net>",
                                                file_part("winmail.dat", "application/ms-tnef", tnef), text=None),
         dict(subject="Rich text", sender="bob.miller@example.net", text_has=["Rich text body"],
              attachments=["budget.xlsx", "notes.txt"])),
        ("outlook-winmail-damaged", with_file("Broken winmail", "<o3@example.net>",
                                              file_part("winmail.dat", "application/ms-tnef", b"not tnef at all")),
         dict(subject="Broken winmail", sender="bob.miller@example.net", attachments=["winmail.dat"],
              problems=["not a readable winmail.dat"])),
        ("outlook-msg", with_file("Forwarded as .msg", "<o4@example.net>",
                                  file_part("VPN report.msg", "application/vnd.ms-outlook", msg)),
         dict(subject="Forwarded as .msg", sender="bob.miller@example.net", attachments=["VPN report.txt", "vpn.log"],
              attachment_text={"VPN report.txt": ["Quarterly VPN report", "VPN usage is attached"]})),
        ("outlook-msg-damaged", with_file("Broken .msg", "<o5@example.net>",
                                          file_part("broken.msg", "application/octet-stream", PDF)),
         dict(subject="Broken .msg", sender="bob.miller@example.net", attachments=["broken.msg"],
              problems=["not a readable Outlook message"])),
    ]
