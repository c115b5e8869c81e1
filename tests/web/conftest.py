"""A real HTTP server and Debian's Chromium, driven by Playwright. Every browser context
the tests open (`new_context`) watches the Content-Security-Policy: a browser test fails
on any violation, and on an HTML page of the server sent without a policy."""
import contextlib
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Chromium reports violations on the console itself; the event adds what it blocked, where.
REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (e) => console.error(
  `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile || document.URL}:${e.lineNumber}`));"""


class CspWatch:
    def __init__(self):
        self.problems, self.pages = [], []

    def attach(self, context):
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("console", self._console)
        context.on("response", self._response)

    def _console(self, message):
        if message.type == "error" and ("CSP violation" in message.text or "Content Security Policy" in message.text):
            self.problems.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def _response(self, response):
        if response.request.resource_type != "document" or not response.url.startswith("http://127.0.0.1"):
            return
        if "text/html" not in response.headers.get("content-type", ""):
            return
        self.pages.append(response.url)
        if "content-security-policy" not in response.headers:
            self.problems.append(f"{response.url}: sent without a Content-Security-Policy")


WATCH = CspWatch()


def new_context(browser, width=1280, height=800):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    WATCH.attach(context)
    return context


def close(context):
    """Close after a round trip to each page, so that its console messages have arrived."""
    for open_page in context.pages:
        with contextlib.suppress(PlaywrightError):  # a page navigating away has nothing left to say
            open_page.evaluate("0")
    context.close()


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


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
