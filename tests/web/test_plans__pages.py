"""Plan pages with the test client: the office imports and reminds, a member unit finds its
plan work in the inbox and files a report with figures and evidence, the indicator page
shows it; other units and regions are refused."""
import io
import re

from tests.helpers.page_client import csrf, login, post_form, task_id
from tests.helpers.plan_imports import case_in_creation


def test_office_imports_a_unit_reports_and_the_indicator_page_shows_it(api, app):
    journey = case_in_creation(api, app, "app-yongchuan")
    url = f"/cases/{journey.case_id}/plan"
    office = login(app.test_client(), "app-yongchuan")
    page = office.get(url)
    assert (page.status_code == 200 and "No creation plan yet" in page.data.decode()) or "尚无创建方案" in page.data.decode()

    bad = post_form(office, url, {"action": "import", "cadence": "P3M",
                                  "file": (io.BytesIO(b"number,title\n1,\n"), "plan.csv")},
                    content_type="multipart/form-data")
    assert bad.status_code == 400 and "row 2" in bad.data.decode()
    done = post_form(office, url, {"action": "import", "example": "yongchuan", "cadence": "P3M"},
                     content_type="multipart/form-data")
    assert done.status_code == 200, done.data.decode()[:2000]
    html = done.data.decode()
    assert "加快电子商务产业园提质升级" in html and "永川区农业农村委" in html
    assert "永川府办发〔2023〕14号" in html and "创建目标与组织实施" in html and "大数据产业收入达到450亿元" in html
    # the 2022 links without a counterpart in the case's 2024 draft are named, not dropped silently
    assert "在网络市场监管与服务示范区创建评估指标体系(征求意见稿)中没有对应指标，未予关联：5、6、7、8、9、15、35、36、37、38、39" in html
    added = post_form(office, url, {"action": "add_task", "number": "25", "title": "新增任务",
                                    "lead_unit": "永川区商务委", "responsible_units": ["永川区统计局"],
                                    "indicators": "1"})
    assert added.status_code == 200 and "新增任务" in added.data.decode()

    unit = login(app.test_client(), "unit-yongchuan-commerce")
    inbox = unit.get("/inbox").data.decode()
    assert 'id="plan-work"' in inbox
    report_id = re.search(r'data-plan-report="(\d+)"', inbox).group(1)
    report_url = f"/plan-work/{report_id}"
    uploaded = post_form(unit, report_url, {"file": (io.BytesIO(b"%PDF-1.4 minutes"), "会议纪要.pdf")},
                         content_type="multipart/form-data")
    assert uploaded.status_code == 200 and "会议纪要.pdf" in uploaded.data.decode()
    wrong = post_form(unit, report_url, {"progress": "on_track", "percent": "30", "narrative": "推进中",
                                         "figures": "网上零售额 十亿"})
    assert wrong.status_code == 400
    filed = post_form(unit, report_url, {"progress": "on_track", "percent": "30", "narrative": "推进中",
                                         "figures": "网上零售额（亿元） = 12.5\n入驻企业 = 40"})
    assert filed.status_code == 302
    assert api("unit-yongchuan-commerce").get(f"/api/v1/plan-work/{report_id}").get_json()["figures"] == {
        "网上零售额（亿元）": 12.5, "入驻企业": 40}

    board = office.get(url).data.decode()
    org_id = re.search(r'name="org_id" value="(\d+)"', board).group(1)
    reminded = office.post(url, data={"action": "remind", "org_id": org_id, "csrf_token": csrf(board)})
    assert reminded.status_code == 200, reminded.data.decode()[:1000]
    indicator = office.get(f"{url}/indicators/1").data.decode()
    assert "推进中" in indicator and "会议纪要.pdf" in indicator
    evidence_id = re.search(r'/plan-evidence/(\d+)', indicator).group(1)
    download = office.get(f"/plan-evidence/{evidence_id}")
    assert download.status_code == 200 and download.headers["X-Content-Type-Options"] == "nosniff"

    overview = office.get(f"{url}/indicators").data.decode()
    assert "网上零售额同比增速" in overview and f"{url}/indicators/25" in overview
    assert "(征求意见稿)" in overview  # the 2024 system is a draft, and says so

    assert unit.get(url).status_code == 403  # member units file work; the dashboard is the office's
    other = login(app.test_client(), "unit-yongchuan-agriculture")
    assert other.get(report_url).status_code == 403
    assert login(app.test_client(), "app-yuncheng").get(url).status_code == 403


def test_the_self_assessment_task_links_to_the_evidence_per_indicator(api, app):
    journey = case_in_creation(api, app, "app-yongchuan")
    journey.applicant.post(f"/api/v1/cases/{journey.case_id}/plan/import", json={"example": "yongchuan"})
    journey.advance("P2Y1D")  # the creation period ends: self-assessment
    office = login(app.test_client(), "app-yongchuan")
    page = office.get(f"/tasks/{task_id(journey.applicant, 'self_assessment', journey.case_id)}").data.decode()
    assert 'id="plan-evidence-link"' in page and f"/cases/{journey.case_id}/plan/indicators" in page
    # the creation period is over: nothing is left to file
    assert api("unit-yongchuan-commerce").get("/api/v1/plan-work").get_json()["total"] == 0
    assert api("unit-yongchuan-commerce").get("/api/v1/plan-work?status=all").get_json()["total"] > 0
