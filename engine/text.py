"""One policy for the text people send: form fields, file names, objections, plan reports,
opinions, query strings.

Refused are the characters that make a text read differently from what it stores or
break what it is written to: C0/C1 controls (tab and line breaks aside), the bidirectional
embeddings, overrides and isolates (`invoice` U+202E `fdp.exe` reads `invoiceexe.pdf`), and lone
surrogates (only a JSON `\\ud800` escape makes one; no database can store it). A file
name is one line besides. Honest text in any script — Chinese, Arabic, emoji — passes
unchanged: nothing is ever silently stripped.
"""
import re
from collections.abc import Collection
from pathlib import PurePosixPath

from engine.errors import InvalidInput, Text

_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_FORBIDDEN = re.compile(f"[{_CONTROLS}]")
_FORBIDDEN_IN_NAME = re.compile(f"[{_CONTROLS}\t\n\r\u2028\u2029]")
MESSAGE = Text("contains control or text-direction characters")  # a Text: the web layer says it in Chinese
MAX_NAME = 255


class InvalidText(InvalidInput):
    """Text the policy refuses (the API answers it like any invalid input, 400 with the
    fields named; pages tell it apart from other refusals)."""


def has_forbidden(value: object, one_line: bool = False) -> bool:
    """Whether `value` (a text, or keys and values of nested dicts and lists) breaks the policy."""
    pattern = _FORBIDDEN_IN_NAME if one_line else _FORBIDDEN
    stack: list[object] = [value]
    while stack:  # iterative: a deeply nested value is no recursion hazard here
        item = stack.pop()
        if isinstance(item, str):
            if pattern.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return False


def check(fields: dict[str, object], one_line: Collection[str] = ()) -> None:
    """Raise InvalidText naming every field of `fields` ({name: value}) that breaks the
    policy; the names in `one_line` may not hold a line break or tab either."""
    bad: dict[str, list[str]] = {name: [MESSAGE] for name, value in fields.items() if has_forbidden(value, name in one_line)}
    if bad:
        raise InvalidText("{bad} {message_value}", bad, bad=', '.join(sorted(bad)), message_value=MESSAGE)


def file_name(filename: object, field: str = "file", limit: int = MAX_NAME) -> str:
    """The last path segment of an uploaded file's name, checked: a clear 400 naming the
    field rather than a name that displays as something else."""
    name = PurePosixPath(str(filename or "").replace("\\", "/")).name.strip()
    if has_forbidden(name, one_line=True):
        raise InvalidText("the file name {name!r} {message_value}", {field: [Text("file name {message_value}", message_value=MESSAGE)]}, name=shown(name), message_value=MESSAGE)
    return name[:limit]


def shown(value: str) -> str:
    """`value` with every refused character made visible as U+FFFD, for messages."""
    return _FORBIDDEN_IN_NAME.sub("\ufffd", value)
