"""One region's case, moved by the people of the programme as they would from their
inboxes: each step finds the open task in the actor's own inbox (engine.casework.tasks)
and completes it with a filled-in form; the engine validates the form, moves the workflow,
writes the inbox rows and the audit trail. Nothing here writes a row itself."""
from datetime import date

from engine.casework import cases, experience, objections, recommendations, rounds, support, tasks
from models import Org, Round
from seeds.programme import people, scoring, texts
from seeds.programme.clockwork import at

PROVINCES = {"shanxi": "prov-shanxi", "chongqing": "prov-chongqing", "shanghai": "prov-shanghai",
             "henan": "prov-henan"}
EXPERTS = ("expert1", "expert2", "expert3")


def round_named(name):
    return Round.query.filter_by(name=name).one()


class Story:
    def __init__(self, code, applicant):
        region = Org.query.filter_by(code=code).one()
        self.code, self.name, self.applicant = code, region.name, applicant
        self.province = PROVINCES[region.province.code]
        self.case_id = None

    # -- the inbox ----------------------------------------------------------------------
    def open_task(self, username, name):
        actor = people.user(username)
        found = [t for t in tasks.open_tasks(actor, case_id=self.case_id) if t.name == name]
        if not found:
            raise RuntimeError(f"{username} has no open task {name} on {self.name}'s case {self.case_id}")
        return actor, found[0]

    def do(self, username, name, data):
        actor, task = self.open_task(username, name)
        tasks.complete(actor, task.id, data)

    # -- application and review (Art 5–9) ------------------------------------------------
    def apply(self, round_name, period):
        case = cases.start(people.user(self.applicant), round_named(round_name).id)
        self.case_id = case.id
        self.do(self.applicant, "application", texts.application(self.code, self.name, period))

    def review(self, decision="pass", reasons=None, amend_deadline=None):
        data = {"decision": decision}
        if reasons:
            data["reasons"] = reasons
        if amend_deadline:
            data["amend_deadline"] = amend_deadline
        self.do(self.province, "initial_review", data)

    def resubmit(self, notes):
        self.do(self.applicant, "amendment", {"decision": "resubmit", "amendment_notes": notes})

    def approve(self):
        self.do("samr", "creation_approval", {"decision": "approve", "reasons": texts.APPROVAL})

    # -- creation (Art 10, 12, 19) ---------------------------------------------------------
    def report(self, n):
        kind, title, content = texts.creation_reports(self.code, self.name)[n]
        self.do(self.applicant, "creation_report", texts.report_form(kind, title, content))

    def self_assess(self, total, early=False):
        if early:  # Art 12: only with SAMR's recorded consent
            self.do(self.applicant, "creation_report", {"action": "self_assess"})
            self.do("samr", "early_consent", {"decision": "consent", "reasons": texts.EARLY_CONSENT})
        form = scoring.self_assessment(self.case_id, total, f"{self.name}创建工作自评报告",
                                       f"对照评估指标体系逐项自评，自评总分{total}分。")
        self.do(self.applicant, "early_self_assessment" if early else "self_assessment", form)

    # -- evaluation (Art 12–14) ------------------------------------------------------------
    def apply_for_evaluation(self, total):
        self.do(self.applicant, "evaluation_application", texts.evaluation_application(self.code, self.name, total))

    def prereview(self, reasons=None):
        data = {"decision": "return", "prereview_opinion": "评估申请材料需补充。", "reasons": reasons} if reasons else {
            "decision": "forward", "prereview_opinion": texts.PREREVIEW,
            "methods": ["material_review", "data_comparison", "site_check"]}
        self.do(self.province, "evaluation_prereview", data)

    def assign_experts(self):
        self.do("samr", "expert_assignment", {"experts": list(EXPERTS), "methods": ["material_review", "site_check"],
                                              "instructions": "请对照评估指标体系逐项评分，30日内提交评分表和评估意见。"})

    def score(self, expert, total, opinions=texts.EXPERT_OPINIONS):
        self.do(expert, "expert_scoring", scoring.expert_sheet(self.case_id, total, opinions[expert]))

    def decide(self, decision="pass"):
        reasons = texts.EVALUATION_PASS if decision == "pass" else texts.EVALUATION_FAIL
        self.do("samr", "evaluation_decision", {"decision": decision, "reasons": reasons})

    # -- notice, certification, supervision (Art 15, 16, 22) -------------------------------
    def publish(self):
        self.do("samr", "notice_publication", texts.notice(self.name))

    def object(self, name, contact, content):
        objections.submit(self.case_id, name, contact, content, client="demo")

    def certify(self, day):
        self.do("samr", "certification", texts.certification(day))

    def record(self, by, day, finding, description, kind="check"):
        """A supervision record: SAMR's check or the province's guidance (`by`)."""
        name = "supervision_check" if by == "samr" else "province_supervision"
        self.do(by, name, {"record_kind": kind, "finding": finding, "occurred_on": day, "description": description})

    def supervise(self, decision, reasons=None, after="samr", deadline=None):
        """SAMR's decision on the latest record (of its own check, or of the province's); an
        interview or warning may set the rectification report's deadline (Art 22)."""
        name = "supervision_decision" if after == "samr" else "supervision_decision_province"
        self.do("samr", name, {"decision": decision, **({"reasons": reasons} if reasons else {}),
                               **({"rectification_deadline": deadline} if deadline else {})})

    def rectify(self, problems, measures, results, after="samr"):
        """The zone's rectification report (整改报告) after an interview or a warning."""
        name = "rectification_report" if after == "samr" else "rectification_report_province"
        self.do(self.applicant, name, {"problems": problems, "measures": measures, "results": results})

    def state_case(self, statement):
        """The zone's statement (陈述申辩) within the period a revocation notice gave it."""
        self.do(self.applicant, "revocation_statement", {"statement": statement})

    def share_experience(self, title, highlights, progress, practice, summary):
        """An experience report (Art 19) that SAMR curates into the library (Art 20) at once."""
        report = experience.submit(people.user(self.applicant), self.case_id, {
            "title": title, "highlights": highlights, "progress": progress, "practice": practice})
        experience.curate(people.user("samr"), report.id, {"summary": summary})

    def record_support(self, kind, title, content, started_on):
        """A support measure or pilot SAMR records for the zone (Art 21)."""
        support.add(people.user("samr"), self.case_id, {"kind": kind, "title": title, "content": content,
                                                         "started_on": date.fromisoformat(started_on)})

    def decide_revocation(self, decision, reasons):
        """SAMR's decision once the period to state the case has ended."""
        self.do("samr", "revocation_decision", {"decision": decision, "reasons": reasons})


def recommend(province, round_name, ranked, reasons="材料真实完整，创建基础较好，择优推荐。"):
    """A province's ranked list for the round: every case waiting in its inbox, at once (Art 8)."""
    items = [{"case_id": s.case_id, "decision": "recommend", "rank": n, "reasons": reasons}
             for n, s in enumerate(ranked, start=1)]
    recommendations.submit(people.user(province), round_named(round_name).id, items)


def open_round(kind, name, opens, closes):
    """SAMR opens an application or evaluation round (times in Beijing, 'YYYY-MM-DD HH:MM')."""
    rounds.create(people.user("samr"), kind, name, at(opens), at(closes))
