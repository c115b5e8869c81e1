"""The test folders hold tests and fixtures only; what tests share lives in tests/helpers/,
so a contributor finds a helper in one place and pytest never collects one as a test."""
from pathlib import Path

TESTS = Path(__file__).resolve().parent
HELPERS = TESTS / "helpers"


def test_test_folders_hold_only_tests_fixtures_and_packages():
    strays = [str(path.relative_to(TESTS)) for path in TESTS.rglob("*.py")
              if HELPERS not in path.parents
              and not (path.name.startswith("test_") or path.name in ("conftest.py", "__init__.py"))]
    assert strays == [], "move these into tests/helpers/"


def test_helpers_are_not_named_like_tests():
    assert [p.name for p in HELPERS.glob("test_*.py")] == []
