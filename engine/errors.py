"""Errors the services raise; the web layer maps `status` to the HTTP answer."""


class EngineError(Exception):
    status = 500
    code = "error"

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
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
                 file: str | None = None) -> None:
        where = ", ".join(f"{k} {v}" for k, v in (("file", file), ("line", line), ("element", element)) if v)
        # Also as fields, so a client (the modeler page) can point at the element or line.
        fields = {k: [str(v)] for k, v in (("file", file), ("line", line), ("element", element)) if v}
        super().__init__(f"{message} ({where})" if where else message, fields)
        self.element, self.line, self.file = element, line, file
