"""A form may not name a field `opinion`: every completion takes the opinion (办理意见) beside
the form's fields under that key, so such a field could never be filled in."""
import pytest

from engine.definitions import registry
from engine.errors import DefinitionInvalid
from models import db

SKELETON = "walking_skeleton.bpmn"


def test_a_form_with_an_opinion_field_is_refused(app):
    with app.app_context():
        files, forms = registry.read_directory(app.config["BPMN_DIR"])
        review = forms["initial_review"]
        forms = dict(forms, initial_review={**review, "properties": {**review["properties"], "opinion": {"type": "string"}}})
        try:
            with pytest.raises(DefinitionInvalid) as refused:
                registry.deploy({SKELETON: files[SKELETON]}, forms, "admin")
        finally:
            db.session.rollback()
    assert "'opinion'" in refused.value.message and refused.value.element == "initial_review"
