"""The new text of a mail: quoted earlier messages and the signature cut off.

Recognises the quote headers of Gmail, Outlook, Apple Mail, Foxmail/QQ Mail and Thunderbird, in English and
Chinese, "> " quoting, "-- " signatures and the mobile clients' "Sent from my iPhone" lines.
"""
import re

_QUOTE_MARKERS = [re.compile(pattern, re.IGNORECASE) for pattern in (
    r"^-{2,}\s*(original message|original|原始邮件|原始郵件|原邮件)\s*-{2,}$",
    r"^_{10,}$",
    r"^(on|le|am)\s.{4,}\s(wrote|a écrit|schrieb)\s?:$",
    r"^.{0,120}(于|在)\s?.{2,80}(写道|寫道)\s?[:：]$",
    r"^在\s?.{2,120}(写道|寫道)\s?[:：]$",
    r"^.{0,80}<[^>\s]+@[^>\s]+>\s*(wrote|写道)\s?[:：]$",
)]
_FORWARD_MARKERS = [re.compile(pattern, re.IGNORECASE) for pattern in (
    r"^-{2,}\s*(forwarded message|转发的邮件|轉寄的郵件|转发邮件)\s*-{2,}$",
    r"^begin forwarded message\s?:$",
    r"^(开始转发的邮件|以下是转发的邮件)\s?[:：]$",
)]
_HEADER_START = re.compile(r"^\*{0,2}(from|发件人|寄件者)\s*\*{0,2}\s*[:：]", re.IGNORECASE)
_HEADER_FOLLOW = re.compile(r"^\*{0,2}(sent|date|to|subject|cc|发送时间|时间|日期|收件人|主题|抄送|寄件日期|主旨)"
                            r"\s*\*{0,2}\s*[:：]", re.IGNORECASE)
_RULE = re.compile(r"^(\* \* \*|-{3,}|_{3,}|={3,})$")
_SIGNATURE_LINES = [re.compile(pattern, re.IGNORECASE) for pattern in (
    r"^--\s?$",
    r"^sent from my \w+.{0,30}$",
    r"^sent from (mail|outlook) for .{0,30}$",
    r"^get outlook for \w+.{0,20}$",
    r"^sent from (yahoo mail|my mobile|my phone).{0,30}$",
    r"^(发自|來自|来自)我的.{0,20}$",
    r"^从我的.{0,20}发送$",
)]


def new_text(body: str) -> str:
    """Return the text a sender wrote in this mail, without quoted mail and signature."""
    lines = [line.replace("\xa0", " ").rstrip() for line in body.replace("\r\n", "\n").split("\n")]
    quote_at = _first_quote(lines)
    forward_at = _first_matching(lines, _FORWARD_MARKERS)
    if forward_at is not None and (quote_at is None or forward_at < quote_at):
        written = _without_signature(lines[:forward_at])
        if written.strip():
            return written
        # A bare forward: the forwarded mail is what the sender brings to the desk.
        return _without_signature(lines[forward_at + 1:])
    if quote_at is None:
        return _without_signature(_unquoted(lines))
    written = _without_signature(_unquoted(lines[:quote_at]))
    following = [line for line in lines[quote_at + 1:] if line.strip()]
    if written or not following or not following[0].lstrip().startswith(">"):
        return written
    # Bottom posting: the quote comes first, "> "-quoted, and the new text below it.
    return _without_signature(_unquoted(lines[quote_at + 1:]))


def _unquoted(lines: list[str]) -> list[str]:
    return [line for line in lines if not line.lstrip().startswith(">")]


def _first_quote(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        stripped = line.strip()
        joined = f"{stripped} {lines[index + 1].strip()}" if index + 1 < len(lines) else stripped
        if any(marker.match(stripped) for marker in _QUOTE_MARKERS):
            return index
        if stripped.lower().startswith("on ") and any(marker.match(joined) for marker in _QUOTE_MARKERS):
            return index
        if _HEADER_START.match(stripped) and _header_block_follows(lines, index):
            return index
    return None


def _header_block_follows(lines: list[str], index: int) -> bool:
    following = [line.strip() for line in lines[index + 1:index + 6] if line.strip()]
    return sum(1 for line in following if _HEADER_FOLLOW.match(line)) >= 2


def _first_matching(lines: list[str], markers: list[re.Pattern[str]]) -> int | None:
    for index, line in enumerate(lines):
        if any(marker.match(line.strip()) for marker in markers):
            return index
    return None


def _without_signature(lines: list[str]) -> str:
    cut = _first_matching(lines, _SIGNATURE_LINES)
    kept = lines if cut is None else lines[:cut]
    while kept and (not kept[-1].strip() or _RULE.match(kept[-1].strip())):
        kept = kept[:-1]  # the rule Outlook draws above the quoted mail, and blank lines
    return "\n".join(kept).strip("\n") + "\n" if any(line.strip() for line in kept) else ""
