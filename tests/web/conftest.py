"""A real HTTP server and Debian's Chromium, driven by Playwright. Every browser context
the tests open (`new_context`) watches the Content-Security-Policy: a browser test fails
on any violation, and on an HTML page of the server sent without a policy."""
import subprocess
from pathlib import Path

import pytest

from tests.helpers.browser_people import WATCH, close, new_context, serving

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def live_server(app):
    # The modeler page loads the esbuild bundle (`make assets`: rebuilt only when its sources change).
    subprocess.run(["make", "-s", "assets"], cwd=ROOT, check=True, timeout=300)
    with serving(app) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def no_csp_violation(request):
    WATCH.problems, WATCH.pages = [], []
    yield
    if request.node.get_closest_marker("browser"):
        assert WATCH.problems == [], "\n".join(WATCH.problems)


@pytest.fixture
def page(browser):
    context = new_context(browser)
    yield context.new_page()
    close(context)

