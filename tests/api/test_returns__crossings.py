"""Send-backs and recalls that would undo more than the case's own steps are refused by name
(409) and change nothing: past a timer that has fired, a multi-instance task or a called
process, or to a step on a branch the case did not take. On tests/engine/diagrams/
return_crossings.bpmn through the API; the diagram lint refuses what can never work."""
import pytest

from engine.definitions import registry
from engine.errors import DefinitionInvalid
from tests.helpers import engine_diagrams
from tests.helpers.api_journey import open_task

NOTE = {"note": "办理意见"}


@pytest.fixture
def case_id(app):
    with app.app_context():
        engine_diagrams.deploy("return_crossings.bpmn")
        yield engine_diagrams.start_case("return_crossings")
        engine_diagrams.remove("return_crossings", "return_crossings_sub")


def do(user, name, case_id, data=NOTE):
    task = open_task(user, name, case_id)
    response = user.post(f"/api/v1/tasks/{task['id']}/complete", json=data)
    assert response.status_code == 200, response.get_json()
    return task["id"]


def refused(user, task_id, to, case_view):
    before = case_view()
    response = user.post(f"/api/v1/tasks/{task_id}/return", json={"to": to, "reason": "退回重办"})
    assert response.status_code == 409, response.get_json()
    assert user.get(f"/api/v1/tasks/{task_id}").get_json()["return_targets"] == []
    assert case_view() == before
    return response.get_json()["error"]["message"]


def test_each_crossing_is_refused_by_name(api, case_id):
    applicant, province, samr = api("app-yuncheng"), api("prov-shanxi"), api("samr")

    def case_view():
        case = samr.get(f"/api/v1/cases/{case_id}").get_json()
        return case["updated_at"], case["next_timer_at"], [t["id"] for t in case["active_tasks"]], len(case["history"])

    do(applicant, "first", case_id)
    assert samr.post("/api/v1/admin/clock", json={"advance": "PT2H"}).status_code == 200
    assert samr.post("/api/v1/admin/timers/run").get_json()["fired"]
    after_timer = open_task(province, "after_timer", case_id)["id"]
    message = refused(province, after_timer, "first", case_view)
    assert message.startswith("the timer 等待一小时 (wait) has passed since 第一步 (first)")

    do(province, "after_timer", case_id)
    recall = province.post(f"/api/v1/tasks/{after_timer}/recall")  # its two instances wait
    assert recall.status_code == 409 and "multi-instance task 分别办理 (fan)" in recall.get_json()["error"]["message"]
    do(province, "fan", case_id)
    do(province, "fan", case_id)
    after_fan = open_task(province, "after_fan", case_id)["id"]
    assert "the multi-instance task 分别办理 (fan) has run since 计时之后 (after_timer)" in refused(
        province, after_fan, "after_timer", case_view)

    do(province, "after_fan", case_id)  # into the called process
    recall = province.post(f"/api/v1/tasks/{after_fan}/recall")
    assert recall.status_code == 409
    assert "gone through 子流程 (call_sub) since 多实例之后 (after_fan), a called process" in recall.get_json()["error"]["message"]
    sub_task = do(province, "sub_task", case_id)
    assert "can no longer be recalled" in province.post(f"/api/v1/tasks/{sub_task}/recall").get_json()["error"]["message"]
    after_call = open_task(province, "after_call", case_id)["id"]
    assert "a called process or sub-process" in refused(province, after_call, "after_fan", case_view)

    do(province, "after_call", case_id, {"note": "skip"})  # the optional step is not taken
    last = open_task(province, "last", case_id)["id"]
    assert refused(province, last, "optional", case_view) == "optional has not run yet in this case: there is nothing to send it back to"


def test_the_lint_refuses_return_to_a_later_step_or_another_process():
    xml = engine_diagrams.read("return_crossings.bpmn")["return_crossings.bpmn"]
    form = b'<spiffworkflow:property name="form" value="note" />'
    forward = xml.replace(form, form + b'<spiffworkflow:property name="return_to" value="last" />', 1)
    across = xml.replace(b'name="return_to" value="after_fan"', b'name="return_to" value="sub_task"')
    for edited, why in ((forward, "return_to names 'last', which does not come before this task"),
                        (across, "return_to names 'sub_task', which is not a user task of process return_crossings")):
        with pytest.raises(DefinitionInvalid) as caught:
            registry.parse_bundle({"return_crossings.bpmn": edited}, engine_diagrams.FORMS)
        assert why in caught.value.message
