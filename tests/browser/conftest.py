"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Never downloads a browser. Without /usr/bin/chromium these tests are skipped with a reason, unless
REQUIRE_BROWSER=1 (as in .ci/run), where a missing browser is a failure.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in the test thread; the test itself only calls the
# ORM between browser steps, never inside the loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(message + " (REQUIRE_BROWSER=1)")
    skip = pytest.mark.skip(reason=message)
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": LAUNCH_ARGS}


@pytest.fixture
def shot(page):
    """Save a full-page screenshot into test-artifacts/ for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture(scope="session", autouse=True)
def _migrated_rows_restorable_inside_playwrights_loop(request, django_db_setup):
    """Let serialized-rollback tests restore the migrated rows once Playwright is running.

    Django keeps a thread's connections apart per running event loop, and Playwright's sync API
    leaves one running in this thread: from the first browser test on, `connections["default"]`
    is a new connection object. The rows the migrations made (permissions, atrophy types, safety
    notes) are kept for restoring on the connection that created the test database, so a browser
    test after `tests/planner`' serialized tests (which leave the database empty) started with no
    rows at all. Create the database first, then start Playwright, then hand the kept rows to the
    connections used inside its loop."""
    kept = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    request.getfixturevalue("playwright")
    for alias, contents in kept.items():
        connections[alias]._test_serialized_contents = contents
