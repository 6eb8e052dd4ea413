"""Outlook's containers for the corpus, written from the formats' specifications ([MS-OXTNEF], [MS-CFB]).

Only what a winmail.dat and a small .msg need: TNEF attributes for a body and attachments; a version 3
compound file whose streams all live in the mini stream (each under 4,096 bytes).
"""
import struct

TNEF_SIGNATURE = 0x223E9F78
_LEVEL_MESSAGE, _LEVEL_ATTACHMENT = 1, 2
_ATT_BODY, _ATT_TITLE, _ATT_DATA, _ATT_RENDDATA = 0x800C, 0x8010, 0x800F, 0x9002


def winmail_dat(body: str, files: list[tuple[str, bytes]]) -> bytes:
    """Return a winmail.dat carrying a plain body and files."""
    out = struct.pack("<IH", TNEF_SIGNATURE, 0x0001)
    out += _tnef_attribute(_LEVEL_MESSAGE, _ATT_BODY, 0x0002, body.encode("cp1252"))
    for name, data in files:
        out += _tnef_attribute(_LEVEL_ATTACHMENT, _ATT_RENDDATA, 0x0006, b"\x01\x00" + b"\xff" * 4 + b"\x00" * 8)
        out += _tnef_attribute(_LEVEL_ATTACHMENT, _ATT_TITLE, 0x0001, name.encode("ascii") + b"\x00")
        out += _tnef_attribute(_LEVEL_ATTACHMENT, _ATT_DATA, 0x0006, data)
    return out


def _tnef_attribute(level: int, ident: int, kind: int, data: bytes) -> bytes:
    return struct.pack("<BHHI", level, ident, kind, len(data)) + data + struct.pack("<H", sum(data) & 0xFFFF)


_SECTOR = 512
_MINI = 64
_END, _FREE, _FAT_SECTOR, _NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def outlook_msg(subject: str, sender: str, body: str, files: list[tuple[str, bytes]]) -> bytes:
    """Return an Outlook .msg (compound file) with a subject, sender, plain body and attached files."""
    root: dict[str, object] = {
        "__substg1.0_0037001F": subject.encode("utf-16-le"),
        "__substg1.0_0C1A001F": sender.encode("utf-16-le"),
        "__substg1.0_1000001F": body.encode("utf-16-le"),
        "__properties_version1.0": b"\x00" * 32,
    }
    for index, (name, data) in enumerate(files):
        root[f"__attach_version1.0_#{index:08X}"] = {
            "__substg1.0_3707001F": name.encode("utf-16-le"),
            "__substg1.0_37010102": data,
            "__properties_version1.0": b"\x00" * 8,
        }
    return _compound_file(root)


def _compound_file(tree: dict[str, object]) -> bytes:
    entries: list[dict[str, object]] = [{"name": "Root Entry", "type": 5, "children": []}]
    mini_stream = bytearray()
    mini_fat: list[int] = []
    _add_children(tree, 0, entries, mini_stream, mini_fat)
    directory = b"".join(_directory_entry(entry) for entry in entries)
    directory += b"\x00" * (-len(directory) % _SECTOR)
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat) if mini_fat else b""
    mini_fat_bytes += b"\xff" * (-len(mini_fat_bytes) % _SECTOR)
    mini_stream += b"\x00" * (-len(mini_stream) % _SECTOR)
    counts = [len(directory) // _SECTOR, len(mini_fat_bytes) // _SECTOR, len(mini_stream) // _SECTOR]
    starts = [1, 1 + counts[0], 1 + counts[0] + counts[1]]
    fat = [_FAT_SECTOR]
    for start, count in zip(starts, counts, strict=True):
        fat += [start + i + 1 for i in range(count - 1)] + ([_END] if count else [])
    fat += [_FREE] * (_SECTOR // 4 - len(fat))
    entries[0]["start"], entries[0]["size"] = (starts[2] if counts[2] else _END), len(mini_stream)
    directory = b"".join(_directory_entry(entry) for entry in entries)
    directory += b"\x00" * (-len(directory) % _SECTOR)
    header = _header(starts[0], starts[1] if counts[1] else _END, counts[1])
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + mini_fat_bytes + bytes(mini_stream)


def _add_children(tree: dict[str, object], parent: int, entries: list[dict[str, object]],
                  mini_stream: bytearray, mini_fat: list[int]) -> None:
    children: list[int] = []
    for name, value in sorted(tree.items(), key=lambda item: (len(item[0]), item[0].upper())):
        index = len(entries)
        children.append(index)
        if isinstance(value, dict):
            entries.append({"name": name, "type": 1, "children": []})
            _add_children(value, index, entries, mini_stream, mini_fat)
        else:
            data = bytes(value)  # type: ignore[call-overload]
            start = len(mini_stream) // _MINI if data else _END
            sectors = (len(data) + _MINI - 1) // _MINI
            mini_fat += [start + i + 1 for i in range(sectors - 1)] + ([_END] if sectors else [])
            mini_stream += data + b"\x00" * (-len(data) % _MINI)
            entries.append({"name": name, "type": 2, "start": start, "size": len(data)})
    # Siblings hang in a chain to the right: a valid (if unbalanced) binary search tree.
    for left, right in zip(children, children[1:], strict=False):
        entries[left]["right"] = right
    entries[parent]["child"] = children[0] if children else _NO_STREAM


def _directory_entry(entry: dict[str, object]) -> bytes:
    name = str(entry["name"]).encode("utf-16-le") + b"\x00\x00"
    return (name.ljust(64, b"\x00") + struct.pack("<HBB", len(name), int(entry["type"]), 1)  # type: ignore[call-overload]
            + struct.pack("<III", _NO_STREAM, int(entry.get("right", _NO_STREAM)),  # type: ignore[call-overload]
                          int(entry.get("child", _NO_STREAM)))  # type: ignore[call-overload]
            + b"\x00" * 16 + b"\x00" * 4 + b"\x00" * 16
            + struct.pack("<IQ", int(entry.get("start", _END)), int(entry.get("size", 0))))  # type: ignore[call-overload]


def _header(first_directory: int, first_mini_fat: int, mini_fat_count: int) -> bytes:
    head = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 16
    head += struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\x00" * 6
    head += struct.pack("<IIIIIIIII", 0, 1, first_directory, 0, 4096, first_mini_fat, mini_fat_count, _END, 0)
    head += struct.pack("<I", 0) + struct.pack("<108I", *([_FREE] * 108))
    return head
