"""Uploaded documents: checked (size, type, no active content), stored once by content hash.

Only the file types an application needs are accepted; the type served is derived from the
extension, never from what the client claimed, and downloads are always attachments. Zip
containers (docx, xlsx, pptx, zip) are refused when they hold too many or too large files
(engine.archives): whoever opens them later would unpack the bomb. `receive` is the check
and the storage alone, for files that belong to no case (a round's notice attachments).
"""
import hashlib
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from engine import access, archives, clock, text
from engine.errors import Forbidden, InvalidInput, NotFound, Text, TooLarge
from models import MAX_ID, Case, Document, User, db

TYPES = {
    ".pdf": "application/pdf", ".ofd": "application/ofd",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".txt": "text/plain", ".csv": "text/csv", ".zip": "application/zip",
}
MAX_BYTES = 10 * 1024 * 1024
_REFERENCE = re.compile(r"doc:([0-9]{1,10})")
# Markup a browser could run if it ever rendered the file (HTML, SVG, XML with scripts).
ACTIVE = (b"<html", b"<!doctype", b"<script", b"<svg", b"<?xml", b"<iframe", b"<body", b"<head")


# What a file of each type starts with, for uploads checked strictly (receive(strict=True)):
# a renamed file is refused rather than published. Office Open XML also needs its main part.
SIGNATURES = {".pdf": (b"%PDF-",), ".ofd": (b"PK\x03\x04",), ".png": (b"\x89PNG\r\n\x1a\n",),
              ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
              ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",), ".xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
              ".docx": (b"PK\x03\x04",), ".xlsx": (b"PK\x03\x04",), ".pptx": (b"PK\x03\x04",)}
MAIN_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".pptx": "ppt/presentation.xml"}


@dataclass(frozen=True)
class Received:
    """An upload that passed the checks and whose bytes are kept under their hash."""
    name: str
    sha256: str
    size: int
    content_type: str


def _check(field: str, filename: str, head: bytes, size: int, max_bytes: int,
           types: Mapping[str, str] = TYPES) -> str:
    ext = Path(filename or "").suffix.lower()
    if ext not in types:
        raise InvalidInput("file type {ext} is not accepted",
                           {field: [Text("type not accepted: {ext}", ext=ext or '(none)')]}, ext=ext or '(none)')
    if size > max_bytes:
        raise TooLarge("{filename} is larger than {max_bytes} bytes",
                       {field: [Text("larger than {max_bytes} KB", max_bytes=max_bytes // 1024)]}, filename=filename, max_bytes=max_bytes)
    if size == 0:
        raise InvalidInput("{filename} is empty", {field: ["empty file"]}, filename=filename)
    if any(marker in head.lower() for marker in ACTIVE):
        raise InvalidInput("{filename} contains markup", {field: ["contains web markup"]}, filename=filename)
    return types[ext]


def _check_content(path: str, name: str, head: bytes, field: str) -> None:
    """The strict checks: the file is what its extension says (signature, main part)."""
    ext = Path(name).suffix.lower()
    if ext in SIGNATURES and not head.startswith(SIGNATURES[ext]):
        raise InvalidInput("{name} is not a {ext} file", {field: [Text("not a {ext} file", ext=ext)]}, name=name, ext=ext)
    if ext in MAIN_PARTS:
        with zipfile.ZipFile(path) as archive:  # measured by engine.archives already
            names = set(archive.namelist())
        if MAIN_PARTS[ext] not in names or "[Content_Types].xml" not in names:
            raise InvalidInput("{name} is not a {ext} file", {field: [Text("not a {ext} file", ext=ext)]}, name=name, ext=ext)


def receive(stream: IO[bytes], filename: str | None, files_dir: str | Path, field: str = "file",
            max_bytes: int = MAX_BYTES, types: Mapping[str, str] = TYPES, strict: bool = False) -> Received:
    """Read `stream` (at most max_bytes + 1 bytes), check it and keep its bytes under their
    SHA-256; nothing is kept when a check fails. `strict`: also the type's signature."""
    name = text.file_name(filename, field)
    digest, size, head = hashlib.sha256(), 0, b""
    target_dir = Path(files_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target_dir, delete=False) as tmp:
        try:
            while True:
                chunk = stream.read(64 * 1024)
                if not chunk:
                    break
                if len(head) < 1024:
                    head += chunk[:1024 - len(head)]
                size += len(chunk)
                if size > max_bytes:
                    break
                digest.update(chunk)
                tmp.write(chunk)
            content_type = _check(field, name, head, size, max_bytes, types)
            if archives.is_container(name, head):  # docx, xlsx, pptx, zip: measured unopened
                tmp.flush()
                archives.check(tmp.name, name, field)
            if strict:
                tmp.flush()
                _check_content(tmp.name, name, head, field)
        except BaseException:
            os.unlink(tmp.name)
            raise
    path = blob_path(files_dir, digest.hexdigest())
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        os.unlink(tmp.name)
    else:
        os.replace(tmp.name, path)
    return Received(name, digest.hexdigest(), size, content_type)


def store(actor: User, case: Case, stream: IO[bytes], filename: str | None, files_dir: str | Path,
          field: str = "file", task_id: int | None = None, max_bytes: int = MAX_BYTES) -> Document:
    """Read, check and keep an upload for `case`; returns the Document row (flushed, not
    committed: the caller's transaction decides)."""
    if not access.may_see_case(actor, case):
        raise Forbidden("this case belongs to another region")
    got = receive(stream, filename, files_dir, field, max_bytes)
    document = Document(case_id=case.id, task_id=task_id, field=field, sha256=got.sha256,
                        filename=got.name, content_type=got.content_type, size=got.size,
                        uploaded_by=actor.username, uploaded_at=clock.now())
    db.session.add(document)
    db.session.flush()
    return document


def blob_path(files_dir: str | Path, sha256: str) -> Path:
    return Path(files_dir) / "blobs" / sha256[:2] / sha256


def get(actor: User, document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    if document is None:
        raise NotFound("document {document_id} does not exist", document_id=document_id)
    if not access.may_see_case(actor, db.session.get(Case, document.case_id)):
        raise Forbidden("this document belongs to another region's case")
    return document


def of_case(case_id: int) -> list[Document]:
    return Document.query.filter_by(case_id=case_id).order_by(Document.id).all()


def _ids(refs: Iterable[object]) -> set[int]:
    """The document ids that the `doc:<id>` references among `refs` name."""
    found = (_REFERENCE.fullmatch(r) for r in refs if isinstance(r, str))
    return {int(m[1]) for m in found if m and int(m[1]) <= MAX_ID}


def referenced(refs: Iterable[object], case_id: int) -> dict[str, Document]:
    """{reference: Document} for the `doc:<id>` references among `refs` that are documents
    of case `case_id`. A draft or a form holds whatever was typed into it: a reference to
    another case's document resolves to nothing, so its file name never shows."""
    ids = _ids(refs)
    if not ids:
        return {}
    return {d.reference: d for d in Document.query.filter(Document.id.in_(ids), Document.case_id == case_id)}


def check_references(case_id: int, data: dict[str, Any]) -> None:
    """Refuse a submission whose fields name documents the case does not have."""
    bad: dict[str, list[str]] = {}
    for name, value in data.items():
        refs = {r for r in _texts(value) if _REFERENCE.fullmatch(r)}
        missing = sorted(refs - set(referenced(refs, case_id)))
        if missing:
            bad[name] = [f"not a document of this case: {', '.join(missing)}"]
    if bad:
        raise InvalidInput("the form names documents this case does not have", bad)


def _texts(value: object) -> Iterator[str]:
    """Every text inside a form value (nested objects and lists walked without recursion)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
