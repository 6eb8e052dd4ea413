"""Subject lines without the reply and forward prefixes and the gateways' [EXTERNAL]-style tags."""
import re

_PREFIX = re.compile(
    r"^\s*(?:(?:re|fwd?|aw|wg|sv|vs|antw|tr|回复|答复|回覆|答覆|转发|轉寄|转寄|轉發)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]"
    r"|\[(?:external|ext|外部邮件|外部郵件|spam|suspicious|caution)\]"
    r"|\((?:external|ext)\))\s*",
    re.IGNORECASE,
)


def strip_subject_prefixes(subject: str) -> str:
    """Return the subject without leading Re:/Fw:/回复:/答复:/转发:/AW:/SV: prefixes and [EXTERNAL] tags."""
    previous = None
    while previous != subject:
        previous = subject
        subject = _PREFIX.sub("", subject, count=1)
    return subject.strip()
