"""Layers go one way: web → engine → models. Lower layers never import higher ones."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(package):
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield path, node.module


@pytest.mark.parametrize("package, forbidden", [
    ("models", ("flask", "flask_login", "flask_wtf", "flask_babel", "marshmallow", "web", "engine", "seeds",
                "SpiffWorkflow")),
    ("engine", ("flask", "flask_login", "flask_wtf", "flask_babel", "flask_smorest", "web", "seeds")),
    ("seeds", ("flask", "web", "SpiffWorkflow")),  # the demo programme drives the engine
    ("web", ("SpiffWorkflow",)),
])
def test_import_direction(package, forbidden):
    offenders = [f"{path.relative_to(ROOT)} imports {name}" for path, name in imported_modules(package)
                 if name.split(".")[0] in forbidden]
    assert offenders == []
