"""Turning bytes of a declared (or undeclared, or wrongly declared) charset into text."""
import codecs

from charset_normalizer import CharsetMatch, from_bytes

# Labels mailers write, mapped to the widest codec that reads them: GB2312 mail is routinely GBK or
# GB18030 in fact, Big5 mail carries HKSCS characters, ISO-8859-1 mail is windows-1252 (as browsers read it).
_SUPERSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "euc-cn": "gb18030", "euccn": "gb18030",
    "x-gbk": "gb18030", "gb_2312-80": "gb18030", "csgb2312": "gb18030", "chinese": "gb18030",
    "big5": "big5hkscs", "big-5": "big5hkscs", "cp950": "big5hkscs", "x-big5": "big5hkscs",
    "iso-2022-jp": "iso2022_jp_ext", "csiso2022jp": "iso2022_jp_ext",
    "shift_jis": "cp932", "x-sjis": "cp932", "sjis": "cp932",
    "ks_c_5601-1987": "cp949", "euc-kr": "cp949",
    "iso-8859-1": "windows-1252", "latin1": "windows-1252", "latin-1": "windows-1252",
    "us-ascii": "windows-1252", "ascii": "windows-1252", "ansi_x3.4-1968": "windows-1252",
    "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8",
}
_SINGLE_BYTE_FAMILIES = ("windows-125", "cp125", "iso8859", "latin", "koi8", "mac")
_CJK_CODECS = ("gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950", "cp932", "shift_jis", "euc_jp",
               "iso2022_jp", "cp949", "euc_kr", "utf_8")


def codec_for(label: str | None) -> str | None:
    """Return the Python codec to read a declared charset with, or None if the label names none."""
    if not label:
        return None
    cleaned = label.strip().strip("\"'").lower()
    cleaned = _SUPERSETS.get(cleaned, cleaned)
    try:
        return codecs.lookup(cleaned).name
    except LookupError:
        return None


def decode_bytes(data: bytes, declared: str | None, problems: list[str], where: str) -> str:
    """Return the text of bytes, noting in problems when the declared charset had to be overruled."""
    codec = codec_for(declared)
    if not data or (data.isascii() and not _stateful(codec)):
        return data.decode("ascii", errors="replace")
    # Text in another charset is practically never valid UTF-8, while UTF-8 mislabelled as GB2312 or
    # Latin-1 often decodes "successfully" into nonsense: valid UTF-8 is read as UTF-8 whatever the label.
    if not data.isascii() and is_utf8(data) and codec not in ("utf-16", "utf-16-le", "utf-16-be", "utf-7"):
        if codec != "utf-8":
            what = f"declared charset {declared!r} did not fit" if declared else "no charset was declared"
            problems.append(f"{where}: {what}; read as UTF-8")
        return data.decode("utf-8")
    if codec is not None and not _single_byte(codec):
        try:
            return data.decode(codec)
        except UnicodeDecodeError as error:
            if error.start >= len(data) - 3:
                # Cut off inside the last character (a truncated encoded word or part): the rest is sound.
                problems.append(f"{where}: the text ends in the middle of a character; the rest is kept")
                return data.decode(codec, errors="replace")
    if codec is not None and _single_byte(codec):
        return _single_byte_or_detected(data, declared or "", codec, problems, where)
    return _detected(data, declared, problems, where)


def _single_byte_or_detected(data: bytes, declared: str, codec: str, problems: list[str], where: str) -> str:
    # Every byte string decodes as windows-1252, so a wrongly declared Latin-1 never fails: ask the
    # detector whether the bytes are really a Chinese or other CJK text.
    best = _chinese(data) or from_bytes(data, cp_isolation=list(_CJK_CODECS)).best()
    if best is not None and best.encoding in _CJK_CODECS and _has_cjk(str(best)):
        problems.append(f"{where}: declared charset {declared!r} did not fit; read as {best.encoding}")
        return str(best)
    return data.decode(codec, errors="replace")


def _chinese(data: bytes) -> CharsetMatch | None:
    # The desk's mail is English and Chinese: among CJK readings, ask first whether the bytes are GB or Big5
    # (left to itself the detector takes short GBK texts for Korean).
    matches = from_bytes(data, cp_isolation=["gb18030", "big5"])
    # A short text (a name in a header) often reads in both; Simplified Chinese is the likelier then.
    best = next((match for match in matches if match.encoding == "gb18030"), None) or matches.best()
    return best if best is not None and _has_cjk(str(best)) else None


def _detected(data: bytes, declared: str | None, problems: list[str], where: str) -> str:
    best = _chinese(data) or from_bytes(data).best()
    what = f"declared charset {declared!r} did not fit" if declared else "no charset was declared"
    if best is not None and not best.encoding.startswith("utf") and best.encoding not in _CJK_CODECS:
        # Among single-byte charsets the detector guesses poorly on short texts; the mail of an English
        # and Chinese desk that is not CJK is Western.
        problems.append(f"{where}: {what}; read as windows-1252")
        return data.decode("windows-1252", errors="replace")
    if best is not None:
        problems.append(f"{where}: {what}; read as {best.encoding}")
        return str(best)
    problems.append(f"{where}: {what} and none was recognised; unreadable bytes replaced")
    return data.decode("utf-8", errors="replace")


def _single_byte(codec: str) -> bool:
    return codec.startswith(_SINGLE_BYTE_FAMILIES)


def _stateful(codec: str | None) -> bool:
    return codec is not None and codec.startswith(("iso2022", "utf-7", "utf_7", "hz"))


def is_utf8(data: bytes) -> bool:
    """Return whether bytes are valid UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _has_cjk(text: str) -> bool:
    return any("\u3040" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af" for char in text)
