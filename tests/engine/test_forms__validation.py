"""A task form refuses what its submitter would not see as sent: control and text-direction
characters anywhere in a field (inside array items, nested objects, their keys), unknown
fields, missing required ones; every refusal names its field, once."""
import pytest

from engine.definitions import forms
from engine.errors import InvalidInput
from engine.text import MESSAGE

SCHEMA = {
    "type": "object",
    "required": ["decision"],
    "properties": {
        "decision": {"type": "string", "enum": ["pass", "return"]},
        "reasons": {"type": "string", "maxLength": 20},
        "items": {"type": "array", "items": {"type": "string"}, "maxItems": 3},
        "figures": {"type": "object"},
        "period": {"type": "string", "format": "duration", "x-max-duration": "P5Y"},
    },
}


def refused(data, schema=SCHEMA):
    with pytest.raises(InvalidInput) as caught:
        forms.validate(schema, data)
    return caught.value.fields


def test_an_honest_submission_is_returned_as_it_came(app):
    data = {"decision": "pass", "reasons": "材料齐全。", "items": ["一", "二"], "figures": {"销售额": 12},
            "period": "P3Y"}
    with app.app_context():
        assert forms.validate(SCHEMA, data) is data


@pytest.mark.parametrize("field, value", [
    ("items", ["正常", "含\u202e反向"]),            # one array item of several
    ("items", ["\x00", "正常"]),
    ("figures", {"说明": {"内层": "a\x1bb"}}),       # a value two objects deep
    ("figures", {"键\u2066": 1}),                    # a key
    ("figures", {"list": [1, 2, {"x": "\x7f"}]}),    # an object in a list in an object
    ("reasons", "末尾\x08"),
])
def test_control_and_direction_characters_anywhere_in_a_field_are_refused(app, field, value):
    with app.app_context():
        fields = refused({"decision": "pass", field: value})
    assert fields == {field: [MESSAGE]}


def test_unknown_and_missing_fields_are_named(app):
    with app.app_context():
        fields = refused({"colour": "red"})
    assert set(fields) == {"colour", "decision"}
    assert [str(m) for m in fields["decision"]] == ["required field is missing"]
    assert [str(m) for m in fields["colour"]] == ["unknown field"]


def test_each_fields_errors_are_said_once_and_in_the_forms_words(app):
    with app.app_context():
        fields = refused({"decision": "maybe", "reasons": "长" * 21, "items": ["a", "b", "c", "d"]})
    assert set(fields) == {"decision", "reasons", "items"}
    assert [str(m) for m in fields["decision"]] == ["'maybe' is not one of ['pass', 'return']"]
    assert [str(m) for m in fields["items"]] == ["expected at most 3 items"]
    assert len(fields["reasons"]) == 1 and "too long" in str(fields["reasons"][0])


def test_a_duration_beyond_its_bound_is_refused_with_the_bound(app):
    with app.app_context():
        fields = refused({"decision": "pass", "period": "P6Y"})
        assert forms.validate(SCHEMA, {"decision": "pass", "period": "P5Y"})
    assert [str(m) for m in fields["period"]] == ["P6Y is longer than P5Y, the longest allowed"]


def test_the_data_must_be_an_object(app):
    with app.app_context(), pytest.raises(InvalidInput):
        forms.validate(SCHEMA, ["decision", "pass"])


def test_a_people_field_offers_and_accepts_only_active_holders_of_the_role(app):
    schema = {"type": "object", "properties": {
        "experts": {"type": "array", "x-options": "users:expert", "items": {"type": "string"}},
        "lead": {"type": "string", "x-options": "users:expert"}}}
    with app.app_context():
        resolved = forms.resolve(schema)
        assert resolved["properties"]["experts"]["items"]["enum"] == ["expert1", "expert2", "expert3"]
        assert resolved["properties"]["lead"]["enum"] == ["expert1", "expert2", "expert3"]
        assert "enum" not in schema["properties"]["lead"]  # the shared form is never changed
        assert forms.validate(resolved, {"experts": ["expert1"], "lead": "expert2"})
        assert set(refused({"experts": ["samr"], "lead": "nobody"}, resolved)) == {"experts", "lead"}
        assert forms.option_labels("users:expert")["expert1"] == "评估专家一"
        assert forms.option_labels("rounds:all") == {}
