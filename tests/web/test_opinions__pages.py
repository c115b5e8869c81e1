"""办理意见 on the pages, in Chinese: every task form has the opinion and the user's common
phrases (a phrase chosen without JavaScript is the opinion), the case page shows opinions and
comments with people and offices by name and links the approval sheet, and the account page
edits the phrases."""
import io
import re

from pypdf import PdfReader

from tests.helpers.api_journey import apply, open_task
from tests.helpers.page_client import csrf, login


def test_the_review_form_takes_an_opinion_from_the_phrases_and_the_case_shows_it(app, api):
    case_id = apply(api("app-yuncheng"))
    review = open_task(api("prov-shanxi"), "initial_review", case_id)["id"]
    clerk = login(app.test_client(), "prov-shanxi")
    page = clerk.get(f"/tasks/{review}").data.decode()
    assert 'name="opinion"' in page and "办理意见" in page and "常用语" in page
    assert '<option value="材料齐全，同意推荐。">' in page and "js/opinion.js" in page

    draft = clerk.post(f"/tasks/{review}", data={"decision": "pass", "action": "draft", "opinion": "待核实。",
                                                 "csrf_token": csrf(page)})
    assert draft.status_code == 200 and "待核实。</textarea>" in clerk.get(f"/tasks/{review}").data.decode()
    too_long = clerk.post(f"/tasks/{review}", data={"decision": "pass", "action": "submit", "opinion": "意" * 2001,
                                                    "csrf_token": csrf(page)})
    assert too_long.status_code == 400 and 'id="err-opinion"' in too_long.data.decode()
    assert open_task(api("prov-shanxi"), "initial_review", case_id)["id"] == review  # nothing submitted

    sent = clerk.post(f"/tasks/{review}", data={"decision": "pass", "action": "submit", "opinion": "",
                                                "opinion_phrase": "材料齐全，同意推荐。", "csrf_token": csrf(page)})
    assert sent.status_code == 302, sent.data.decode()[:2000]
    [opinion] = api("samr").get(f"/api/v1/cases/{case_id}/comments").get_json()["items"]
    assert (opinion["kind"], opinion["text"]) == ("opinion", "材料齐全，同意推荐。")

    applicant = login(app.test_client(), "app-yuncheng")
    html = applicant.get(f"/cases/{case_id}").data.decode()
    section = html[html.index('id="h-comments"'):]
    assert "材料齐全，同意推荐。" in section and "山西省市场监管局" in section and "山西省市场监督管理局" in section
    assert "申报材料初审" in section
    assert "（办理意见：材料齐全，同意推荐。）" in html  # in the timeline too
    assert "山西省市场监管局</td>" in html  # the timeline names the clerk by display name

    added = applicant.post(f"/cases/{case_id}/comments", data={"text": "已知悉。", "csrf_token": csrf(html)},
                           follow_redirects=True).data.decode()
    assert "意见已提交。" in added and "已知悉。" in added and "运城市创建办" in added
    empty = applicant.post(f"/cases/{case_id}/comments", data={"text": "  ", "csrf_token": csrf(html)},
                           follow_redirects=True).data.decode()
    assert "意见不能为空" in empty
    assert len(api("samr").get(f"/api/v1/cases/{case_id}/comments").get_json()["items"]) == 2
    other = login(app.test_client(), "app-yongchuan")
    assert other.post(f"/cases/{case_id}/comments", data={"text": "看看", "csrf_token": csrf(html)}).status_code in (400, 403)

    link = re.search(r'href="(/cases/\d+/approval-sheet\.pdf)"', html).group(1)
    pdf = applicant.get(link)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "审批单" in text and "材料齐全，同意推荐。" in re.sub(r"\s+", "", text)
    assert other.get(link).status_code == 403


def test_the_account_page_edits_the_phrases_the_task_form_offers(app, api):
    case_id = apply(api("app-yuncheng"))
    review = open_task(api("prov-shanxi"), "initial_review", case_id)["id"]
    clerk = login(app.test_client(), "prov-shanxi")
    account = clerk.get("/account/password").data.decode()
    assert 'id="phrases"' in account and "材料齐全，同意推荐。" in account and "本单位默认" in account
    saved = clerk.post("/account/phrases", data={"phrases": "同意上报。\n\n请补充会议纪要。\n", "action": "save",
                                                 "csrf_token": csrf(account)}, follow_redirects=True).data.decode()
    assert "常用语已保存。" in saved
    assert api("prov-shanxi").get("/api/v1/me/phrases").get_json()["phrases"] == ["同意上报。", "请补充会议纪要。"]
    form = clerk.get(f"/tasks/{review}").data.decode()
    assert '<option value="请补充会议纪要。">' in form and "材料齐全，同意推荐。" not in form
    refused = clerk.post("/account/phrases", data={"phrases": "意" * 201, "action": "save",
                                                   "csrf_token": csrf(account)}, follow_redirects=True).data.decode()
    assert "最多 50 条常用语" in refused
    assert api("prov-shanxi").get("/api/v1/me/phrases").get_json()["phrases"] == ["同意上报。", "请补充会议纪要。"]
    clerk.post("/account/phrases", data={"action": "reset", "csrf_token": csrf(account)})
    assert api("prov-shanxi").get("/api/v1/me/phrases").get_json()["defaults"] is True
