"""The checks a form edited in the browser passes before it is stored: every form the
diagrams use today passes them (so each can be opened and saved again unchanged), and what
would fail later — on deploy, on the page, or on a submission — is refused now, naming the field."""
import json

import pytest

from engine.definitions import formcheck
from engine.errors import InvalidInput
from tests.helpers.diagram_variants import BPMN_DIR

FORMS = sorted((BPMN_DIR / "forms").glob("*.json"))


@pytest.mark.parametrize("path", FORMS, ids=[p.stem for p in FORMS])
def test_every_form_of_the_diagrams_passes(app, path):
    with app.app_context():
        formcheck.check(path.stem, json.loads(path.read_text(encoding="utf-8")))


def refused(schema, name="legal_check"):
    with pytest.raises(InvalidInput) as caught:
        formcheck.check(name, schema)
    return caught.value.fields


def form(**spec):
    return {"type": "object", "properties": {"a": spec}}


@pytest.mark.parametrize("spec,why", [
    ({"type": "integer", "minimum": 5, "maximum": 1}, "the minimum is greater than the maximum"),
    ({"type": "string", "enum": [{"x": 1}]}, "the values must be texts or numbers"),
    ({"type": "string", "enum": ["a", "a"]}, "the list of values must be non-empty and each value only once"),
    ({"type": "string", "x-options": "users:mayor"}, "x-options names people"),
    ({"type": "string", "format": "duration", "x-max-duration": "no_such_setting"}, "x-max-duration names"),
    ({"type": "date"}, "the type must be one of"),
    ({"type": "string", "maxLength": "long"}, "not valid JSON Schema"),
])
def test_a_field_that_would_fail_later_is_refused_by_name(app, spec, why):
    with app.app_context():
        assert any(why in message for message in refused(form(**spec))["a"])


def test_the_form_as_a_whole_and_its_name(app):
    with app.app_context():
        assert "_form" in refused({"type": "object", "properties": {}})
        assert "_form" in refused({"type": "array", "items": {}})
        assert "opinion" in refused({"type": "object", "properties": {"opinion": {"type": "string"}}})
        assert "b" in refused({"type": "object", "required": ["b"], "properties": {"a": {"type": "string"}}})
        assert "a" in refused({"type": "object", "properties": {"a": {"type": "string"}}, "x-ui": {"a": {"widget": "radio"}}})
        assert "name" in refused(form(type="string"), name="Legal Check")
        assert formcheck.check("new", {"type": "object", "properties": {}}, empty_ok=True)  # a preview just begun
