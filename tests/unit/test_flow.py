"""Data flows one way: ladder -> assessments -> reach -> plans -> reviews -> exports ->
reports -> paper -> api, portfolio. An app imports only from the apps before it, so there is no circle and each
can be read without the ones after."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOW = [
    "ladder",
    "assessments",
    "reach",
    "plans",
    "reviews",
    "exports",
    "reports",
    "paper",
    "api",
    "portfolio",
]


def _imported_apps(app):
    found = set()
    for path in (ROOT / app).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            found |= {name.split(".")[0] for name in names} & set(FLOW)
    return found - {app}


@pytest.mark.parametrize("app", FLOW)
def test_an_app_imports_only_from_the_apps_before_it(app):
    later = set(FLOW[FLOW.index(app) + 1 :])
    assert _imported_apps(app) & later == set()
