"""A task page: the form of the task's definition, errors next to their fields, drafts."""
import re

from engine.casework import drafts
from models import HumanTask, db
from tests.helpers.api_journey import round_id
from tests.helpers.page_client import login, post_form, task_id


def start_case(api):
    applicant = api("app-yuncheng")
    response = applicant.post("/api/v1/cases", json={"round_id": round_id(applicant)})
    return applicant, response.get_json()["id"]


def field_block(html, name):
    start = html.index(f'id="field-{name}"')
    end = html.find('id="field-', start + 1)
    return html[start:end if end > 0 else html.index("</form>", start)]


def test_field_error_is_shown_next_to_its_field_and_nothing_is_saved(app, client, api):
    applicant, case_id = start_case(api)
    tid = task_id(applicant, "application", case_id)
    login(client, "app-yuncheng")
    response = post_form(client, f"/tasks/{tid}", {"contact_person": "王敏", "contact_phone": "call me",
                                                   "action": "submit"})
    html = response.data.decode()
    assert response.status_code == 400
    phone = field_block(html, "contact_phone")
    assert 'class="field-error"' in phone and "格式" in phone          # the pattern, in Chinese
    assert 'aria-invalid="true"' in phone
    assert "必填" in field_block(html, "plan_summary")                  # a required field left empty
    assert 'class="field-error"' not in field_block(html, "contact_person")
    assert 'value="王敏"' in html                                        # what was typed stays
    with app.app_context():
        task = db.session.get(HumanTask, tid)
        assert task.completed_at is None and drafts.of_task(tid) is None
    assert applicant.get(f"/api/v1/cases/{case_id}").get_json()["stage"] == "application"


def test_draft_is_kept_unvalidated_and_shown_again(app, client, api):
    applicant, case_id = start_case(api)
    tid = task_id(applicant, "application", case_id)
    login(client, "app-yuncheng")
    response = post_form(client, f"/tasks/{tid}", {"contact_person": "王敏", "plan_summary": "草稿中的方案",
                                                   "creation_plan": "att-1\natt-2", "action": "draft"})
    assert response.status_code == 200 and "草稿已保存" in response.data.decode()
    html = client.get(f"/tasks/{tid}").data.decode()
    assert "草稿中的方案" in html and re.search(r"att-1\s+att-2", html)
    with app.app_context():
        assert drafts.of_task(tid).data["creation_plan"] == ["att-1", "att-2"]
        assert db.session.get(HumanTask, tid).completed_at is None


def test_valid_submission_moves_the_case_and_drops_the_draft(app, client, api):
    from tests.helpers.api_journey import APPLICATION
    applicant, case_id = start_case(api)
    tid = task_id(applicant, "application", case_id)
    login(client, "app-yuncheng")
    post_form(client, f"/tasks/{tid}", {"contact_person": "王敏", "action": "draft"})
    form = {k: "\n".join(v) if isinstance(v, list) else v for k, v in APPLICATION.items()}
    response = post_form(client, f"/tasks/{tid}", {**form, "action": "submit"})
    assert response.status_code == 302 and f"/cases/{case_id}" in response.headers["Location"]
    assert applicant.get(f"/api/v1/cases/{case_id}").get_json()["stage"] == "initial_review"
    with app.app_context():
        assert drafts.of_task(tid) is None
    assert client.get(f"/tasks/{tid}").status_code == 200  # shows "completed by"


def test_form_without_csrf_token_is_refused(client, api):
    applicant, case_id = start_case(api)
    tid = task_id(applicant, "application", case_id)
    login(client, "app-yuncheng")
    assert client.post(f"/tasks/{tid}", data={"action": "draft"}).status_code == 400
