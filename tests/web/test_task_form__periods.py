"""A creation period longer than the law allows is refused on the task page, in Chinese,
next to its field: at most max_creation_period plus the exception cap (P3Y + P2Y), said in
years (5 年), not in the settings' codes."""
from tests.helpers.page_client import login, post_form, task_id
from tests.web.test_task_form__validation import field_block, start_case


def test_an_endless_creation_period_is_refused_next_to_its_field(app, client, api):
    applicant, case_id = start_case(api)
    tid = task_id(applicant, "application", case_id)
    login(client, "app-yuncheng")
    response = post_form(client, f"/tasks/{tid}", {"creation_period": "P99999999999999Y", "action": "submit"})
    assert response.status_code == 400
    period = field_block(response.data.decode(), "creation_period")
    assert 'class="field-error"' in period and "期限最长为 5 年" in period, period
    assert "P3Y" not in period
    response = post_form(client, f"/tasks/{tid}", {"creation_period": "three years", "action": "submit"})
    assert "例如 P2Y" in field_block(response.data.decode(), "creation_period")
