"""The notice's files on the round page: SAMR uploads and removes them with a form (CSRF),
every signed-in reader sees them beside the notice's links and downloads them; an
oversized or a fake file is refused with a message in Chinese and nothing stored."""
import io
import re

from models import RoundAttachment, db
from tests.api.test_rounds__attachments import PDF, xlsx_bytes
from tests.api.test_rounds__calendar import NOTICE, open_round
from tests.helpers.page_client import csrf, login


def attach(client, round_id, name, content, token_from=None):
    page = client.get(f"/rounds/{round_id}").data.decode()
    return client.post(f"/rounds/{round_id}/attachments", content_type="multipart/form-data",
                       data={"csrf_token": csrf(token_from or page), "file": (io.BytesIO(content), name)})


def notice_section(html):
    return html.split('aria-labelledby="h-notice"')[1].split("</section>")[0]


def rows(app):
    with app.app_context():
        return db.session.query(RoundAttachment).count()


def test_samr_attaches_a_file_on_the_round_page_and_a_province_downloads_it(api, app):
    round_ = open_round(api("samr"), notice=NOTICE)
    rid = round_["id"]
    samr = login(app.test_client(), "samr")
    page = samr.get(f"/rounds/{rid}").data.decode()
    assert 'id="round-attachment-form"' in page and "上传通知附件" in page
    workbook = xlsx_bytes()
    done = attach(samr, rid, "联系人名单.xlsx", workbook)
    assert done.status_code == 302
    shown = samr.get(done.headers["Location"]).data.decode()
    assert "已将 联系人名单.xlsx 附到通知。" in shown

    province = login(app.test_client(), "prov-shanxi")
    section = notice_section(province.get(f"/rounds/{rid}").data.decode())
    assert "申请表模板.docx" in section and "链接" in section  # the link is still there
    assert "联系人名单.xlsx" in section and "删除" not in section and "round-attachment-form" not in section
    href = re.search(r'href="(/rounds/\d+/attachments/\d+)"', section)[1]
    response = province.get(href)
    assert response.status_code == 200 and response.data == workbook
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # a province cannot attach or remove, even with a valid form
    refused = attach(province, rid, "通知.pdf", PDF, token_from=province.get(f"/rounds/{rid}").data.decode())
    assert refused.status_code == 403 and rows(app) == 1
    token = csrf(province.get(f"/rounds/{rid}").data.decode())
    assert province.post(f"{href}/remove", data={"csrf_token": token}).status_code == 403

    token = csrf(samr.get(f"/rounds/{rid}").data.decode())
    removed = samr.post(f"{href}/remove", data={"csrf_token": token}, follow_redirects=True)
    assert removed.status_code == 200 and "已从通知中删除 联系人名单.xlsx。" in removed.data.decode()
    assert "联系人名单.xlsx" not in notice_section(removed.data.decode()) and rows(app) == 0
    assert province.get(href).status_code == 404


def test_the_page_refuses_an_oversized_or_fake_file_with_nothing_stored(api, app, monkeypatch):
    rid = open_round(api("samr"), notice=NOTICE)["id"]
    samr = login(app.test_client(), "samr")
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 4096)
    big = attach(samr, rid, "大文件.pdf", PDF + b"0" * 5000)
    assert big.status_code == 413 and "超过 4 KB 的大小限制" in big.data.decode()
    fake = attach(samr, rid, "申请表.docx", b"plain text named like a Word file")
    html = fake.data.decode()
    assert fake.status_code == 400 and "文件 申请表.docx 未予接收" in html and 'id="attachment-error"' in html
    exe = attach(samr, rid, "tool.exe", b"MZ\x90\x00")
    assert exe.status_code == 400 and "不接受" in exe.data.decode()
    no_token = samr.post(f"/rounds/{rid}/attachments", content_type="multipart/form-data",
                         data={"file": (io.BytesIO(PDF), "通知.pdf")})
    assert no_token.status_code == 400
    assert rows(app) == 0


def test_a_round_without_notice_says_so_to_samr(api, app):
    rid = open_round(api("samr"))["id"]
    samr = login(app.test_client(), "samr")
    page = samr.get(f"/rounds/{rid}").data.decode()
    assert 'id="round-no-notice"' in page and "round-attachment-form" not in page
    refused = attach(samr, rid, "通知.pdf", PDF)
    assert refused.status_code == 409 and "尚无通知" in refused.data.decode() and rows(app) == 0
