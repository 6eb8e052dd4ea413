"""Outlook's containers unpacked: winmail.dat (TNEF) and attached .msg files.

A container that cannot be unpacked is kept as it came, with a problem noted, so no file is lost.
"""
import io
import mimetypes

import olefile
from tnefparse import TNEF

from .mail import Attachment

_MSG_STRING = "001F"  # MAPI PT_UNICODE: UTF-16-LE
_MSG_STRING8 = "001E"  # MAPI PT_STRING8: the message's code page, usually one of Windows'


def unpack_tnef(container: Attachment, problems: list[str]) -> tuple[list[Attachment], str]:
    """Return the files and the plain body text inside a winmail.dat."""
    try:
        tnef = TNEF(container.data, do_checksum=False)
        files = [Attachment(_clean(item.long_filename()) or "attachment.bin", _guessed_type(item.long_filename()),
                            bytes(item.data)) for item in tnef.attachments]
        body = tnef.body if isinstance(tnef.body, str) else (tnef.body or b"").decode("cp1252", "replace")
    except Exception as error:  # noqa: BLE001 - a third-party decoder on untrusted bytes fails any way it likes
        problems.append(f"{container.name}: not a readable winmail.dat ({error}); kept as it came")
        return [container], ""
    return files, body.strip("\x00").strip()


def unpack_msg(container: Attachment, problems: list[str]) -> list[Attachment]:
    """Return an attached Outlook .msg as its text (a .txt file) and its own files."""
    try:
        with olefile.OleFileIO(io.BytesIO(container.data)) as ole:
            text = _msg_summary(ole)
            files = [_msg_attachment(ole, storage) for storage in _attachment_storages(ole)]
    except Exception as error:  # noqa: BLE001 - olefile raises many kinds on damaged containers
        problems.append(f"{container.name}: not a readable Outlook message ({error}); kept as it came")
        return [container]
    stem = container.name.rsplit(".", 1)[0] or "message"
    return [Attachment(f"{stem}.txt", "text/plain", text.encode("utf-8"))] + files


def _msg_summary(ole: olefile.OleFileIO) -> str:
    lines = [f"{label}: {_msg_string(ole, '', tag)}" for label, tag in
             (("From", "0C1A"), ("To", "0E04"), ("Subject", "0037")) if _msg_string(ole, "", tag)]
    return "\n".join(lines) + "\n\n" + _msg_string(ole, "", "1000") + "\n"


def _attachment_storages(ole: olefile.OleFileIO) -> list[str]:
    return sorted({entry[0] for entry in ole.listdir() if entry[0].startswith("__attach_version1.0_")})


def _msg_attachment(ole: olefile.OleFileIO, storage: str) -> Attachment:
    name = _msg_string(ole, storage, "3707") or _msg_string(ole, storage, "3704") or "attachment.bin"
    data_stream = f"{storage}/__substg1.0_37010102"
    data = ole.openstream(data_stream).read() if ole.exists(data_stream) else b""
    kind = _msg_string(ole, storage, "370E") or _guessed_type(name)
    return Attachment(_clean(name), kind, data)


def _msg_string(ole: olefile.OleFileIO, storage: str, tag: str) -> str:
    prefix = f"{storage}/" if storage else ""
    for suffix, codec in ((_MSG_STRING, "utf-16-le"), (_MSG_STRING8, "cp1252")):
        stream = f"{prefix}__substg1.0_{tag}{suffix}"
        if ole.exists(stream):
            return ole.openstream(stream).read().decode(codec, "replace").rstrip("\x00").strip()
    return ""


def _clean(name: str) -> str:
    return name.replace("\x00", "").replace("/", "_").replace("\\", "_").strip()


def _guessed_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"
