"""Two cases driven through their whole lives over the API (application to certification,
then one revoked), while a receiver on loopback listens: it gets every event of both exactly
once (deduplicated by X-DZ-Delivery), each case's in the order it happened, every signature
valid — also though it was down for a long middle part of the run (the scheduler's webhooks
job delivers the rest once the back-off has passed on the adjustable clock)."""
from itertools import pairwise

from models import AuditEvent, HumanTask, WebhookDelivery
from tests.helpers.api_journey import Journey
from tests.helpers.lifecycle_driver import SUPERVISION_RECORD
from tests.helpers.webhook_receiver import Receiver

EVENTS = ["case_started", "stage_changed", "task_created", "task_completed", "notice_published",
          "zone_certified", "zone_revoked"]


def run_job(admin):
    response = admin.post("/api/v1/admin/jobs/webhooks/run")
    assert response.status_code == 200 and response.get_json()["outcome"] == "ok", response.get_json()
    return response.get_json()["detail"]


def truth(app, case_id):
    """What the database says happened to the case."""
    with app.app_context():
        completed = AuditEvent.query.filter_by(case_id=case_id, action="task_completed").count()
        created = [t.id for t in HumanTask.query.filter_by(case_id=case_id).order_by(HumanTask.id)]
        uids = [r.uid for r in WebhookDelivery.query.filter_by(case_id=case_id).order_by(WebhookDelivery.id)]
    return completed, created, uids


def check_case(app, receiver, case_id, end):
    mine = [p for p in receiver.accepted if p["case_id"] == case_id]
    completed, created, uids = truth(app, case_id)
    assert [p["id"] for p in mine] == uids  # every delivery once, in the order written
    events = [p["event"] for p in mine]
    assert events[0] == "case_started"
    assert events.count("task_completed") == completed
    assert [p["data"]["task_id"] for p in mine if p["event"] == "task_created"] == created
    stages = [p["data"] for p in mine if p["event"] == "stage_changed"]
    assert stages[0]["from"] == "application" and stages[-1]["to"] == end
    assert all(a["to"] == b["from"] for a, b in pairwise(stages))
    assert [s["to"] for s in stages][:5] == ["initial_review", "recommendation", "approval", "creation",
                                           "self_assessment"]
    certified = events.index("zone_certified")
    assert events[certified - 1] == "stage_changed" and mine[certified - 1]["data"]["to"] == "supervision"
    assert events.index("notice_published") < certified
    assert events.count("zone_certified") == 1 and events.count("notice_published") == 1
    return events


def test_two_lifecycles_reach_the_receiver_once_each_in_order_though_it_was_down(app, api):
    admin = api("admin")
    receiver = Receiver().start()
    created = admin.post("/api/v1/admin/webhooks", json={"url": receiver.url, "events": EVENTS})
    assert created.status_code == 201
    receiver.secret = created.get_json()["secret"]
    try:
        one, two = Journey(api, "app-yuncheng"), Journey(api, "app-yongchuan")
        one.apply().review()
        two.apply()
        run_job(admin)
        heard_early = len(receiver.accepted)
        assert heard_early > 0

        receiver.stop()  # down from here to past certification
        for j in (one, two):
            j.review() if j is two else None
            j.recommend().approve()
        one.advance("P2Y1D")
        for j in (one, two):
            j.self_assess()
        one.open_evaluation_round()
        for j in (one, two):
            j.evaluate()
        one.publish()
        two.publish()
        one.advance("P16D")
        one.certify()
        two.certify()
        assert len(receiver.accepted) == heard_early
        assert run_job(admin)["delivered"] == 0

        receiver.start()
        one.advance("PT2H")  # past every back-off
        detail = run_job(admin)
        assert detail["delivered"] > 0 and detail["failed"] == 0
        one.do(one.samr, "supervision_check", {**SUPERVISION_RECORD, "record_kind": "incident", "finding": "fraud"})
        one.revoke()  # Art 22: the notice, the zone's statement, the period, then SAMR's decision
        assert one.stage == "revoked"
        run_job(admin)
        assert receiver.refused == [] and receiver.duplicates == []
        first = check_case(app, receiver, one.case_id, "revoked")
        assert first[-2:] == ["stage_changed", "zone_revoked"]
        check_case(app, receiver, two.case_id, "supervision")
        assert set(first) == set(EVENTS)
        with app.app_context():
            assert {r.status for r in WebhookDelivery.query} == {"delivered"}
        assert len(receiver.accepted) == sum(admin.get("/api/v1/admin/webhooks").get_json()["items"][0]["counts"].values())
    finally:
        receiver.stop()
