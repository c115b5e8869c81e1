"""Round pages with the test client: SAMR opens a round with its calendar and notice, the
round's page shows phases, cases by province and what is overdue, SAMR reads the lists
side by side and decides them in one form."""
import re
from datetime import datetime, time, timedelta

from engine.clock import CHINA
from tests.helpers.api_journey import Journey
from tests.helpers.page_client import login, post_form


def today(api):
    return datetime.fromisoformat(api("samr").get("/api/v1/admin/clock").get_json()["now"]).date()


def test_samr_opens_a_round_with_its_calendar_and_the_round_page_shows_it(api, app):
    samr = login(app.test_client(), "samr")
    day = today(api)
    form = {"kind": "application", "name": "页面批次", "opens_on": day.isoformat(),
            "closes_on": (day + timedelta(days=90)).isoformat(), "quota": "0",
            "submission_on": (day + timedelta(days=10)).isoformat(),
            "notice_title": "关于开展申报工作的通知", "notice_text": "各省市场监管局：请按时报送。"}
    bad = post_form(samr, "/rounds", form)
    assert bad.status_code == 400 and "推荐限额须为不小于 1 的整数" in bad.data.decode()
    early = post_form(samr, "/rounds", {**form, "quota": "2", "submission_on": (day - timedelta(days=1)).isoformat()})
    assert early.status_code == 400 and "截止时间不得早于批次开始" in early.data.decode()
    done = post_form(samr, "/rounds", {**form, "quota": "2"}, follow_redirects=True)
    assert done.status_code == 200 and "页面批次" in done.data.decode()

    created = next(r for r in api("samr").get("/api/v1/rounds").get_json()["items"] if r["name"] == "页面批次")
    assert created["quota"] == 2 and created["notice"]["text"] == "各省市场监管局：请按时报送。"
    deadline = datetime.fromisoformat(created["deadlines"]["submission"])
    assert deadline == datetime.combine(day + timedelta(days=10), time(23, 59, 59), CHINA)  # the day's end, Beijing

    page = samr.get(f"/rounds/{created['id']}").data.decode()
    assert "关于开展申报工作的通知" in page and "各省市场监管局：请按时报送。" in page
    assert 'data-phase="application"' in page and "进行中" in page


def test_the_round_page_lists_cases_by_province_and_what_is_overdue(api, app):
    first = Journey(api).apply()
    Journey(api, "app-yongchuan").apply()
    rid = first.case["round_id"]
    first.advance("P60D")  # past the 20 working days of the initial reviews
    samr = login(app.test_client(), "samr")
    page = samr.get(f"/rounds/{rid}").data.decode()
    assert "山西省市场监督管理局" in page and "重庆市市场监督管理局" in page
    overdue = page.split('id="round-overdue"')[1].split("</table>")[0]
    assert "运城市" in overdue and "永川区" in overdue and "申报材料初审" in overdue

    province = login(app.test_client(), "prov-shanxi")
    own = province.get(f"/rounds/{rid}").data.decode()
    assert "运城市" in own and "永川区" not in own  # a province sees its own cases only
    progress = api("prov-shanxi").get(f"/api/v1/rounds/{rid}/progress").get_json()
    assert [c["region_name"] for c in progress["cases"]] == ["运城市"]
    phase = next(p for p in progress["phases"] if p["key"] == "provincial_review")
    assert (phase["cases"], phase["overdue"]) == (1, 1)


def test_samr_decides_the_recommended_cases_on_one_page(api, app):
    journeys = [Journey(api, a).apply().review().recommend() for a in ("app-yuncheng", "app-yongchuan")]
    rid = journeys[0].case["round_id"]
    samr = login(app.test_client(), "samr")
    page = samr.get(f"/rounds/{rid}/lists").data.decode()
    lists = page.split('id="recommendation-lists"')[1]
    assert lists.index("山西省市场监督管理局") < lists.index("重庆市市场监督管理局")
    assert len(re.findall(r'name="decision_\d+"', page)) == 2

    nothing = post_form(samr, f"/rounds/{rid}/lists", {})
    assert nothing.status_code == 400 and "请至少为一个申报选择审批结论" in nothing.data.decode()
    chosen = {f"decision_{journeys[0].case_id}": "approve", f"decision_{journeys[1].case_id}": "decline",
              f"reasons_{journeys[1].case_id}": "条件尚不具备。"}
    done = post_form(samr, f"/rounds/{rid}/lists", chosen, follow_redirects=True)
    assert done.status_code == 200 and "已对 2 个申报作出决定" in done.data.decode()
    assert [j.stage for j in journeys] == ["creation", "declined"]
    assert 'id="list-decisions"' in done.data.decode()
    assert login(app.test_client(), "prov-shanxi").get(f"/rounds/{rid}/lists").status_code == 403


def test_a_province_sees_its_sent_list_and_the_list_is_sent_once(api, app):
    journey = Journey(api).apply().review()
    rid = journey.case["round_id"]
    province = login(app.test_client(), "prov-shanxi")
    url = f"/rounds/{rid}/recommendations"
    form = {f"decision_{journey.case_id}": "recommend", f"rank_{journey.case_id}": "1",
            f"reasons_{journey.case_id}": "基础较好。"}
    sent = post_form(province, url, form, follow_redirects=True)
    assert sent.status_code == 200 and "推荐名单已报送" in sent.data.decode()
    assert 'id="submitted-list"' in sent.data.decode() and "基础较好。" in sent.data.decode()
    assert 'name="decision_' not in sent.data.decode()  # no second list
    assert journey.stage == "approval"
