"""Zip containers are measured before any parser opens them: too many members or too many
unpacked bytes is a 400 naming the field, for plan imports, documents and evidence alike;
an ordinary docx or xlsx passes."""
import io
import zipfile

import pytest

from engine import archives
from engine.casework import documents
from engine.errors import InvalidInput
from engine.plans import importing, work
from models import Case, User, db
from tests.helpers.api_journey import apply


def packed(members, method=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, size in members:
            with archive.open(name, "w") as member:
                for _ in range(size // (1 << 20)):
                    member.write(b"a" * (1 << 20))
                member.write(b"a" * (size % (1 << 20)))
    return out.getvalue()


BOMB = packed([("word/document.xml", 200 << 20)])  # 200 MB of one letter, ≈ 200 KB packed
CROWD = packed([(f"media/{i}.xml", 1) for i in range(archives.MAX_MEMBERS + 1)], zipfile.ZIP_STORED)


def test_a_small_file_that_unpacks_to_200_mb_is_refused():
    assert len(BOMB) < 400 * 1024
    with pytest.raises(InvalidInput) as caught:
        archives.check(BOMB, "方案.docx", field="creation_plan")
    assert caught.value.fields == {"creation_plan": ["unpacks to more than 100 MB"]}


def test_too_many_members_are_refused_before_the_directory_is_read():
    with pytest.raises(InvalidInput) as caught:
        archives.check(CROWD, "材料.zip")
    assert caught.value.fields == {"file": [f"more than {archives.MAX_MEMBERS} files inside"]}


def test_a_docx_that_is_no_zip_is_refused_and_an_ordinary_one_passes():
    with pytest.raises(InvalidInput, match="not a readable zip container"):
        archives.check(b"PK\x03\x04 not really a zip", "方案.docx")
    archives.check(packed([("[Content_Types].xml", 500), ("word/document.xml", 50_000)]), "方案.docx")
    assert archives.is_container("a.xlsx", b"") and archives.is_container("a.bin", b"PK\x03\x04")
    assert not archives.is_container("a.pdf", b"%PDF")


def test_a_plan_import_bomb_is_refused_before_openpyxl():
    sheet = importing.to_xlsx([("tasks", ("number", "title"), [{"number": "1", "title": "甲"}])])
    assert importing.read(sheet, "plan.xlsx")["tasks"]
    bomb = packed([("xl/sharedStrings.xml", importing.MAX_UNPACKED + 1)])
    with pytest.raises(InvalidInput) as caught:
        importing.read(bomb, "plan.xlsx")
    assert "unpacks to more than" in caught.value.fields["file"][0]


def test_evidence_bombs_are_refused():
    with pytest.raises(InvalidInput, match="unpacks to"):
        work._evidence_type("照片.pptx", BOMB)
    assert work._evidence_type("照片.pptx", packed([("ppt/slide1.xml", 1000)])).endswith("presentation")


def test_a_document_bomb_is_refused_and_nothing_is_kept(app, api, tmp_path):
    case_id = apply(api("app-yuncheng"))
    with app.app_context():
        user = User.query.filter_by(username="app-yuncheng").one()
        case = db.session.get(Case, case_id)
        with pytest.raises(InvalidInput) as caught:
            documents.store(user, case, io.BytesIO(BOMB), "方案.docx", tmp_path, field="creation_plan")
        assert "creation_plan" in caught.value.fields
        db.session.rollback()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
