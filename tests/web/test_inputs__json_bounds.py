"""The JSON bounds of web/inputs.py read the raw bytes, skipping strings: for any JSON text
they refuse exactly those nested deeper than the limit, whatever quotes, backslashes and
brackets its strings hold, escaped or not."""
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import InvalidInput
from web import inputs

TEXTS = st.text(alphabet='[]{}"\\ab/\u957f\n', max_size=12)
VALUES = st.recursive(st.one_of(TEXTS, st.integers(), st.none()),
                      lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXTS, inner, max_size=3)),
                      max_leaves=60)


def depth(value):
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
    return 0 if children is None else 1 + max(map(depth, children), default=0)


def test_depth_is_judged_exactly_with_strings_skipped(app):
    @settings(max_examples=500, deadline=None, derandomize=True, database=None)
    @given(VALUES, st.integers(0, 40), st.booleans())
    def judged(value, wrapping, ascii_only):
        for _ in range(wrapping):
            value = [value]
        body = json.dumps(value, ensure_ascii=ascii_only).encode()
        try:
            inputs.check_json(body)
            refused = False
        except InvalidInput as exc:
            refused = "nests at most" in exc.message
        assert refused == (depth(value) > inputs.MAX_JSON_DEPTH), body

    with app.app_context():
        judged()
