"""The one text policy (engine/text.py): honest text in any script passes unchanged;
controls, text-direction overrides and lone surrogates are refused with the field named;
a file name is one line and only its last path segment."""
import pytest

from engine import text
from engine.text import InvalidText

HONEST = ["同意推荐。Agree — نعم · Да · はい · 한국 · ①②③ · 𠀀 · 👍", "第一段。\n第二段。\r\n\t缩进",
          "עברית ומספרים 123", "[{\"not\": \"json\"}]", "zero\u200bwidth and soft\u00adhyphen"]
REFUSED = {"NUL": "a\x00b", "escape": "\x1b[31mred", "backspace": "ab\x08c", "C1 next line": "a\x85b",
           "delete": "a\x7f", "right-to-left override": "invoice\u202efdp.exe", "left-to-right embedding": "\u202ax",
           "pop directional formatting": "x\u202c", "first strong isolate": "\u2068x\u2069",
           "lone surrogate": "a\ud800b"}


@pytest.mark.parametrize("value", HONEST)
def test_honest_text_passes(value):
    assert not text.has_forbidden(value)
    text.check({"reasons": value})


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_controls_overrides_and_surrogates_are_refused_with_the_field_named(kind):
    with pytest.raises(InvalidText) as refused:
        text.check({"reasons": "好", "content": REFUSED[kind], "name": "李"})
    assert refused.value.fields == {"content": [text.MESSAGE]} and refused.value.status == 400


def test_nested_values_and_keys_are_checked_without_recursion():
    assert text.has_forbidden({"figures": {"额\u202e": 1}})
    assert text.has_forbidden([[["ok", "\x00"]]])
    deep = "x"
    for _ in range(100_000):
        deep = [deep]
    assert not text.has_forbidden(deep)


def test_a_name_is_one_line():
    text.check({"content": "多行\n文字"}, one_line=("name",))
    with pytest.raises(InvalidText) as refused:
        text.check({"name": "李\n女士", "contact": "电话\t123"}, one_line=("name", "contact"))
    assert set(refused.value.fields) == {"name", "contact"}


def test_file_names_keep_their_last_segment_and_refuse_hidden_direction():
    assert text.file_name("C:\\Users\\王敏\\创建方案.pdf") == "创建方案.pdf"
    assert text.file_name("../../etc/passwd") == "passwd"
    assert text.file_name("  照片 1.jpg ") == "照片 1.jpg"
    assert len(text.file_name("长" * 300 + ".pdf")) == 255
    for hostile in ("invoice\u202efdp.exe", "a\nb.pdf", "a\tb.pdf", "x\x00.pdf"):
        with pytest.raises(InvalidText) as refused:
            text.file_name(hostile, field="upload")
        assert "upload" in refused.value.fields
        assert "\ufffd" in refused.value.message and "\u202e" not in refused.value.message
