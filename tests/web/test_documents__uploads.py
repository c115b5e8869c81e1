"""Uploads on task pages: size and type limits, content-hash storage, safe serving."""
import io

from models import Document, HumanTask, db
from tests.helpers.page_client import login, post_form, task_id
from tests.web.test_task_form__validation import field_block, start_case


def upload(client, tid, name, content):
    token_page = client.get(f"/tasks/{tid}").data.decode()
    from tests.helpers.page_client import csrf
    return client.post(f"/tasks/{tid}", data={"csrf_token": csrf(token_page), "action": "draft",
                                              "upload__creation_plan": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def test_an_upload_over_the_limit_is_refused_with_a_message(app, client, api, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 4096)
    applicant, case_id = start_case(api)
    tid = task_id(applicant, "application", case_id)
    login(client, "app-yuncheng")
    response = upload(client, tid, "方案.pdf", b"%PDF-1.4 " + b"x" * 5000)
    html = response.data.decode()
    assert response.status_code == 400
    assert "超过 4 KB 的大小限制" in field_block(html, "creation_plan")
    with app.app_context():
        assert Document.query.count() == 0
        from engine.casework import drafts
        assert drafts.of_task(tid) is None


def test_markup_and_unknown_types_are_refused(app, client, api):
    applicant, case_id = start_case(api)
    tid = task_id(applicant, "application", case_id)
    login(client, "app-yuncheng")
    for name, content in (("page.html", b"<html><script>alert(1)</script>"),
                          ("logo.svg", b"<svg onload=alert(1)>"),
                          ("fake.pdf", b"<!DOCTYPE html><html>"), ("run.exe", b"MZ\x90")):
        response = upload(client, tid, name, content)
        assert response.status_code == 400, name
        assert "未予接收" in field_block(response.data.decode(), "creation_plan")
    with app.app_context():
        assert Document.query.count() == 0


def test_documents_are_stored_once_and_served_as_attachments(app, client, api):
    applicant, case_id = start_case(api)
    tid = task_id(applicant, "application", case_id)
    login(client, "app-yuncheng")
    content = b"%PDF-1.4 same bytes"
    assert upload(client, tid, "a.pdf", content).status_code == 200
    assert upload(client, tid, "b.pdf", content).status_code == 200
    with app.app_context():
        docs = Document.query.order_by(Document.id).all()
        assert len(docs) == 2 and docs[0].sha256 == docs[1].sha256
        from engine.casework import documents, drafts
        assert drafts.of_task(tid).data["creation_plan"] == [docs[1].reference]  # the field names it
        blobs = list((documents.blob_path(app.config["FILES_DIR"], docs[0].sha256)).parent.iterdir())
        assert [b.name for b in blobs].count(docs[0].sha256) == 1
        doc_id = docs[0].id
    response = client.get(f"/documents/{doc_id}")
    assert response.status_code == 200 and response.data == content
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Type"] == "application/pdf"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    case_page = client.get(f"/cases/{case_id}").data.decode()
    assert "a.pdf" in case_page and "b.pdf" in case_page
