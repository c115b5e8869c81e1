"""A case's journey through the lifecycle, spoken through the HTTP API as each role would.

Form data comes from the in-memory lifecycle driver (tests/bpmn), so the diagrams' own
tests and these API tests submit the same forms.
"""
from datetime import datetime, timedelta

from engine.clock import CHINA
from tests.helpers.lifecycle_driver import (
    SUPERVISION_RECORD,
    application_form,
    evaluation_application_form,
    expert_scoring_form,
    self_assessment_form,
)

REGIONS = {  # applicant account → its provincial bureau's account
    "app-yuncheng": "prov-shanxi", "app-yongchuan": "prov-chongqing",
    "app-yangpu": "prov-shanghai", "app-xuchang": "prov-henan",
}
APPLICATION = application_form()


def open_task(user, name, case_id=None):
    """The user's open task called `name` (optionally on one case), or fail."""
    url = "/api/v1/tasks?per_page=500" + (f"&case_id={case_id}" if case_id else "")
    items = user.get(url).get_json()["items"]
    matching = [t for t in items if t["name"] == name]
    assert matching, f"{user.username} has no open task {name}: {[t['name'] for t in items]}"
    return matching[0]


def complete(user, name, case_id, data, expect=200):
    task = open_task(user, name, case_id)
    response = user.post(f"/api/v1/tasks/{task['id']}/complete", json=data)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def round_id(user, kind="application"):
    return next(r["id"] for r in user.get("/api/v1/rounds").get_json()["items"] if r["kind"] == kind)


def apply(applicant, **form):
    """Start a case and submit the application; returns the case id."""
    response = applicant.post("/api/v1/cases", json={"round_id": round_id(applicant)})
    assert response.status_code == 201, response.get_json()
    case_id = response.get_json()["id"]
    complete(applicant, "application", case_id, application_form(**form))
    return case_id


class Journey:
    """One region's case, moved by the roles in turn."""

    def __init__(self, api, applicant="app-yuncheng"):
        self.api = api
        self.applicant = api(applicant)
        self.province = api(REGIONS[applicant])
        self.samr = api("samr")
        self.case_id = None

    # reading
    @property
    def case(self):
        return self.samr.get(f"/api/v1/cases/{self.case_id}").get_json()

    @property
    def stage(self):
        return self.case["stage"]

    def active(self):
        return sorted(t["name"] for t in self.case["active_tasks"])

    # moving
    def do(self, user, name, data, expect=200):
        return complete(user, name, self.case_id, data, expect)

    def today(self):
        """The adjustable clock's date in Beijing, as the certification date (Art 16) wants it."""
        now = datetime.fromisoformat(self.samr.get("/api/v1/admin/clock").get_json()["now"])
        return now.astimezone(CHINA).date().isoformat()

    def advance(self, duration):
        """Move the clock and fire what fell due, as the scheduler would."""
        assert self.samr.post("/api/v1/admin/clock", json={"advance": duration}).status_code == 200
        return self.samr.post("/api/v1/admin/timers/run").get_json()["fired"]

    def open_evaluation_round(self, name="评估批次", days=90):
        now = datetime.fromisoformat(self.samr.get("/api/v1/admin/clock").get_json()["now"])
        response = self.samr.post("/api/v1/rounds", json={
            "kind": "evaluation", "name": name, "opens_at": now.isoformat(),
            "closes_at": (now + timedelta(days=days)).isoformat()})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    # the path, step by step
    def apply(self, **form):
        self.case_id = apply(self.applicant, **form)
        return self

    def review(self, decision="pass", **extra):
        self.do(self.province, "initial_review", {"decision": decision, **extra})
        return self

    def recommend(self, decision="recommend", rank=1):
        rid = round_id(self.province)
        body = {"items": [{"case_id": self.case_id, "decision": decision, "reasons": "择优推荐。",
                           **({"rank": rank} if decision == "recommend" else {})}]}
        response = self.province.post(f"/api/v1/rounds/{rid}/recommendations", json=body)
        assert response.status_code == 200, response.get_json()
        return self

    def approve(self, decision="approve"):
        self.do(self.samr, "creation_approval", {"decision": decision, "reasons": "研究决定。"})
        return self

    def to_creation(self, period="P2Y"):
        self.apply(creation_period=period).review().recommend()
        if "period_exception" in self.active():
            self.do(self.samr, "period_exception", {"decision": "grant", "reasons": "任务量大。"})
        return self.approve()

    def self_assess(self, qualified=True, task="self_assessment", system="2024-draft", groups=None, expect=200):
        self.do(self.applicant, task, self_assessment_form(qualified, system, groups), expect=expect)
        return self

    def reapply(self):
        """Art 17: after a first failed evaluation, apply again at the next one."""
        self.do(self.applicant, "reapplication_decision", {"decision": "reapply"})
        return self

    def to_evaluation_application(self):
        self.to_creation()
        self.advance("P2Y1D")
        self.self_assess()
        self.open_evaluation_round()
        return self

    def evaluate(self, decision="pass", experts=("expert1", "expert2"), system="2024-draft"):
        self.do(self.applicant, "evaluation_application", evaluation_application_form())
        self.do(self.province, "evaluation_prereview", {"decision": "forward", "prereview_opinion": "初审合格。",
                                                        "methods": ["material_review", "site_check"]})
        self.do(self.samr, "expert_assignment", {"experts": list(experts)})
        total = 88 if decision == "pass" else 70
        for name in experts:
            self.do(self.api(name), "expert_scoring", expert_scoring_form(total, system))
        # the consolidated scores default to the experts' means; the total is computed
        self.do(self.samr, "evaluation_decision", {"decision": decision, "reasons": "评估意见。"})
        return self

    def scores(self, user=None):
        response = (user or self.samr).get(f"/api/v1/cases/{self.case_id}/scores")
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def publish(self):
        self.do(self.samr, "notice_publication", {"notice_title": "示范区建议名单公示",
                                                  "notice_content": "公示内容。"})
        return self

    def to_notice(self):
        return self.to_evaluation_application().evaluate().publish()

    def certify(self):
        self.do(self.samr, "certification", {"certified_on": self.today()})  # the number is issued
        return self

    def revoke(self, after="samr", reasons="弄虚作假。", state=True):
        """Art 22: the revocation notice, the zone's statement (or not), and once the period to
        state the case has ended (10 working days: a month is always past it), SAMR revokes."""
        name = "supervision_decision" if after == "samr" else "supervision_decision_province"
        self.do(self.samr, name, {"decision": "revocation", "reasons": reasons})
        if state:
            self.do(self.applicant, "revocation_statement", {"statement": "已整改，请求不予取消。"})
        self.advance("P30D")
        self.do(self.samr, "revocation_decision", {"decision": "revoke", "reasons": reasons})
        return self

    def to_supervision(self):
        self.to_notice()
        self.advance("P16D")
        return self.certify()


def round_at_four_points(api):
    """Four regions of one application round at different points: Yuncheng approved,
    Yangpu not recommended, Yongchuan returned for amendment, Xuchang waiting for review."""
    approved = Journey(api, "app-yuncheng").apply().review().recommend().approve()
    not_recommended = Journey(api, "app-yangpu").apply().review().recommend(decision="not_recommend")
    returned = Journey(api, "app-yongchuan").apply().review(decision="return", reasons="缺少工作方案。", amend_deadline="2030-01-31")
    waiting = Journey(api, "app-xuchang").apply()
    return approved.case["round_id"], (approved, not_recommended, returned, waiting)


THREE = ("app-yuncheng", "app-yongchuan", "app-yangpu")
NOTICE = {"title": "关于第一批网络市场监管与服务示范区建议名单的公示",
          "text": "经评估，以下地区评估合格，现予公示，公示期15天。"}


def evaluated_round(api):
    """Three regions of one evaluation round, each passed its evaluation and waits for the notice."""
    journeys = [Journey(api, a).to_creation() for a in THREE]
    journeys[0].advance("P2Y1D")
    for j in journeys:
        j.self_assess()
    evaluation_round = journeys[0].open_evaluation_round()
    for j in journeys:
        j.evaluate()
    return evaluation_round, journeys
