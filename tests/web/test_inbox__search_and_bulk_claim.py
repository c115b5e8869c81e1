"""The inbox page's search box, saved filters (save, open, delete; CSRF) and "claim
selected"; the case list's search box."""
import re

from tests.helpers.api_journey import apply, open_task
from tests.helpers.page_client import csrf, login

PLAIN = {"condition_regulation": "建立网络市场监管联席会议机制。"}


def test_search_box_narrows_the_inbox_and_the_case_list(client, api):
    apply(api("app-yuncheng"), plan_summary="创建直播电商示范区。", **PLAIN)
    apply(api("app-xuchang"), plan_summary="跨境电商综合试验区。", **PLAIN)
    login(client, "samr")
    html = client.get("/cases?q=示范").data.decode()
    assert 'name="q" value="示范"' in html
    assert "运城市" in html and "许昌市" not in html
    html = client.get("/cases?q=电商").data.decode()
    assert "运城市" in html and "许昌市" in html
    assert client.get("/cases?q=" + "示" * 10_000).status_code == 400

    login(client, "prov-shanxi")  # the same browser, signed in as the province now
    html = client.get("/inbox?q=示范").data.decode()
    assert 'name="q" value="示范"' in html and 'data-task="initial_review"' in html  # 运城市's review
    html = client.get("/inbox?q=跨境").data.decode()
    # Henan's case is not Shanxi's to see, and Shanxi's does not match (its 新待办 notice stays above)
    assert 'data-task="initial_review"' not in html


def test_save_open_and_delete_a_filter(client, api):
    apply(api("app-yuncheng"), plan_summary="创建直播电商示范区。", **PLAIN)
    login(client, "prov-shanxi")
    html = client.get("/inbox?tab=group&q=示范").data.decode()
    assert "将当前筛选保存为" in html
    form = re.search(r'<form method="post" action="/inbox/filters" class="save-filter">(.*?)</form>', html, re.S).group(1)
    assert 'name="tab" value="group"' in form and 'name="q" value="示范"' in form
    response = client.post("/inbox/filters", data={"name": "示范待认领", "tab": "group", "q": "示范"})
    assert response.status_code == 400  # no CSRF token: refused, nothing saved
    assert api("prov-shanxi").get("/api/v1/me/filters").get_json()["total"] == 0
    response = client.post("/inbox/filters", data={"name": "示范待认领", "tab": "group", "q": "示范",
                                                   "csrf_token": csrf(html)})
    assert response.status_code == 302 and "q=" in response.headers["Location"]
    html = client.get("/inbox").data.decode()
    assert "筛选已保存：示范待认领" in html
    link = re.search(r'<a href="([^"]+)">示范待认领</a>', html).group(1)
    assert "tab=group" in link and "q=" in link
    assert "运城市" in client.get(link.replace("&amp;", "&")).data.decode()

    saved = api("prov-shanxi").get("/api/v1/me/filters").get_json()["items"][0]
    # another user cannot delete it
    other = client.application.test_client()
    login(other, "prov-chongqing")
    token = csrf(other.get("/inbox").data.decode())
    assert other.post(f"/inbox/filters/{saved['id']}/delete", data={"csrf_token": token}).status_code == 404
    response = client.post(f"/inbox/filters/{saved['id']}/delete", data={"csrf_token": csrf(html)})
    assert response.status_code == 302
    assert "示范待认领" not in client.get("/inbox").data.decode().split("<h1>")[1]


def test_a_bad_filter_is_refused_with_a_message(client, api):
    login(client, "prov-shanxi")
    html = client.get("/inbox").data.decode()
    response = client.post("/inbox/filters", data={"name": "x" * 61, "csrf_token": csrf(html)},
                           follow_redirects=True)
    assert "60" in response.data.decode()
    assert api("prov-shanxi").get("/api/v1/me/filters").get_json()["total"] == 0


def test_claim_selected(client, api):
    apply(api("app-yuncheng"))
    login(client, "prov-shanxi")
    html = client.get("/inbox").data.decode()
    task = open_task(api("prov-shanxi"), "initial_review")
    assert f'name="task" value="{task["id"]}" form="bulk-claim"' in html
    assert 'id="bulk-claim"' in html and "认领所选" in html
    response = client.post("/inbox/claim", data={"task": [str(task["id"]), "999999"], "csrf_token": csrf(html),
                                                 "next": "/inbox?tab=mine"}, follow_redirects=True)
    body = response.data.decode()
    assert "已认领 1 项（共 2 项）" in body and "#999999" in body
    assert open_task(api("prov-shanxi"), "initial_review")["assignee"] == "prov-shanxi"
    response = client.post("/inbox/claim", data={"task": ["x"], "csrf_token": csrf(html)})
    assert response.status_code == 400
    response = client.post("/inbox/claim", data={"task": [str(i) for i in range(1, 102)], "csrf_token": csrf(html)})
    assert response.status_code == 400
