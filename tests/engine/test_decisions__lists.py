"""Decisions as lists (engine/casework/decisions.py): completions of one kind by one issuer in
one transaction are one decision and one document naming every case, as SAMR's list decisions
and a province's recommendation list are; a transaction that rolls back leaves no document
and no used number."""
from engine.casework import decisions, tasks
from engine.tx import lock_case
from models import HumanTask, User, db
from models.decisions import OfficialDocument
from tests.helpers.api_journey import Journey


def _approve_together(app, case_ids, choices, commit=True):
    """SAMR completes the creation approvals of `case_ids` in one transaction."""
    with app.app_context():
        samr = User.query.filter_by(username="samr").one()
        for case_id, decision in zip(case_ids, choices, strict=True):
            lock_case(case_id)
            task = HumanTask.query.filter_by(case_id=case_id, form="creation_approval", completed_at=None).one()
            tasks.complete_locked(samr, task, {"decision": decision, "reasons": f"{decision}。"})
        if commit:
            db.session.commit()
        else:
            db.session.rollback()
        db.session.remove()


def test_one_decision_on_a_list_is_one_document_for_every_case(app, api):
    ids = [Journey(api, who).apply().review().recommend().case_id for who in ("app-yuncheng", "app-yongchuan")]
    _approve_together(app, ids, ["approve", "decline"])
    samr = api("samr")
    docs = [[d for d in samr.get(f"/api/v1/cases/{c}/documents").get_json()["items"] if d["kind"] == "approval"]
            for c in ids]
    assert [len(d) for d in docs] == [1, 1] and docs[0][0]["number"] == docs[1][0]["number"]
    doc = docs[0][0]
    assert [(c["region_name"], c["decision"]) for c in doc["cases"]] == [("运城市", "approve"), ("永川区", "decline")]
    assert [d[0]["decision"] for d in docs] == ["approve", "decline"]
    assert doc["addressee"] == decisions.ALL_PROVINCES and doc["title"] == "关于同意运城市创建网络市场监管与服务示范区的批复"
    assert [samr.get(f"/api/v1/cases/{c}").get_json()["stage"] for c in ids] == ["creation", "declined"]


def test_a_rolled_back_decision_leaves_no_document_and_its_number_is_taken_next(app, api):
    j = Journey(api).apply().review().recommend()
    _approve_together(app, [j.case_id], ["approve"], commit=False)
    with app.app_context():
        assert OfficialDocument.query.filter_by(kind="approval").count() == 0
        db.session.remove()
    assert j.stage == "approval"
    j.approve()
    approval = next(d for d in j.samr.get(f"/api/v1/cases/{j.case_id}/documents").get_json()["items"]
                    if d["kind"] == "approval")
    assert approval["number"].endswith("〕1号"), approval["number"]
