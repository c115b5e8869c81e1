"""The inbox: tabs with counts, claim and release, filters, badges, paging with many tasks."""
from datetime import timedelta

from sqlalchemy import insert

from engine import clock
from models import HumanTask, db
from tests.helpers.api_journey import apply
from tests.helpers.page_client import csrf, login, task_id


def test_tabs_count_claim_and_release(client, api):
    apply(api("app-yuncheng"))
    login(client, "prov-shanxi")
    html = client.get("/inbox").data.decode()
    assert "全部待办 <span class=\"count\">(1)" in html and "我已认领 <span class=\"count\">(0)" in html
    assert "本组待认领 <span class=\"count\">(1)" in html
    tid = task_id(api("prov-shanxi"), "initial_review")
    response = client.post(f"/tasks/{tid}/claim", data={"csrf_token": csrf(html), "next": "/inbox?tab=mine"})
    assert response.status_code == 302
    html = client.get("/inbox?tab=mine").data.decode()
    assert "我已认领 <span class=\"count\">(1)" in html and "本组待认领 <span class=\"count\">(0)" in html
    assert "prov-shanxi" in html and "释放" in html
    client.post(f"/tasks/{tid}/unclaim", data={"csrf_token": csrf(html)})
    assert "本组待认领 <span class=\"count\">(1)" in client.get("/inbox").data.decode()


def test_filters_badges_and_paging_over_thousands_of_tasks(app, client, api):
    case_id = apply(api("app-yuncheng"))
    with app.app_context():
        model = HumanTask.query.filter_by(case_id=case_id, completed_at=None).first()
        now = clock.now()
        rows = [dict(case_id=case_id, task_guid=f"bulk-{i:05d}", name="initial_review", title=f"批量任务{i}",
                     role="province", region_id=model.region_id, province_id=model.province_id,
                     round_id=model.round_id, stage="initial_review" if i % 2 else "recommendation",
                     form="initial_review", created_at=now,
                     due_at=now + timedelta(days=(i % 10) - 3) if i % 3 else None) for i in range(3000)]
        db.session.execute(insert(HumanTask), rows)
        db.session.commit()
    login(client, "prov-shanxi")
    html = client.get("/inbox").data.decode()  # speed is measured in bench/, not here
    assert "全部待办 <span class=\"count\">(3001)" in html
    assert "第 1 页，共 61 页" in html
    assert html.count('data-task="initial_review"') == 50  # one page, not all of them
    overdue = client.get("/inbox?due=overdue").data.decode()
    assert 'class="badge overdue"' in overdue and 'class="badge soon"' not in overdue
    soon = client.get("/inbox?due=soon&stage=recommendation").data.decode()
    assert 'class="badge soon"' in soon and "批量任务" in soon
    last = client.get("/inbox?page=61").data.decode()
    assert "上一页" in last and "下一页" not in last
