"""Whether a mailed reply to a resolved incident confirms the fix: the rule, pure and explicit.

The rule: a reply confirms only when its new text (quotes and signature stripped by the reader) says nothing but
thanks and confirmation, in English or Chinese: "Thanks, it works!", "谢谢，已经好了", "OK, thank you Sam". Every
word of it must belong to a phrase below (a greeting, a sign-off or a name of the people on the ticket may stand
beside them), at least one must confirm, and it asks no question. Anything else, however short ("thanks, but page
two still jams", "还是不行", an empty mail with a screenshot), reopens the incident with the mail as the reason: a
fix wrongly taken as confirmed is worse than one reopened once too often, and the requester can always confirm
with the link.
"""
import re
from collections.abc import Iterable

CONFIRMATION_MAX_CHARS = 200  # a longer mail says more than thanks
CONFIRMING = (
    "thanks", "thank you", "thankyou", "thanks a lot", "thanks so much", "thank you very much", "thank you so much",
    "many thanks", "thx", "it works", "it works now", "works now", "works", "it is working", "its working",
    "it is working now", "its working now",
    "working now", "works fine", "works again", "it is fixed", "its fixed", "fixed", "solved", "resolved",
    "problem solved", "issue solved", "issue resolved", "problem resolved", "all good", "all good now", "confirmed",
    "i confirm", "yes", "yes it works", "ok", "okay", "great", "perfect", "awesome", "excellent", "that worked",
    "that fixed it", "you can close it", "please close it", "you can close the ticket", "please close the ticket",
    "谢谢", "谢谢你", "谢谢您", "多谢", "感谢", "非常感谢", "十分感谢", "谢了", "好了", "已经好了", "现在好了", "好的",
    "可以了", "现在可以了", "已解决", "解决了", "已经解决了", "问题解决了", "问题已解决", "修好了", "已修复",
    "没问题了", "确认", "确认修复", "确认已修复", "正常了", "恢复正常了", "能用了", "可以用了", "可以关闭",
    "可以关闭了", "请关闭", "辛苦了",
)
COURTESY = ("hi", "hello", "dear", "again", "regards", "best regards", "kind regards", "best", "cheers", "and",
            "您好", "你好", "此致", "敬礼", "祝好")
_WORD = re.compile(r"\w+")


def reads_as_confirmation(text: str, names: Iterable[str] = ()) -> bool:
    """Say whether a reply's new text only thanks and confirms (the rule above); names: people on the ticket."""
    if not text.strip() or len(text.strip()) > CONFIRMATION_MAX_CHARS or "?" in text or "？" in text:
        return False  # a question ("It works?") asks rather than confirms
    unnamed = {word for name in names for word in _WORD.findall(name.casefold())}
    words = [word for word in _WORD.findall(text.casefold().replace("'", "").replace("\u2019", ""))
             if word not in unnamed]
    return covers("".join(words))


def covers(joined: str) -> bool:
    """Say whether the text, its spaces and punctuation gone, is a run of known phrases with one that confirms."""
    confirming = {phrase.replace(" ", "") for phrase in CONFIRMING}
    courtesy = {phrase.replace(" ", "") for phrase in COURTESY}
    # reach[i]: None (the first i characters are not a run of phrases), or whether that run holds a confirmation
    reach: list[bool | None] = [False] + [None] * len(joined)
    for end in range(1, len(joined) + 1):
        for start in range(end):
            piece, before = joined[start:end], reach[start]
            if before is not None and (piece in confirming or piece in courtesy):
                reach[end] = bool(reach[end]) or before or piece in confirming
    return bool(reach[len(joined)])
