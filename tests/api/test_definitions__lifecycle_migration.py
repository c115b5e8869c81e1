"""The issue's example on the lifecycle: the notice shortened from P15D to P10D and a legal
review added before certification, uploaded with its form; new cases take it, a case
waiting in evaluation migrates and takes the new step, and a case in the middle of its
notice migrates keeping its timer (the original 15 days) and then takes the new step."""
import io
import json

from tests.helpers import diagram_variants
from tests.helpers.api_journey import Journey, evaluation_application_form, expert_scoring_form

KEY = "zone_lifecycle"


def upload(admin):
    files = {"zone_lifecycle.bpmn": diagram_variants.lifecycle_with_legal_review(),
             "zone_public_notice.bpmn": diagram_variants.notice_of_ten_days(),
             "legal_review.json": json.dumps(diagram_variants.LEGAL_REVIEW_FORM).encode()}
    data = {name: (io.BytesIO(content), name) for name, content in files.items()}
    response = admin.client.post("/api/v1/definitions", data=data, headers=admin.headers,
                                 content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    return {d["key"]: d["version"] for d in response.get_json()["items"]}


def test_lifecycle_edit_migrates_waiting_cases(app, api, versions):
    noticed, evaluated = Journey(api, "app-yuncheng"), Journey(api, "app-yongchuan")
    noticed.to_creation()
    evaluated.to_creation()
    noticed.advance("P2Y1D")
    noticed.self_assess()
    evaluated.self_assess()
    noticed.open_evaluation_round()
    noticed.evaluate().publish()
    evaluated.do(evaluated.applicant, "evaluation_application", evaluation_application_form())
    evaluated.do(evaluated.province, "evaluation_prereview", {
        "decision": "forward", "prereview_opinion": "初审合格。", "methods": ["material_review"]})
    assert (noticed.stage, evaluated.stage) == ("public_notice", "evaluation")
    noticed.advance("P5D")  # five days into the 15-day notice
    notice_due = noticed.case["next_timer_at"]
    old = noticed.case["definition"]["version"]

    admin = api("admin")
    deployed = upload(admin)
    new = deployed[KEY]
    assert new == old + 1 and "zone_public_notice" in deployed
    fresh = Journey(api, "app-yangpu")
    now = fresh.samr.get("/api/v1/admin/clock").get_json()["now"]
    assert fresh.samr.post("/api/v1/rounds", json={"kind": "application", "name": "新申报批次", "opens_at": now,
                                                   "closes_at": "2099-01-01T00:00:00+08:00"}).status_code == 201
    fresh.apply()
    assert fresh.case["definition"]["version"] == new  # new cases take the latest version

    body = {"key": KEY, "to_version": new, "case_ids": [noticed.case_id, evaluated.case_id]}
    preview = {i["case_id"]: i for i in admin.post("/api/v1/migrations/preview", json=body).get_json()["items"]}
    assert all(i["can_migrate"] for i in preview.values()), preview
    assert "notice_timer" in preview[noticed.case_id]["timers_kept"]
    assert "notice_timer" in preview[noticed.case_id]["changed"]
    result = admin.post("/api/v1/migrations", json=body).get_json()
    assert result["migrated"] == 2

    # The case in its notice keeps the 15-day end: nothing fires on day 11 ...
    assert noticed.case["next_timer_at"] == notice_due
    noticed.advance("P6D")
    assert noticed.stage == "public_notice"
    # ... and on day 16 it ends, and the new step comes before certification.
    noticed.advance("P5D")
    assert noticed.active() == ["legal_review"]
    noticed.do(noticed.samr, "legal_review", {"decision": "pass", "review_opinion": "程序合法。"})
    assert noticed.active() == ["certification"]

    # The case that waited in evaluation runs the new path: a 10-day notice, then legal review.
    evaluated.do(evaluated.samr, "expert_assignment", {"experts": ["expert1", "expert2"]})
    for name in ("expert1", "expert2"):
        evaluated.do(api(name), "expert_scoring", expert_scoring_form(88))
    evaluated.do(evaluated.samr, "evaluation_decision", {"decision": "pass", "evaluation_score": 88,
                                                         "reasons": "评估意见。"})
    evaluated.publish()
    evaluated.advance("P10DT1H")
    assert evaluated.active() == ["legal_review"]
