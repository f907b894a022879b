"""Data flows one way: ladder -> assessments -> reach -> plans -> reviews -> exports ->
reports -> paper -> api, portfolio. An app imports only from the apps before it, so there is
no circle and each can be read without the ones after."""

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


@pytest.mark.parametrize("app", ["assessments", "reviews"])
def test_an_app_tells_later_ones_by_signals_it_owns_never_by_importing_them(app):
    """assessments and reviews announce submission, sharing and sign-off (events.py) and
    reports, after them, cuts a stored version: the events module needs nothing but Django."""
    tree = ast.parse((ROOT / app / "events.py").read_text())
    modules = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in getattr(node, "names", [])
    }
    assert modules == {"django.dispatch"}
