"""A round's calendar through the API: SAMR's notice, deadlines that refuse late work (409
naming the deadline), due dates in the inboxes, reminders before a deadline, bad input."""
from datetime import datetime, timedelta

from tests.helpers.api_journey import APPLICATION, open_task

NOTICE = {"title": "关于开展2027年示范区创建申报工作的通知", "text": "请于截止日期前报送申报材料。",
          "attachments": [{"name": "申请表模板.docx", "url": "https://www.samr.gov.cn/notice/1.docx"}]}


def now_of(samr):
    return datetime.fromisoformat(samr.get("/api/v1/admin/clock").get_json()["now"])


def open_round(samr, expect=201, **calendar):
    """An application round opening now; `calendar` keys as in the contract, deadlines in days from now."""
    now = now_of(samr)
    body = {"kind": calendar.pop("kind", "application"), "name": "2027年创建申报批次", "opens_at": now.isoformat(),
            "closes_at": (now + timedelta(days=120)).isoformat(), **calendar}
    if isinstance(body.get("deadlines"), dict):
        body["deadlines"] = {k: (now + timedelta(days=v)).isoformat() if isinstance(v, int) else v
                             for k, v in body["deadlines"].items()}
    response = samr.post("/api/v1/rounds", json=body)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def start(applicant, round_id, expect=201):
    response = applicant.post("/api/v1/cases", json={"round_id": round_id})
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def submit_application(applicant, case_id):
    task = open_task(applicant, "application", case_id)
    return applicant.post(f"/api/v1/tasks/{task['id']}/complete", json=APPLICATION)


def test_a_round_carries_its_notice_deadlines_and_quota(api):
    samr = api("samr")
    created = open_round(samr, deadlines={"submission": 10, "provincial_review": 20, "recommendation": 30},
                         quota=2, notice=NOTICE)
    assert created["quota"] == 2 and created["notice"] == NOTICE
    assert set(created["deadlines"]) == {"submission", "provincial_review", "recommendation"}
    shown = api("app-yuncheng").get(f"/api/v1/rounds/{created['id']}").get_json()
    assert shown["deadlines"] == created["deadlines"] and shown["notice"]["title"] == NOTICE["title"]
    listed = next(r for r in samr.get("/api/v1/rounds").get_json()["items"] if r["id"] == created["id"])
    assert listed["deadlines"]["submission"] == created["deadlines"]["submission"]


def test_an_application_submitted_after_the_deadline_is_refused(api):
    samr, applicant = api("samr"), api("app-yuncheng")
    round_ = open_round(samr, deadlines={"submission": 10})
    case = start(applicant, round_["id"])
    task = open_task(applicant, "application", case["id"])
    assert task["due_at"] == round_["deadlines"]["submission"]  # the deadline is the inbox's due date

    samr.post("/api/v1/admin/clock", json={"advance": "P11D"})
    response = submit_application(applicant, case["id"])
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert "submission deadline" in error["message"] and "deadlines.submission" in error["fields"]
    assert samr.get(f"/api/v1/cases/{case['id']}").get_json()["stage"] == "application"
    # and no new case can start in the round any more
    late = start(api("app-yongchuan"), round_["id"], expect=409)
    assert "deadlines.submission" in late["error"]["fields"]


def test_review_after_its_deadline_is_refused_until_samr_extends_it(api):
    samr, applicant, province = api("samr"), api("app-yuncheng"), api("prov-shanxi")
    round_ = open_round(samr, deadlines={"submission": 5, "provincial_review": 10})
    case = start(applicant, round_["id"])
    assert submit_application(applicant, case["id"]).status_code == 200
    review = open_task(province, "initial_review", case["id"])
    assert review["due_at"] == round_["deadlines"]["provincial_review"]  # earlier than 20 working days

    samr.post("/api/v1/admin/clock", json={"advance": "P10DT1H"})
    response = province.post(f"/api/v1/tasks/{review['id']}/complete", json={"decision": "pass"})
    assert response.status_code == 409 and "deadlines.provincial_review" in response.get_json()["error"]["fields"]

    later = (now_of(samr) + timedelta(days=5)).isoformat()
    changed = samr.client.patch(f"/api/v1/rounds/{round_['id']}", json={"deadlines": {"provincial_review": later}},
                                headers=samr.headers)
    assert changed.status_code == 200, changed.get_json()
    assert open_task(province, "initial_review", case["id"])["due_at"] == changed.get_json()["deadlines"][
        "provincial_review"]  # the open task follows the moved deadline
    response = province.post(f"/api/v1/tasks/{review['id']}/complete", json={"decision": "pass"})
    assert response.status_code == 200, response.get_json()


def test_the_scheduler_reminds_once_before_a_deadline(api):
    samr, admin, applicant = api("samr"), api("admin"), api("app-yuncheng")
    round_ = open_round(samr, deadlines={"submission": 5})
    case = start(applicant, round_["id"])

    def run():
        response = admin.post("/api/v1/admin/jobs/round_deadlines/run")
        assert response.status_code == 200 and response.get_json()["outcome"] == "ok", response.get_json()
        return response.get_json()["detail"]["reminded"]

    def reminders():
        items = applicant.get(f"/api/v1/notifications?case_id={case['id']}").get_json()["items"]
        return [n for n in items if n["kind"] == "round_deadline_reminder"]

    assert run() == 0  # five days ahead: more than round.remind_before (P3D)
    samr.post("/api/v1/admin/clock", json={"advance": "P3D"})
    assert run() == 1
    assert run() == 0 and len(reminders()) == 1
    assert "截止" in reminders()[0]["title"]
    history = samr.get(f"/api/v1/cases/{case['id']}").get_json()["history"]
    assert history[-1]["action"] == "round_deadline_reminded"
    samr.post("/api/v1/admin/clock", json={"advance": "P3D"})
    assert run() == 0  # past the deadline: overdue work is escalation's


def test_bad_calendars_are_refused_naming_the_field_and_nothing_is_stored(api):
    samr = api("samr")
    before = samr.get("/api/v1/rounds").get_json()["total"]
    early = open_round(samr, expect=400, deadlines={"submission": -1})
    assert list(early["error"]["fields"]) == ["deadlines.submission"]
    out_of_order = open_round(samr, expect=400, deadlines={"submission": 20, "provincial_review": 10})
    assert list(out_of_order["error"]["fields"]) == ["deadlines.provincial_review"]
    assert "quota" in open_round(samr, expect=400, quota=0)["error"]["fields"]
    assert "quota" in open_round(samr, expect=400, kind="evaluation", quota=3)["error"]["fields"]
    naive = open_round(samr, expect=400, deadlines={"submission": "2027-01-01T00:00:00"})
    assert "deadlines.submission" in naive["error"]["fields"]  # a nested field by its dotted name
    assert samr.get("/api/v1/rounds").get_json()["total"] == before
    assert api("prov-shanxi").post("/api/v1/rounds", json={}).status_code == 403
