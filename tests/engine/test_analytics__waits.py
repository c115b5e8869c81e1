"""Time in waiting events: the 15-day public notice timer and the objection listener count
like steps — passed, waiting now, median days — and a wait the notice's end cancelled does
not count as passed."""
import pytest

from engine.analytics import steps
from models import EventWait, User
from tests.api.test_lifecycle__notice_and_supervision import OBJECTION, objections_url
from tests.helpers.api_journey import Journey


def figures(app):
    with app.app_context():
        result = steps.analytics(User.query.filter_by(username="samr").one(), "zone_lifecycle")
    return {i["element"]: i for i in result["items"]}, {c["element"]: c for c in result["containers"]}


def waits(app, case_id):
    with app.app_context():
        return [(w.name, w.kind, w.passed, w.completed_at is None)
                for w in EventWait.query.filter_by(case_id=case_id).order_by(EventWait.id)]


def test_notice_timer_and_objection_waits(app, client, api):
    j = Journey(api).to_notice()
    assert sorted(waits(app, j.case_id)) == [("notice_timer", "timer", None, True),
                                             ("objection_received", "message", None, True)]
    items, _ = figures(app)
    assert items["notice_timer"]["waiting_now"] == 1 and items["notice_timer"]["passed"] == 0
    assert items["notice_timer"]["overdue"] == 0

    j.advance("P3D")
    assert client.post(objections_url(j.case_id), json=OBJECTION).status_code == 201
    items, _ = figures(app)
    assert items["objection_received"]["passed"] == 1
    assert items["objection_received"]["median_days"] == pytest.approx(3, abs=0.01)
    assert items["objection_received"]["waiting_now"] == 1  # listening again for the next one

    j.do(j.samr, "objection_verification", {"decision": "dismissed", "verification_findings": "经核实，异议不成立。",
                                            "reasons": "证据不足。"})
    j.advance("P12DT1M")
    assert j.active() == ["certification"]
    items, containers = figures(app)
    assert items["notice_timer"]["passed"] == 1 and items["notice_timer"]["waiting_now"] == 0
    assert items["notice_timer"]["median_days"] == pytest.approx(15, abs=0.01)
    # the second listening ended with the notice, without an objection: not passed
    assert items["objection_received"]["passed"] == 1 and items["objection_received"]["waiting_now"] == 0
    assert [w[:3] for w in waits(app, j.case_id) if w[0] == "objection_received"] == [
        ("objection_received", "message", True), ("objection_received", "message", False)]
    # the notice's call activity on the main diagram spans its timer: 15 days, passed
    assert containers["call_notice"]["passed"] == 1
    assert containers["call_notice"]["median_days"] == pytest.approx(15, abs=0.01)
