"""docs/api.md lists exactly the routes the app serves under /api/v1, so the contract
document cannot silently go stale: a new route without its row fails here, and so does a
row for a route that is gone.

Rows of the route tables look like `| GET | `/api/v1/cases/{case_id}` | …` (several
methods as `PUT, PATCH`); path parameters are written as in the OpenAPI document.
"""
import re
from pathlib import Path

from web import create_app

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
PREFIX = "/api/v1"
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
ROW = re.compile(r"^\|\s*([A-Z, ]+?)\s*\|\s*`(/api/v1[^`]*)`\s*\|", re.MULTILINE)


def documented():
    """(method, path) of every route-table row in docs/api.md, and any listed twice."""
    pairs, twice = set(), set()
    for methods, path in ROW.findall(DOC.read_text(encoding="utf-8")):
        for method in (m.strip() for m in methods.split(",")):
            assert method in METHODS, f"docs/api.md: unknown method {method!r} for {path}"
            (twice if (method, path) in pairs else pairs).add((method, path))
    return pairs, twice


def served():
    """(method, path) of every /api/v1 rule, `<int:case_id>` written as `{case_id}`."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x",
                      "ADJUSTABLE_CLOCK": True})
    return {(method, re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule))
            for rule in app.url_map.iter_rules() if rule.rule.startswith(PREFIX + "/")
            for method in rule.methods & METHODS}


def test_every_api_route_is_in_the_contract_document():
    missing = served() - documented()[0]
    assert not missing, ("routes missing from docs/api.md (add a row to its area's table): "
                         + ", ".join(f"{m} {p}" for m, p in sorted(missing, key=lambda x: (x[1], x[0]))))


def test_the_contract_document_lists_no_route_the_app_lacks():
    pairs, twice = documented()
    gone = pairs - served()
    assert not gone, "docs/api.md lists routes the app does not serve: " + ", ".join(
        f"{m} {p}" for m, p in sorted(gone, key=lambda x: (x[1], x[0])))
    assert not twice, f"docs/api.md lists routes twice: {sorted(twice)}"


def test_the_route_tables_are_read():
    """The parser's own check: if it matched no row, a renamed prefix would pass silently."""
    assert len(documented()[0]) > 50
