"""Form widgets: every form in bpmn/forms/ shown in Chinese words only (no variable names, no
codes), the application form's phone, period and evidence inputs, dates in yyyy-mm-dd."""
import html as html_lib
import json
import re
from pathlib import Path

import pytest
from flask import render_template_string
from werkzeug.datastructures import MultiDict

from engine.definitions import forms as engine_forms
from models import HumanTask, db
from tests.helpers.lifecycle_driver import application_form
from tests.helpers.page_client import login, post_form, task_id
from tests.web.test_task_form__validation import field_block, start_case
from web.pages import form_ui

FORMS = sorted((Path(__file__).parents[2] / "bpmn" / "forms").glob("*.json"))
IDENTIFIER = re.compile(r"[A-Za-z]+_[A-Za-z_]+|x-[a-z]+|ISO ?8601|\bP[0-9]+[YMWD]")
FIELDS = ('{% from "tasks/_fields.html" import render_field with context %}'
          '{% for f in fields %}{{ render_field(f) }}{% endfor %}')


def render(app, schema):
    """The fields of a form as the task page renders them (empty form, zh-CN)."""
    with app.test_request_context("/", headers={"Accept-Language": "zh-CN"}):
        fields = form_ui.fields(engine_forms.resolve(schema))
        return render_template_string(FIELDS, fields=fields, values={}, errors={}, docs={},
                                      upload_limit=1024 * 1024, lookup=form_ui.lookup,
                                      as_text=form_ui.as_text, duration_picked=form_ui.duration_picked)


def shown(page):
    """What a person reads: the text between tags, and placeholders and accessible names."""
    text = re.sub(r"<[^>]+>", " ", page)
    attributes = re.findall(r'(?:placeholder|aria-label|title)="([^"]*)"', page)
    return html_lib.unescape(text + " " + " ".join(attributes))


def enum_values(schema):
    for spec in (schema.get("properties") or {}).values():
        yield from spec.get("enum") or (spec.get("items") or {}).get("enum") or []


@pytest.mark.parametrize("path", FORMS, ids=[p.stem for p in FORMS])
def test_no_help_text_or_label_shows_a_variable_name_or_code(app, path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    with app.app_context():
        page = render(app, schema)
        resolved = engine_forms.resolve(schema)
    text = shown(page).replace("yyyy-mm-dd", "")  # the typed-date hint of browsers without a picker
    assert not IDENTIFIER.findall(text), IDENTIFIER.findall(text)
    for value in enum_values(resolved):  # an option's code is never its label
        assert not re.search(rf"(?<![A-Za-z0-9_-]){re.escape(value)}(?![A-Za-z0-9_-])", text), value
    assert not IDENTIFIER.search(schema.get("description", "")) and not IDENTIFIER.search(schema["title"])


@pytest.mark.parametrize("path", FORMS, ids=[p.stem for p in FORMS])
def test_dates_are_date_pickers_and_choices_show_chinese_labels(app, path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    with app.app_context():
        page = render(app, schema)
    for name, spec in schema["properties"].items():
        if spec.get("format") == "date":
            block = field_block(page + "</form>", name)
            assert 'type="date"' in block and 'lang="zh-CN"' in block
        for value in spec.get("enum") or []:
            label = re.search(rf'value="{value}"[^>]*>\s*([^<]+)</label>', page)
            assert label and re.search(r"[\u4e00-\u9fff]", label[1]), (name, value)


def test_the_application_form_asks_with_the_right_widgets(app, client, api):
    applicant, case_id = start_case(api)
    tid = task_id(applicant, "application", case_id)
    login(client, "app-yuncheng")
    page = client.get(f"/tasks/{tid}").data.decode()
    phone = field_block(page, "contact_phone")
    assert 'type="tel"' in phone and "<textarea" not in phone
    assert 'type="text"' in field_block(page, "contact_person")
    period = field_block(page, "creation_period")
    assert 'name="creation_period__years"' in period and 'name="creation_period__months"' in period
    assert re.search(r'name="creation_period__years">.*<option value="2" selected>', period, re.S)  # the default P2Y
    evidence = field_block(page, "condition_platform_economy_evidence")
    assert evidence.index('type="file"') < evidence.index("<textarea")  # uploading comes first
    assert 'rows="5"' in field_block(page, "condition_regulation")


def test_the_period_picker_stores_an_iso_period_in_the_case_data(app, client, api):
    from engine.casework import tasks
    applicant, case_id = start_case(api)
    tid = task_id(applicant, "application", case_id)
    login(client, "app-yuncheng")
    data = {**application_form(), "action": "submit", "creation_period__years": "2", "creation_period__months": "6"}
    del data["creation_period"]
    for name, value in list(data.items()):
        if isinstance(value, list):
            data[name] = "\n".join(value)
    response = post_form(client, f"/tasks/{tid}", data)
    assert response.status_code == 302, response.data.decode()[:2000]
    with app.app_context():
        review = HumanTask.query.filter_by(case_id=case_id, name="initial_review", completed_at=None).one()
        assert tasks.context(review)["creation_period"] == "P2Y6M"


def test_a_draft_period_shows_again_in_the_picker(app, client, api):
    applicant, case_id = start_case(api)
    tid = task_id(applicant, "application", case_id)
    login(client, "app-yuncheng")
    post_form(client, f"/tasks/{tid}", {"creation_period__years": "0", "creation_period__months": "18",
                                        "action": "draft"})
    page = client.get(f"/tasks/{tid}").data.decode()
    assert "此字段" not in field_block(page, "creation_period")
    post_form(client, f"/tasks/{tid}", {"creation_period__years": "1", "creation_period__months": "6", "action": "draft"})
    period = field_block(client.get(f"/tasks/{tid}").data.decode(), "creation_period")
    assert re.search(r'__years">.*<option value="1" selected>', period, re.S)
    assert re.search(r'__months">.*<option value="6" selected>', period, re.S)


def test_typed_dates_and_periods_are_still_accepted(app):
    schema = json.loads((FORMS[0].parent / "creation_application.json").read_text(encoding="utf-8"))
    with app.test_request_context("/"):
        data, errors = form_ui.parse(schema, MultiDict({"creation_period": "P30M"}))
        assert data == {"creation_period": "P30M"} and not errors
        data, errors = form_ui.parse(schema, MultiDict({"creation_period__years": "3", "creation_period__months": "0"}))
        assert data == {"creation_period": "P3Y"}
        data, errors = form_ui.parse(schema, MultiDict({"creation_period__years": "三"}))
        assert "creation_period" in errors and "creation_period" not in data
        review = json.loads((FORMS[0].parent / "initial_review.json").read_text(encoding="utf-8"))
        for typed in ("2026-12-03", "2026/12/3", "2026年12月3日"):
            assert form_ui.parse(review, MultiDict({"amend_deadline": typed}))[0] == {"amend_deadline": "2026-12-03"}


def test_a_form_without_ui_schema_renders_as_before(app):
    """Versions deployed before UI schemas keep their pages: inputs chosen from the schema."""
    schema = json.loads((FORMS[0].parent / "creation_application.json").read_text(encoding="utf-8"))
    schema.pop("x-ui")
    with app.app_context():
        page = render(app, schema) + "</form>"
    assert "<textarea" in field_block(page, "contact_phone")  # the old multi-line box
    assert 'name="creation_period"' in field_block(page, "creation_period")
    assert 'name="upload__creation_plan"' in field_block(page, "creation_plan")


def test_a_picked_period_over_the_limit_is_refused_in_years(app, client, api):
    applicant, case_id = start_case(api)
    tid = task_id(applicant, "application", case_id)
    login(client, "app-yuncheng")
    page = client.get(f"/tasks/{tid}").data.decode()
    years = re.findall(r'<option value="([0-9]+)"', field_block(page, "creation_period").split("__months")[0])
    assert years[-1] == "5"  # the picker offers up to the longest period (3 years + 2 of exception)
    response = post_form(client, f"/tasks/{tid}", {"creation_period__years": "5", "creation_period__months": "6",
                                                   "action": "submit"})
    period = field_block(response.data.decode(), "creation_period")
    assert response.status_code == 400 and "期限最长为 5 年" in period
    assert re.search(r'__months">.*<option value="6" selected>', period, re.S)  # what was picked stays
