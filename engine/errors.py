"""Errors the services raise; the web layer maps `status` to the HTTP answer.

A message is written as a template with named parameters,
`Conflict("case {case} is in stage {stage}", case=case.id, stage=case.stage)`, so the web
layer can say it in the user's language (web/errors.py) while `message` stays the English
text for logs and for clients that read it. The engine itself never imports Flask or Babel.
"""
from typing import Any


class Text(str):
    """An English text that keeps its template and parameters (for field messages)."""
    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> "Text":
        made = super().__new__(cls, template.format(**params) if params else template)
        made.template, made.params = template, params
        return made


class EngineError(Exception):
    status = 500
    code = "error"

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None, **params: Any) -> None:
        text = Text(message, **params)
        super().__init__(text)
        self.message = str(text)
        self.template, self.params = message, params
        self.fields = fields or {}


class InvalidInput(EngineError):
    status, code = 400, "invalid_input"


class Forbidden(EngineError):
    status, code = 403, "forbidden"


class NotFound(EngineError):
    status, code = 404, "not_found"


class Conflict(EngineError):
    status, code = 409, "conflict"


class TooLarge(EngineError):
    status, code = 413, "too_large"


class DefinitionInvalid(InvalidInput):
    """A diagram that must not be deployed: carries element id and line where known."""
    code = "definition_invalid"

    def __init__(self, message: str, element: str | None = None, line: int | None = None,
                 file: str | None = None, **params: Any) -> None:
        # Also as fields, so a client (the modeler page) can point at the element or line.
        fields = {k: [str(v)] for k, v in (("file", file), ("line", line), ("element", element)) if v}
        super().__init__(message, fields, **params)
        self.where = ", ".join(f"{k} {v}" for k, v in (("file", file), ("line", line), ("element", element)) if v)
        if self.where:  # the place is no words to translate: it is added after the sentence
            self.message = f"{self.message} ({self.where})"
            self.args = (self.message,)
        self.element, self.line, self.file = element, line, file
