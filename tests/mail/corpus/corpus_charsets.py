"""Mail in the charsets of the desk's users, declared rightly, wrongly, or not at all, and encoded headers."""
from base64 import b64encode

from corpus_mime import encoded_word, headers, multipart, part, simple, text_part

Case = tuple[str, bytes, dict[str, object]]
ZH = "打印机卡纸了，请尽快派人处理。"
GBK_ONLY = "王喆的电脑蓝屏，错误代码镕。"  # 喆 and 镕 are in GBK, not in GB2312
GB18030_ONLY = "文件名含有𠀀字符，系统报错。"  # U+20000 needs GB18030's four-byte form
TRADITIONAL = "網路印表機無法列印，請協助處理。"
JAPANESE = "プリンターが動きません。至急対応をお願いします。"


def messages() -> list[Case]:
    """Return the charset cases of the corpus."""
    return body_charsets() + wrong_labels() + header_encodings()


def body_charsets() -> list[Case]:
    """Return bodies in each charset, rightly declared."""
    sender = "Wang Fang <wang.fang@example.org>"
    return [
        ("charset-utf8-8bit", simple(headers(sender, "utf-8 8bit", "<c1@example.org>"), ZH),
         dict(subject="utf-8 8bit", sender="wang.fang@example.org", text_has=["打印机卡纸了"])),
        ("charset-utf8-base64", simple(headers(sender, "utf-8 base64", "<c2@example.org>"), ZH, encoding="base64"),
         dict(subject="utf-8 base64", sender="wang.fang@example.org", text_has=["尽快派人处理"])),
        ("charset-gb2312", simple(headers(sender, encoded_word("纸张", "gb2312"), "<c3@example.org>"), ZH, "gb2312",
                                  "base64"),
         dict(subject="纸张", sender="wang.fang@example.org", text_has=["打印机卡纸了"], problems=[])),
        ("charset-gb2312-holding-gbk", simple(headers(sender, encoded_word("蓝屏 王喆", "gbk"), "<c4@example.org>"),
                                              GBK_ONLY, "gbk", "8bit", label="gb2312"),
         dict(subject="蓝屏 王喆", sender="wang.fang@example.org", text_has=["王喆", "错误代码镕"], problems=[])),
        ("charset-gbk", simple(headers(sender, "gbk", "<c5@example.org>"), GBK_ONLY, "gbk", "quoted-printable"),
         dict(subject="gbk", sender="wang.fang@example.org", text_has=["王喆"])),
        ("charset-gb18030", simple(headers(sender, encoded_word("𠀀 字符", "gb18030"), "<c6@example.org>"),
                                   GB18030_ONLY, "gb18030", "base64"),
         dict(subject="𠀀 字符", sender="wang.fang@example.org", text_has=["𠀀字符"])),
        ("charset-gb2312-holding-gb18030", simple(headers(sender, "gb18030 as gb2312", "<c7@example.org>"),
                                                  GB18030_ONLY, "gb18030", "8bit", label="GB2312"),
         dict(subject="gb18030 as gb2312", sender="wang.fang@example.org", text_has=["𠀀字符"])),
        ("charset-big5", simple(headers("Chen <chen@example.com.tw>", encoded_word("印表機", "big5"), "<c8@example.tw>"),
                                TRADITIONAL, "big5", "base64"),
         dict(subject="印表機", sender="chen@example.com.tw", text_has=["網路印表機無法列印"])),
        ("charset-big5-qp", simple(headers("Chen <chen@example.com.tw>", "big5 qp", "<c9@example.tw>"),
                                   TRADITIONAL, "big5", "quoted-printable", label="Big5"),
         dict(subject="big5 qp", sender="chen@example.com.tw", text_has=["請協助處理"])),
        ("charset-iso-2022-jp", simple(headers(f"{encoded_word('田中', 'iso-2022-jp')} <tanaka@example.jp>",
                                               encoded_word("プリンター故障", "iso-2022-jp"), "<c10@example.jp>"),
                                       JAPANESE, "iso-2022-jp", "7bit"),
         dict(subject="プリンター故障", sender="tanaka@example.jp", sender_name="田中", text_has=["プリンターが動きません"])),
        ("charset-latin1", simple(headers("René Dubois <rene@example.fr>", encoded_word("Café machine", "iso-8859-1", "Q"),
                                          "<c11@example.fr>"), "The café machine on floor 2 is broken. Merci, René\n",
                                  "iso-8859-1", "quoted-printable"),
         dict(subject="Café machine", sender="rene@example.fr", text_has=["café machine", "René"])),
        ("charset-windows-1252", simple(headers("Bob Miller <bob.miller@example.net>", "Smart quotes", "<c12@example.net>"),
                                        "It says \u201cno signal\u201d \u2013 again.\n", "windows-1252", "8bit"),
         dict(subject="Smart quotes", sender="bob.miller@example.net", text_has=["\u201cno signal\u201d"])),
        ("charset-utf8-alias", simple(headers("Wang Fang <wang.fang@example.org>", "utf8 alias", "<c13@example.org>"),
                                      ZH, "utf-8", "8bit", label="utf8"),
         dict(subject="utf8 alias", sender="wang.fang@example.org", text_has=["打印机卡纸了"])),
        ("charset-html-gb2312", simple(headers(sender, "html gb2312", "<c14@example.org>"),
                                       f"<html><head><meta charset=gb2312></head><body><p>{ZH}</p></body></html>",
                                       "gb2312", "base64", subtype="html"),
         dict(subject="html gb2312", sender="wang.fang@example.org", text_has=["打印机卡纸了"], html=True)),
    ]


def wrong_labels() -> list[Case]:
    """Return bodies whose declared charset is wrong or missing."""
    sender = "Wang Fang <wang.fang@example.org>"
    return [
        ("charset-gbk-declared-utf8", simple(headers(sender, "gbk labelled utf-8", "<w1@example.org>"), ZH, "gbk",
                                             label="utf-8"),
         dict(subject="gbk labelled utf-8", sender="wang.fang@example.org", text_has=["打印机卡纸了"],
              problems=["did not fit"])),
        ("charset-utf8-declared-gb2312", simple(headers(sender, "utf-8 labelled gb2312", "<w2@example.org>"), ZH,
                                                "utf-8", label="gb2312"),
         dict(subject="utf-8 labelled gb2312", sender="wang.fang@example.org", text_has=["打印机卡纸了"],
              problems=["did not fit"])),
        ("charset-gbk-declared-latin1", simple(headers(sender, "gbk labelled latin-1", "<w3@example.org>"),
                                               ZH + "\n我们部门的三台打印机都不能用了，影响很大。\n", "gbk",
                                               label="iso-8859-1"),
         dict(subject="gbk labelled latin-1", sender="wang.fang@example.org", text_has=["打印机卡纸了"],
              problems=["did not fit"])),
        ("charset-utf8-declared-ascii", simple(headers(sender, "utf-8 labelled us-ascii", "<w4@example.org>"), ZH,
                                               "utf-8", label="us-ascii"),
         dict(subject="utf-8 labelled us-ascii", sender="wang.fang@example.org", text_has=["打印机卡纸了"],
              problems=["did not fit"])),
        ("charset-undeclared-gbk", headers(sender, "no charset", "<w5@example.org>")
         + b"MIME-Version: 1.0\nContent-Type: text/plain\n\n" + (ZH + "\n请尽快处理，谢谢。\n").encode("gbk"),
         dict(subject="no charset", sender="wang.fang@example.org", text_has=["打印机卡纸了"],
              problems=["no charset was declared"])),
        ("charset-unknown-label", simple(headers(sender, "unknown label", "<w6@example.org>"), ZH, "utf-8",
                                         label="x-unknown-8bit"),
         dict(subject="unknown label", sender="wang.fang@example.org", text_has=["打印机卡纸了"],
              problems=["did not fit"])),
        ("charset-no-mime-8bit", headers(sender, "no MIME at all", "<w7@example.org>") + b"\n" + ZH.encode("utf-8"),
         dict(subject="no MIME at all", sender="wang.fang@example.org", text_has=["打印机卡纸了"])),
        ("charset-mixed-parts", headers(sender, "two parts, two charsets", "<w8@example.org>") + multipart(
            "mixed", [text_part("第一部分：" + ZH, "gb2312"), text_part("第二部分：" + TRADITIONAL, "big5")]),
         dict(subject="two parts, two charsets", sender="wang.fang@example.org",
              text_has=["第一部分", "打印机卡纸了", "網路印表機"])),
        ("charset-alternative-gbk-html", headers(sender, "alternative gbk", "<w9@example.org>") + multipart(
            "alternative", [part('text/plain; charset="gbk"', ZH.encode("gbk"), "base64"),
                            part('text/html; charset="gbk"', f"<p>{ZH}</p>".encode("gbk"), "base64")]),
         dict(subject="alternative gbk", sender="wang.fang@example.org", text_has=["打印机卡纸了"], html=True)),
    ]


def header_encodings() -> list[Case]:
    """Return RFC 2047 headers: split words, raw 8-bit, Q encoding, damaged words."""
    body = "See subject.\n"
    split = "=?UTF-8?B?5omT5Y2w5py6?= =?UTF-8?B?5Y2h57q45LqG?="
    gbk = "打印机卡纸".encode("gbk")
    broken_split = f"=?gbk?B?{b64encode(gbk[:3]).decode()}?= =?gbk?B?{b64encode(gbk[3:]).decode()}?="
    return [
        ("header-split-words", simple(headers("a@example.org", split, "<h1@example.org>"), body),
         dict(subject="打印机卡纸了", sender="a@example.org")),
        ("header-split-multibyte", simple(headers("a@example.org", broken_split, "<h2@example.org>"), body),
         dict(subject="打印机卡纸", sender="a@example.org")),
        ("header-raw-utf8", simple(headers("张伟 <zhang.wei@example.cn>", "打印机卡纸了", "<h3@example.cn>"), body),
         dict(subject="打印机卡纸了", sender="zhang.wei@example.cn", sender_name="张伟")),
        ("header-raw-gbk", ("From: " + "张伟").encode("gbk") + b" <zhang.wei@example.cn>\nTo: help@desk.example\n"
         + b"Subject: " + "打印机卡纸了，请帮忙".encode("gbk") + b"\nMessage-ID: <h4@example.cn>\n\n" + body.encode(),
         dict(subject="打印机卡纸了，请帮忙", sender="zhang.wei@example.cn", sender_name="张伟")),
        ("header-q-encoding", simple(headers(f"{encoded_word('Zoë Ng', 'utf-8', 'Q')} <zoe@example.org>",
                                             "=?utf-8?Q?Caf=C3=A9_=E2=80=93_help?=", "<h5@example.org>"), body),
         dict(subject="Café – help", sender="zoe@example.org", sender_name="Zoë Ng")),
        ("header-lowercase-charset-mixed", simple(headers("a@example.org",
                                                          "Re: =?gb2312?b?tPLTobv6?= jammed", "<h6@example.org>"), body),
         dict(subject="Re: 打印机 jammed", sender="a@example.org")),
        ("header-folded-subject", simple(b"From: a@example.org\nTo: help@desk.example\nSubject: A very long subject\n"
                                         b" that was folded\n\tover three lines\nMessage-ID: <h7@example.org>\n", body),
         dict(subject="A very long subject that was folded over three lines", sender="a@example.org")),
        ("header-bad-base64-word", simple(headers("a@example.org", "=?utf-8?B?5omT5Y2w5py*?= fine", "<h8@example.org>"),
                                          body),
         dict(subject_has="fine", sender="a@example.org")),
    ]
