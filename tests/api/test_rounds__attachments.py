"""Files on a round's notice through the API: SAMR uploads the notice's attachments (PDF,
Word, Excel, images), everyone who may read the round lists and downloads them, SAMR
removes them; links stay as they were; bad files, oversized ones and other roles are
refused with nothing stored."""
import hashlib
import io
import zipfile

from openpyxl import Workbook

from engine.casework import documents
from models import AuditEvent, RoundAttachment, db
from tests.api.test_rounds__calendar import NOTICE, open_round

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def xlsx_bytes():
    book = Workbook()
    book.active.append(["省份", "联系人"])
    book.active.append(["山西省", "张三"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bytes(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def upload(user, round_id, name, content):
    return user.client.post(f"/api/v1/rounds/{round_id}/attachments", headers=user.headers,
                            data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def stored(app, content=None):
    """How many attachment rows there are; with `content`, also whether its bytes are on disk."""
    with app.app_context():
        rows = db.session.query(RoundAttachment).count()
    if content is None:
        return rows
    return rows, documents.blob_path(app.config["FILES_DIR"], hashlib.sha256(content).hexdigest()).exists()


def actions(app, action):
    with app.app_context():
        return [e.detail for e in AuditEvent.query.filter_by(action=action).order_by(AuditEvent.id)]


def test_samr_attaches_files_that_readers_of_the_round_list_and_download(app, api):
    samr = api("samr")
    round_ = open_round(samr, notice=NOTICE)
    workbook = xlsx_bytes()
    first = upload(samr, round_["id"], "关于开展申报工作的通知.pdf", PDF)
    assert first.status_code == 201, first.get_json()
    sheet = upload(samr, round_["id"], "联系人名单.xlsx", workbook)
    assert sheet.status_code == 201, sheet.get_json()
    created = sheet.get_json()
    assert created["name"] == "联系人名单.xlsx" and created["size"] == len(workbook)
    assert created["content_type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    for reader in ("prov-shanxi", "app-yuncheng", "admin"):
        shown = api(reader).get(f"/api/v1/rounds/{round_['id']}").get_json()["notice"]["attachments"]
        assert shown[0] == NOTICE["attachments"][0]  # the link exactly as before
        files = shown[1:]
        assert [f["name"] for f in files] == ["关于开展申报工作的通知.pdf", "联系人名单.xlsx"]
        response = api(reader).get(files[1]["url"])
        assert response.status_code == 200 and response.data == workbook
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response.headers["Content-Security-Policy"]
    progress = api("prov-shanxi").get(f"/api/v1/rounds/{round_['id']}/progress").get_json()
    assert len(progress["round"]["notice"]["attachments"]) == 3
    assert [d["filename"] for d in actions(app, "round_attachment_added")] == ["关于开展申报工作的通知.pdf", "联系人名单.xlsx"]


def test_samr_removes_a_file_and_it_is_gone_for_everyone(app, api):
    samr = api("samr")
    round_ = open_round(samr, notice=NOTICE)
    attachment = upload(samr, round_["id"], "通知.pdf", PDF).get_json()
    path = f"/api/v1/rounds/{round_['id']}/attachments/{attachment['id']}"
    assert api("prov-shanxi").client.delete(path, headers=api("prov-shanxi").headers).status_code == 403
    assert samr.client.delete(path, headers=samr.headers).status_code == 204
    assert api("prov-shanxi").get(path).status_code == 404
    assert samr.get(f"/api/v1/rounds/{round_['id']}").get_json()["notice"]["attachments"] == NOTICE["attachments"]
    assert samr.client.delete(path, headers=samr.headers).status_code == 404
    assert actions(app, "round_attachment_removed") == [{
        "round_id": round_["id"], "attachment_id": attachment["id"], "filename": "通知.pdf",
        "sha256": hashlib.sha256(PDF).hexdigest()}]


def test_bad_files_are_refused_naming_the_field_and_nothing_is_stored(app, api, monkeypatch):
    samr = api("samr")
    round_ = open_round(samr, notice=NOTICE)
    fakes = {
        "程序.exe": b"MZ\x90\x00",
        "页面.html": b"<html><script>alert(1)</script></html>",
        "申请表.docx": b"this is plain text, not a Word file",
        "压缩包改名.docx": zip_bytes({"readme.txt": "not word"}),
        "表格.xlsx": zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}),
        "图片.pdf": PNG,
        "照片.png": PDF + b"% a PDF named .png",
        "空.pdf": b"",
    }
    for name, content in fakes.items():
        response = upload(samr, round_["id"], name, content)
        assert response.status_code == 400, (name, response.get_json())
        assert "file" in response.get_json()["error"]["fields"], name
        assert stored(app, content) == (0, False), name
    missing = samr.client.post(f"/api/v1/rounds/{round_['id']}/attachments", headers=samr.headers,
                               data={"other": "x"}, content_type="multipart/form-data")
    assert missing.status_code == 400 and "file" in missing.get_json()["error"]["fields"]

    too_big = b"%PDF-1.4\n" + b"0" * documents.MAX_BYTES
    response = upload(samr, round_["id"], "大文件.pdf", too_big)
    assert response.status_code == 413 and "file" in response.get_json()["error"]["fields"]
    assert stored(app, too_big) == (0, False)
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 1024)  # the deployment's limit applies
    response = upload(samr, round_["id"], "小文件.pdf", PDF + b"0" * 1024)
    assert response.status_code == 413
    assert actions(app, "round_attachment_added") == []


def test_only_samr_uploads_and_nothing_is_stored_for_others(app, api):
    round_ = open_round(api("samr"), notice=NOTICE)
    content = PDF + b"% others"
    for username in ("prov-shanxi", "app-yuncheng", "admin"):
        response = upload(api(username), round_["id"], "通知.pdf", content)
        assert response.status_code == 403, username
    assert stored(app, content) == (0, False)
    assert upload(api("samr"), 999999, "通知.pdf", content).status_code == 404


def test_a_round_without_notice_takes_no_files_and_a_notice_with_files_is_not_cleared(app, api):
    samr = api("samr")
    bare = open_round(samr)
    response = upload(samr, bare["id"], "通知.pdf", PDF)
    assert response.status_code == 409 and "notice" in response.get_json()["error"]["fields"]
    assert stored(app) == 0

    round_ = open_round(samr, notice=NOTICE)
    file_ = upload(samr, round_["id"], "通知.pdf", PDF).get_json()
    patch = samr.client.patch(f"/api/v1/rounds/{round_['id']}", headers=samr.headers, json={"notice": None})
    assert patch.status_code == 409 and "notice" in patch.get_json()["error"]["fields"]
    # the notice as read (links and files) can be sent back: the links are set, the files stay
    notice = samr.get(f"/api/v1/rounds/{round_['id']}").get_json()["notice"]
    changed = {**notice, "title": "关于开展申报工作的通知（更正）"}
    patch = samr.client.patch(f"/api/v1/rounds/{round_['id']}", headers=samr.headers, json={"notice": changed})
    assert patch.status_code == 200, patch.get_json()
    after = patch.get_json()["notice"]
    assert after["title"] == changed["title"] and after["attachments"] == notice["attachments"]
    # a new list of links replaces the links only
    links = [{"name": "填报说明", "url": "https://www.samr.gov.cn/notice/2.html"}]
    patch = samr.client.patch(f"/api/v1/rounds/{round_['id']}", headers=samr.headers,
                              json={"notice": {**NOTICE, "attachments": links}})
    assert [a["name"] for a in patch.get_json()["notice"]["attachments"]] == ["填报说明", "通知.pdf"]
    assert patch.get_json()["notice"]["attachments"][1]["id"] == file_["id"]


def test_a_file_is_found_only_under_its_own_round(api):
    samr = api("samr")
    one, other = open_round(samr, notice=NOTICE), open_round(samr, notice=NOTICE)
    attachment = upload(samr, one["id"], "通知.pdf", PDF).get_json()
    assert samr.get(f"/api/v1/rounds/{other['id']}/attachments/{attachment['id']}").status_code == 404
    assert samr.client.delete(f"/api/v1/rounds/{other['id']}/attachments/{attachment['id']}",
                              headers=samr.headers).status_code == 404
    assert samr.get(f"/api/v1/rounds/{one['id']}/attachments/{attachment['id']}").status_code == 200
