"""Dependencies point down (planner -> exercises -> accounts): no app imports one above it.

Read from the source with ``ast`` rather than by importing, so an import inside a function (the
usual way round a cycle) counts too.
"""

import ast
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent

# app -> the top-level packages it must never import.
FORBIDDEN = {
    "exercises": {"planner", "portal"},
    "accounts": {"planner", "portal", "exercises"},
    "core": {"planner", "portal", "exercises", "accounts"},
}


def imported_modules(tree: ast.AST):
    """(line, module) for every import in the tree, at any depth. Relative imports stay inside
    their own package, so they are skipped."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def forbidden_imports(app: str, forbidden: set[str]) -> list[str]:
    paths = sorted((PROJECT / app).rglob("*.py"))
    assert paths, f"no Python files under {app}/: has the app moved?"
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, module in imported_modules(tree):
            top = module.split(".")[0]
            if top in forbidden:
                found.append(f"{path.relative_to(PROJECT)}:{line} imports {module}")
    return found


@pytest.mark.parametrize(("app", "forbidden"), sorted(FORBIDDEN.items()))
def test_lower_apps_do_not_import_higher_ones(app, forbidden):
    found = forbidden_imports(app, forbidden)
    assert not found, (
        f"{app} must not import {', '.join(sorted(forbidden))} (dependencies point down: "
        "planner -> exercises -> accounts). Move the shared piece down into "
        f"{app} or below, or pass it in from the caller:\n  " + "\n  ".join(found)
    )


def test_the_walk_sees_imports_inside_functions():
    tree = ast.parse("def f():\n    from planner.models import Patient\n    import portal.views\n")
    assert list(imported_modules(tree)) == [(2, "planner.models"), (3, "portal.views")]
