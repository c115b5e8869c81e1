"""转办, 委派, 催办 and 抄送 on the pages, in Chinese: a clerk transfers the review to a colleague,
who delegates it to a third; the third fills it in and it comes back filled in; SAMR urges a
step and copies the case from the case page. Every form carries its CSRF token."""
import re

from tests.helpers import colleagues
from tests.helpers.api_journey import apply, open_task
from tests.helpers.page_client import csrf, login


def flashed(response):
    return response.data.decode()


def test_transfer_then_delegate_then_the_delegate_fills_it_in_on_the_pages(app, api):
    colleagues.ensure(app)
    case_id = apply(api("app-yuncheng"))
    review = open_task(api("prov-shanxi"), "initial_review", case_id)["id"]
    clerk = login(app.test_client(), "prov-shanxi")
    page = clerk.get(f"/tasks/{review}").data.decode()
    assert "转办给同事" in page and "委派给同事" in page and '<option value="prov-shanxi-2">' in page
    assert 'value="prov-chongqing-2"' not in page  # colleagues of the own bureau only
    assert clerk.post(f"/tasks/{review}/transfer", data={"to": "prov-shanxi-2", "reason": "出差"}).status_code == 400  # no CSRF
    blank = clerk.post(f"/tasks/{review}/transfer", data={"to": "prov-shanxi-2", "reason": " ", "csrf_token": csrf(page)},
                       follow_redirects=True)
    assert "请说明理由：理由为必填项。" in blank.data.decode() and open_task(api("prov-shanxi"), "initial_review", case_id)["assignee"] is None
    moved = clerk.post(f"/tasks/{review}/transfer", data={"to": "prov-shanxi-2", "reason": "出差", "csrf_token": csrf(page)},
                       follow_redirects=True)
    assert "已转办给 prov-shanxi-2。" in flashed(moved)

    second = login(app.test_client(), "prov-shanxi-2")
    page = second.get(f"/tasks/{review}").data.decode()
    delegated = second.post(f"/tasks/{review}/delegate", data={"to": "prov-shanxi-3", "csrf_token": csrf(page)},
                            follow_redirects=True)
    assert "已委派给 prov-shanxi-3" in flashed(delegated) and "prov-shanxi-2 已委派给 prov-shanxi-3" in flashed(delegated)

    assert "已委派 prov-shanxi-3" in second.get("/inbox").data.decode()
    third = login(app.test_client(), "prov-shanxi-3")
    inbox = third.get("/inbox?tab=mine").data.decode()
    assert f'href="/tasks/{review}"' in inbox
    page = third.get(f"/tasks/{review}").data.decode()
    drafted = third.post(f"/tasks/{review}", data={"decision": "pass", "action": "draft", "csrf_token": csrf(page)})
    assert drafted.status_code == 200  # the delegate may keep a draft of what it fills in
    filled = third.post(f"/tasks/{review}", data={"decision": "pass", "reasons": "材料齐全。", "action": "submit",
                                                  "csrf_token": csrf(page)}, follow_redirects=True)
    assert "已回到 prov-shanxi-2 处审核办结" in flashed(filled)
    assert f'href="/tasks/{review}"' not in third.get("/inbox?tab=mine").data.decode()

    assert "prov-shanxi-3 已办理，待您办结" in second.get("/inbox").data.decode()
    back = second.get(f"/tasks/{review}").data.decode()
    assert "prov-shanxi-3 已受托办理本任务" in back and "材料齐全。" in back
    assert re.search(r'value="pass"\s+checked', back)
    done = second.post(f"/tasks/{review}", data={"decision": "pass", "reasons": "材料齐全。", "action": "submit",
                                                 "csrf_token": csrf(back)})
    assert done.status_code == 302 and open_task(api("prov-shanxi"), "recommendation", case_id)
    timeline = second.get(f"/cases/{case_id}").data.decode()
    for label in ("转办", "委派", "受托人已办理"):
        assert label in timeline


def test_samr_urges_and_copies_from_the_case_page(app, api):
    colleagues.ensure(app)
    case_id = apply(api("app-yuncheng"))
    samr = login(app.test_client(), "samr")
    page = samr.get(f"/cases/{case_id}").data.decode()
    assert "催办“申报材料初审”：理由" in page and 'id="cc-form"' in page
    review = open_task(api("prov-shanxi"), "initial_review", case_id)["id"]
    urged = samr.post(f"/tasks/{review}/urge", data={"reason": "请尽快办理。", "csrf_token": csrf(page)}, follow_redirects=True)
    assert "已催办" in flashed(urged)
    again = samr.post(f"/tasks/{review}/urge", data={"reason": "请尽快办理。", "csrf_token": csrf(page)}, follow_redirects=True)
    assert "may be urged again from" in flashed(again)
    unknown = samr.post(f"/cases/{case_id}/cc", data={"users": "app-yangpu，nobody-such", "csrf_token": csrf(page)},
                        follow_redirects=True)
    assert "nobody-such" in flashed(unknown) and "尚未抄送任何人。" in flashed(unknown)
    copied = samr.post(f"/cases/{case_id}/cc", data={"users": "app-yangpu, prov-henan", "note": "请知悉",
                                                     "csrf_token": csrf(page)}, follow_redirects=True)
    assert "已抄送 app-yangpu, prov-henan" in flashed(copied) and "请知悉" in flashed(copied)

    reader = login(app.test_client(), "app-yangpu")
    case_page = reader.get(f"/cases/{case_id}").data.decode()
    assert case_page and 'id="cc-form"' not in case_page and "催办“" not in case_page
    assert reader.get(f"/tasks/{review}").status_code == 403
    clerk_page = login(app.test_client(), "prov-shanxi").get(f"/cases/{case_id}").data.decode()
    assert "催办“" not in clerk_page and 'id="cc-form"' in clerk_page  # its own task: not above it
