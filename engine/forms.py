"""Form definitions are JSON Schema documents; submissions are checked against them."""
from jsonschema import Draft202012Validator, FormatChecker

from .errors import InvalidInput

_FORMATS = FormatChecker()


def validate(schema: dict, data) -> dict:
    """Return the submission if it fits the form; else raise with errors per field."""
    if not isinstance(data, dict):
        raise InvalidInput("the form data must be a JSON object")
    fields = {}
    known = schema.get("properties", {})
    for name in data:
        if name not in known:
            fields.setdefault(name, []).append("unknown field")
    for error in Draft202012Validator(schema, format_checker=_FORMATS).iter_errors(data):
        if error.validator == "required" and not error.absolute_path:
            for name in error.validator_value:
                if name not in data and name not in fields:
                    fields[name] = ["required field is missing"]
            continue
        name = str(error.absolute_path[0]) if error.absolute_path else "_form"
        fields.setdefault(name, []).append(error.message)
    if fields:
        raise InvalidInput("the form has errors: " + ", ".join(sorted(fields)), fields)
    return data
