"""Fixtures of the end-to-end tier: a live server for browsers, and a headless Chromium page on it."""
from __future__ import annotations

import pathlib
import re
import shutil
import threading

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts"
CSP_VIOLATION = re.compile(r"Content.Security.Policy|Refused to", re.I)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"]


@pytest.fixture
def live_server(app):
    """The app served by werkzeug on 127.0.0.1 and a free port, in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def browser_problems() -> list[str]:
    """What fails a browser test at its end: uncaught page errors, and every Content-Security-Policy violation the
    browser reports in the console. A test that provokes one on purpose takes it out of this list."""
    return []


@pytest.fixture
def page(live_server, browser_problems):
    chromium = shutil.which("chromium")
    assert chromium, "Debian chromium is required: apt-get install -y chromium"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=ARGS)
        tab = browser.new_page(base_url=live_server, viewport={"width": 1100, "height": 800})
        tab.on("pageerror", lambda exc: browser_problems.append(f"page error: {exc}"))
        tab.on("console", lambda message: _note_csp_violation(message, browser_problems))
        yield tab
        browser.close()
        assert not browser_problems, browser_problems


def _note_csp_violation(message, problems: list[str]) -> None:
    if CSP_VIOLATION.search(message.text):
        problems.append(f"{message.type} at {message.location.get('url')}: {message.text}")


def pytest_collection_modifyitems(items):
    """schemathesis names each operation's test ``test_…[GET /api/v1/…]``, but on pytest 9 the node ids of those
    tests are all the bare function's; pytest-xdist tells tests apart by node id, so only one would run. Give each
    the operation as its id's parameters (pytest's own `NodeId.with_params`)."""
    for item in items:
        label = getattr(item, "operation_label", None)
        if label and item._id.params is None:
            item._id = item._id.with_params(label)
