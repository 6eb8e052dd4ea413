"""Damaged mail and mail with almost no headers: all of it read, or refused as UnreadableMail, never a crash."""
from corpus_mime import PDF, PNG, b64_lines, headers, multipart, part, simple, text_part

Case = tuple[str, bytes, dict[str, object]]
ALICE = "Alice Chen <alice.chen@example.com>"


def messages() -> list[Case]:
    """Return the damaged mail of the corpus."""
    return unreadable() + few_headers() + broken_structure() + broken_fields()


def unreadable() -> list[Case]:
    """Return bytes that are no mail at all."""
    return [
        ("unreadable-empty", b"", dict(unreadable=True)),
        ("unreadable-blank", b"\n\r\n   \n", dict(unreadable=True)),
        ("unreadable-png", PNG * 3, dict(unreadable=True)),
        ("unreadable-one-word", b"garbage", dict(unreadable=True)),
    ]


def few_headers() -> list[Case]:
    """Return mail with almost no headers."""
    return [
        ("few-body-only", b"Hello,\n\nmy laptop does not start.\n\nThanks\n",
         dict(subject="", sender=None, text_has=["laptop does not start"])),
        ("few-from-only", b"From: alice.chen@example.com\n\nThe scanner is jammed.\n",
         dict(subject="", sender="alice.chen@example.com", text_has=["scanner is jammed"], message_id=None, date=None)),
        ("few-subject-only", b"Subject: Keyboard broken\n\nSeveral keys do not work.\n",
         dict(subject="Keyboard broken", sender=None, text_has=["keys do not work"])),
        ("few-headers-no-body", b"From: alice.chen@example.com\nSubject: Empty\n",
         dict(subject="Empty", sender="alice.chen@example.com", text_has=[])),
        ("few-mbox-from-line", b"From alice.chen@example.com Tue Mar  5 10:15:00 2024\n"
         + simple(headers(ALICE, "From an mbox", "<d1@example.com>"), "Exported from mbox.\n"),
         dict(subject="From an mbox", sender="alice.chen@example.com", text_has=["Exported from mbox"])),
        ("few-sender-not-from", simple(b"Sender: bob.miller@example.net\nSubject: No From\n", "Sent by a script.\n"),
         dict(subject="No From", sender="bob.miller@example.net", problems=["taken from Sender"])),
        ("few-reply-to-only", simple(b"Reply-To: Alice Chen <alice.chen@example.com>\nSubject: Web form\n",
                                     "Submitted from the web form.\n"),
         dict(subject="Web form", sender="alice.chen@example.com", problems=["taken from Reply-To"])),
        ("few-crlf", simple(headers(ALICE, "CRLF mail", "<d2@example.com>"), "Line one.\nLine two.\n").replace(
            b"\n", b"\r\n"), dict(subject="CRLF mail", sender="alice.chen@example.com", text_has=["Line one", "Line two"])),
    ]


def broken_structure() -> list[Case]:
    """Return mail whose MIME structure is damaged."""
    truncated = headers(ALICE, "Truncated", "<s1@example.com>") + multipart("mixed", [
        text_part("The attachment got cut off.\n"), part('application/pdf; name="cut.pdf"', PDF * 20, "base64")])
    return [
        ("broken-truncated", truncated[: len(truncated) - 300],
         dict(subject="Truncated", sender="alice.chen@example.com", text_has=["got cut off"], attachments=["cut.pdf"])),
        ("broken-no-boundary", headers(ALICE, "No boundary", "<s2@example.com>")
         + b"MIME-Version: 1.0\nContent-Type: multipart/mixed\n\nThe boundary parameter is missing.\n",
         dict(subject="No boundary", sender="alice.chen@example.com", text_has=["boundary parameter is missing"],
              problems=["multipart"])),
        ("broken-wrong-boundary", headers(ALICE, "Wrong boundary", "<s3@example.com>")
         + b"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"declared\"\n\n--used\nContent-Type: "
           b"text/plain\n\nThe parts use another boundary.\n--used--\n",
         dict(subject="Wrong boundary", sender="alice.chen@example.com", text_has=["another boundary"])),
        ("broken-base64", headers(ALICE, "Bad base64", "<s4@example.com>") + b"MIME-Version: 1.0\n"
         + b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
         + b64_lines(b"The base64 body is damaged near the end.")[:-6] + b"!!*\n",
         dict(subject="Bad base64", sender="alice.chen@example.com", text_has=["base64 body is damaged"])),
        ("broken-qp", headers(ALICE, "Bad quoted-printable", "<s5@example.com>") + b"MIME-Version: 1.0\n"
         + b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
         + b"Caf=C3=A9 is =ZZ broken =\nsoft break\n",
         dict(subject="Bad quoted-printable", sender="alice.chen@example.com", text_has=["Café", "soft break"])),
        ("broken-unknown-encoding", headers(ALICE, "Unknown encoding", "<s6@example.com>") + b"MIME-Version: 1.0\n"
         + b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: x-weird\n\nPlain text after all.\n",
         dict(subject="Unknown encoding", sender="alice.chen@example.com", text_has=["Plain text after all"])),
        ("broken-empty-multipart", headers(ALICE, "Empty multipart", "<s7@example.com>")
         + b"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"x\"\n\n--x--\n",
         dict(subject="Empty multipart", sender="alice.chen@example.com", text_has=[])),
        ("broken-deep-nesting", headers(ALICE, "Deep", "<s8@example.com>")
         + _nested(6, text_part("Deep inside.\n") + b"\n"),
         dict(subject="Deep", sender="alice.chen@example.com", text_has=["Deep inside"])),
        ("broken-garbage-content-type", headers(ALICE, "Garbage type", "<s9@example.com>")
         + b"MIME-Version: 1.0\nContent-Type: texthtml;;; charset\n\nStill readable.\n",
         dict(subject="Garbage type", sender="alice.chen@example.com", text_has=["Still readable"])),
        ("broken-empty-charset", headers(ALICE, "Empty charset", "<s10@example.com>")
         + b"MIME-Version: 1.0\nContent-Type: text/plain; charset=\n\nNo charset value.\n",
         dict(subject="Empty charset", sender="alice.chen@example.com", text_has=["No charset value"])),
        ("broken-empty-rfc822", headers(ALICE, "Empty attached mail", "<s11@example.com>") + multipart("mixed", [
            text_part("An empty message is attached.\n"), b"Content-Type: message/rfc822\n\n"]),
         dict(subject="Empty attached mail", sender="alice.chen@example.com", text_has=["empty message is attached"],
              attachments=["forwarded message.eml"])),
        ("broken-image-inline-no-id", headers(ALICE, "Inline without id", "<s12@example.com>") + multipart("mixed", [
            text_part("Picture below.\n"), part("image/png", PNG, "base64", ("Content-Disposition: inline",))]),
         dict(subject="Inline without id", sender="alice.chen@example.com", attachments=["attachment.png"],
              inline=["attachment.png"])),
        ("broken-nul-in-body", headers(ALICE, "NUL bytes", "<s13@example.com>")
         + b"MIME-Version: 1.0\nContent-Type: text/plain\n\nA stray\x00 NUL byte.\n",
         dict(subject="NUL bytes", sender="alice.chen@example.com", text_has=["stray"])),
        ("broken-long-line", simple(headers(ALICE, "Long line", "<s14@example.com>"), "word " * 20000 + "end\n"),
         dict(subject="Long line", sender="alice.chen@example.com", text_has=["word word", "end"])),
    ]


def broken_fields() -> list[Case]:
    """Return mail whose header fields are damaged."""
    body = "Body.\n"
    return [
        ("fields-bad-date", simple(headers(ALICE, "Bad date", "<f1@example.com>", date="yesterday at noon"), body),
         dict(subject="Bad date", sender="alice.chen@example.com", date=None, problems=["is not a date"])),
        ("fields-date-from-received", simple(headers(ALICE, "No date", "<f2@example.com>", date=None, extra=(
            ("Received", "from mx.example.com by mail.desk.example; Tue, 5 Mar 2024 03:00:00 +0000"),)), body),
         dict(subject="No date", sender="alice.chen@example.com", date="2024-03-05T03:00:00+00:00",
              problems=["taken from the Received header"])),
        ("fields-date-no-zone", simple(headers(ALICE, "Date without zone", "<f3@example.com>",
                                               date="Tue, 5 Mar 2024 10:15:00"), body),
         dict(subject="Date without zone", sender="alice.chen@example.com", date="2024-03-05T10:15:00+00:00")),
        ("fields-message-id-no-brackets", simple(headers(ALICE, "Bare id", "bare-id-17@example.com"), body),
         dict(subject="Bare id", sender="alice.chen@example.com", message_id="<bare-id-17@example.com>")),
        ("fields-references-folded", simple(headers(ALICE, "Re: Folded references", "<f5@example.com>", extra=(
            ("In-Reply-To", "<fd.INC-000123.7.3fa9c2d1@desk.example> (FlowDesk)"),
            ("References", "<first@example.com>\n <second@example.com>\n\t<fd.INC-000123.7.3fa9c2d1@desk.example>"))),
                                          body),
         dict(subject="Re: Folded references", sender="alice.chen@example.com",
              in_reply_to="<fd.INC-000123.7.3fa9c2d1@desk.example>",
              references=["<first@example.com>", "<second@example.com>", "<fd.INC-000123.7.3fa9c2d1@desk.example>"])),
        ("fields-from-no-address", simple(headers("Alice Chen", "Name only", "<f6@example.com>"), body),
         dict(subject="Name only", sender=None, problems=["is not an address"])),
        ("fields-from-two-addresses", simple(headers(f"{ALICE}, Bob Miller <bob.miller@example.net>", "Two senders",
                                                     "<f7@example.com>"), body),
         dict(subject="Two senders", sender="alice.chen@example.com")),
        ("fields-quoted-comma-name", simple(headers('"Chen, Alice" <alice.chen@example.com>', "Comma in name",
                                                    "<f8@example.com>", to='"Desk, Help" <help@desk.example>, '
                                                    'bob.miller@example.net'), body),
         dict(subject="Comma in name", sender="alice.chen@example.com", sender_name="Chen, Alice",
              to=["help@desk.example", "bob.miller@example.net"])),
        ("fields-invalid-bytes", b"From: alice.chen@example.com\nSubject: caf\xe9 \xff\xfe broken\n"
         b"Message-ID: <f9@example.com>\n\nBody.\n",
         dict(subject_has="broken", sender="alice.chen@example.com")),
        ("fields-garbage-first-line", b"this line is not a header\nFrom: alice.chen@example.com\nSubject: Lost\n\n"
         b"Body after garbage.\n",
         dict(subject="", sender=None, full_text_has=["Body after garbage"])),
        ("fields-no-subject", simple(headers(ALICE, None, "<f11@example.com>"), "Forgot the subject.\n"),
         dict(subject="", sender="alice.chen@example.com", text_has=["Forgot the subject"])),
        ("fields-encoded-angle-address", simple(headers("=?utf-8?B?5byg5Lyf?= <zhang.wei@example.cn>",
                                                        "Encoded name", "<f12@example.cn>"), body),
         dict(subject="Encoded name", sender="zhang.wei@example.cn", sender_name="张伟")),
    ]


def _nested(depth: int, inner: bytes) -> bytes:
    content = inner
    for level in range(depth):
        content = multipart("mixed", [content], boundary=f"lvl{level}")
        if level < depth - 1:
            content = content.split(b"\n", 1)[1]  # drop MIME-Version; the Content-Type line leads the part
    return content
