"""Zip containers (docx, xlsx, pptx, zip) are measured before anything opens them.

A 205 KB .xlsx holding one shared string of 200 MB (deflate packs a repeated text
a thousandfold) made openpyxl take 400 MB; at the 16 MB upload limit that is an
out-of-memory kill. Here the end-of-archive record is read first (how many members
and how large a directory, before zipfile parses the directory), then the declared
sizes of the members. Python's zipfile never inflates a member beyond its declared
size, so what passes is what any parser here can be made to read.
"""
import io
import struct
import zipfile
from pathlib import Path
from typing import BinaryIO

from engine.errors import InvalidInput, Text

ZIP_SUFFIXES = frozenset({".docx", ".xlsx", ".pptx", ".zip"})
MAX_MEMBERS = 2000
MAX_UNCOMPRESSED = 100 * 1024 * 1024
_MAX_DIRECTORY = 2 * 1024 * 1024  # ≈ 8000 members with long names: far above MAX_MEMBERS
_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_END, _END64, _LOCATOR = b"PK\x05\x06", b"PK\x06\x06", b"PK\x06\x07"


def is_container(filename: str | None, head: bytes) -> bool:
    """Whether an upload is (or claims to be) a zip container."""
    return Path(filename or "").suffix.lower() in ZIP_SUFFIXES or head[:4] in _SIGNATURES


def _directory(stream: BinaryIO) -> tuple[int, int] | None:
    """(members, directory size) from the end-of-archive record (zip64 included), or None."""
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(max(0, size - 65557))
    tail = stream.read()
    at = tail.rfind(_END)
    if at < 0 or len(tail) - at < 22:
        return None
    members, directory = struct.unpack("<H I", tail[at + 10:at + 16])  # entries in total, directory size
    locator = tail.rfind(_LOCATOR, 0, at)
    if locator >= 0 and at - locator == 20:  # zip64: the real counts are in the zip64 record
        (offset,) = struct.unpack("<Q", tail[locator + 8:locator + 16])
        stream.seek(offset)
        record = stream.read(56)
        if record[:4] == _END64 and len(record) == 56:
            members, directory = struct.unpack("<Q Q", record[32:48])
    return members, directory


def check(source: bytes | str | Path, filename: str | None, field: str = "file", max_members: int = MAX_MEMBERS,
          max_bytes: int = MAX_UNCOMPRESSED) -> None:
    """Refuse (400, naming `field`) a zip container that is not one, has more than
    `max_members` members, or unpacks to more than `max_bytes`. `source`: bytes or a path."""
    name = Path(filename or "").name or "the file"
    stream = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else open(source, "rb")  # noqa: SIM115
    with stream:
        found = _directory(stream)
        if found is None:
            raise InvalidInput("{name} is not a readable zip container ({suffix})",
                               {field: ["not a readable zip container"]}, name=name, suffix=Path(name).suffix or 'zip')
        members, directory = found
        if members > max_members or directory > _MAX_DIRECTORY:
            raise InvalidInput("{name} holds more than {max_members} files",
                               {field: [Text("more than {max_members} files inside", max_members=max_members)]}, name=name, max_members=max_members)
        try:
            infos = zipfile.ZipFile(stream).infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise InvalidInput("{name} is not a readable zip container ({exc})",
                               {field: ["not a readable zip container"]}, name=name, exc=exc) from None
    total = sum(info.file_size for info in infos)
    if len(infos) > max_members:
        raise InvalidInput("{name} holds more than {max_members} files",
                           {field: [Text("more than {max_members} files inside", max_members=max_members)]}, name=name, max_members=max_members)
    if total > max_bytes:
        raise InvalidInput("{name} unpacks to {total} MB, more than "
                           "{max_bytes} MB", {field: [Text("unpacks to more than "
                                                                        "{max_bytes} MB", max_bytes=max_bytes // (1024 * 1024))]}, name=name, total=total // (1024 * 1024), max_bytes=max_bytes // (1024 * 1024))
