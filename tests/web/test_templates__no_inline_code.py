"""The pages' Content-Security-Policy allows no inline script or style: no template may hold
one, also on pages that no browser test visits."""
import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"
INLINE = re.compile(r'<script(?![^>]*\b(?:src=|type="application/json"))[^>]*>|<style\b|\sstyle="|\son[a-z]+="',
                    re.IGNORECASE)


@pytest.mark.parametrize("template", sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html")))
def test_template_holds_no_inline_script_or_style(template):
    found = [m.group(0) for m in INLINE.finditer((TEMPLATES / template).read_text(encoding="utf-8"))]
    assert found == []
