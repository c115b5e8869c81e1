"""Files attached to a round's notice (the SAMR 通知): the application form template, the
measures, a list of contacts. SAMR adds and removes them; whoever may read the round (every
signed-in account) downloads them.

A notice attachment is a file or a link: the links stay in the notice (`attachments`
[{name, url}], set with the round), the files are rows here. Only the types a notice
carries are accepted (PDF, OFD, Word, Excel, PNG, JPEG), checked strictly: the upload
limits and checks of documents (engine.casework.documents.receive) and, on top, the
signature of the type, so a renamed file is refused rather than sent to every province.
Removing an attachment removes its row; the bytes stay in the content-addressed store,
where another row may share them.
"""
from pathlib import Path
from typing import IO

from engine import clock
from engine.audit import record
from engine.casework import documents, rounds
from engine.errors import Conflict, Forbidden, InvalidInput, NotFound, Text
from engine.tx import transactional
from models import Round, RoundAttachment, User, db

TYPES = {ext: documents.TYPES[ext] for ext in
         (".pdf", ".ofd", ".doc", ".docx", ".xls", ".xlsx", ".png", ".jpg", ".jpeg")}
MAX_FILES = 20  # as many as links (web/api/schemas/rounds.py RoundNoticeSchema)


def _lock(round_id: int) -> Round:
    """The round, locked against a concurrent add (PostgreSQL; SQLite serialises writers)."""
    round_ = db.session.execute(db.select(Round).where(Round.id == round_id).with_for_update()
                                .execution_options(populate_existing=True)).scalar_one_or_none()
    if round_ is None:
        raise NotFound("round {round_id} does not exist", round_id=round_id)
    return round_


@transactional
def add(actor: User, round_id: int, stream: IO[bytes], filename: str | None, files_dir: str | Path,
        max_bytes: int = documents.MAX_BYTES) -> RoundAttachment:
    """Attach one file to the round's notice (SAMR); 400/413 naming `file`, nothing kept."""
    if not actor.has_role("samr"):
        raise Forbidden("only SAMR attaches files to a round's notice")
    round_ = _lock(round_id)
    if round_.notice is None:
        raise Conflict("round {round} has no notice yet: give its title and text first",
                       {"notice": ["the round has no notice"]}, round=round_.name)
    if len(round_.attachment_files) >= MAX_FILES:
        raise InvalidInput("a notice has at most {max_files} files",
                           {"file": [Text("at most {max_files} files", max_files=MAX_FILES)]}, max_files=MAX_FILES)
    got = documents.receive(stream, filename, files_dir, "file", max_bytes, TYPES, strict=True)
    item = RoundAttachment(round_id=round_.id, filename=got.name, content_type=got.content_type, size=got.size,
                           sha256=got.sha256, uploaded_by=actor.username, uploaded_at=clock.now())
    round_.attachment_files.append(item)
    db.session.flush()
    record(actor, "round_attachment_added", detail={
        "round_id": round_.id, "attachment_id": item.id, "filename": item.filename, "size": item.size,
        "sha256": item.sha256})
    return item


def get(round_id: int, attachment_id: int) -> RoundAttachment:
    """One file of the round's notice (404 when it is another round's)."""
    rounds.get(round_id)
    item = db.session.get(RoundAttachment, attachment_id)
    if item is None or item.round_id != round_id:
        raise NotFound("attachment {attachment_id} of round {round_id} does not exist",
                       attachment_id=attachment_id, round_id=round_id)
    return item


def file_of(round_id: int, attachment_id: int, files_dir: str | Path) -> tuple[RoundAttachment, Path]:
    """The attachment and where its bytes are, for whoever may read the round."""
    item = get(round_id, attachment_id)
    path = documents.blob_path(files_dir, item.sha256)
    if not path.is_file():
        raise Conflict("the file of attachment {attachment_id} is missing from storage", attachment_id=item.id)
    return item, path


@transactional
def remove(actor: User, round_id: int, attachment_id: int) -> None:
    """Take a file off the round's notice (SAMR)."""
    if not actor.has_role("samr"):
        raise Forbidden("only SAMR removes files from a round's notice")
    round_ = _lock(round_id)
    item = get(round_id, attachment_id)
    detail = {"round_id": round_id, "attachment_id": item.id, "filename": item.filename, "sha256": item.sha256}
    round_.attachment_files.remove(item)  # delete-orphan: the row goes, the collection follows
    record(actor, "round_attachment_removed", detail=detail)
