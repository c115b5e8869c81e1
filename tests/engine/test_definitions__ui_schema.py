"""A form's UI schema (its "x-ui" section) is checked when deployed: a widget that does not
exist, a field the form does not have or labels of values it does not take are refused."""
import copy

import pytest

from engine.definitions import registry
from engine.errors import DefinitionInvalid
from models import ProcessDefinition, db

SKELETON = "walking_skeleton.bpmn"


@pytest.fixture
def bundle(app):
    files, forms = registry.read_directory(app.config["BPMN_DIR"])
    return {SKELETON: files[SKELETON]}, forms


def refused(app, files, forms):
    with app.app_context():
        before = ProcessDefinition.query.count()
        with pytest.raises(DefinitionInvalid) as caught:
            registry.deploy(files, forms, "admin")
        db.session.rollback()
        assert ProcessDefinition.query.count() == before
    return caught.value


@pytest.mark.parametrize(("ui", "says"), [
    ({"contact_phone": {"widget": "phone"}}, "unknown widget 'phone'"),
    ({"contact_fax": {"widget": "tel"}}, "'contact_fax', which is not in the form"),
    ({"contact_phone": {"widget": "tel", "colour": "red"}}, "unknown option 'colour'"),
    ({"contact_phone": {"widget": "radio"}}, "needs a field with enum"),
    ({"creation_period": {"widget": "date"}}, None),  # a string field may be shown as a date
    ({"contact_person": {"widget": "duration"}}, "needs a field of format duration"),
    ({"plan_summary": {"rows": 400}}, "rows must be between 1 and 40"),
    ({"plan_summary": {"widget": "file"}}, "needs an array of strings"),
], ids=["unknown widget", "unknown field", "unknown option", "radio without enum", "date on a string",
        "duration on a plain text", "rows", "file on a text"])
def test_a_ui_schema_that_does_not_fit_its_form_is_refused(app, bundle, ui, says):
    files, forms = bundle
    forms = copy.deepcopy(forms)
    forms["application"]["x-ui"] = ui
    if says is None:
        with app.app_context():
            registry.deploy(files, forms, "admin")
            db.session.rollback()
        return
    error = refused(app, files, forms)
    assert says in error.message and "application" in error.message
    assert error.file == "forms/application.json"


def test_labels_must_name_values_of_the_field(app, bundle):
    files, forms = bundle
    forms = copy.deepcopy(forms)
    forms["initial_review"]["x-ui"]["decision"]["labels"]["approve"] = "同意"
    assert "'approve', which is not one of the field's values" in refused(app, files, forms).message
    forms["initial_review"]["x-ui"] = ["decision"]
    assert "must be an object" in refused(app, files, forms).message


def test_forms_without_a_ui_schema_still_deploy(app, bundle):
    """Forms written before UI schemas (and versions deployed then) need none."""
    files, forms = bundle
    forms = {name: {k: v for k, v in schema.items() if k != "x-ui"} for name, schema in forms.items()}
    with app.app_context():
        created = registry.deploy(files, forms, "admin")
        assert [d.key for d in created] == ["walking_skeleton"]
        db.session.rollback()
