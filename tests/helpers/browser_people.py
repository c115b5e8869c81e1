"""People in a real browser: one Chromium context per account, logged in through the pages;
every context watches the Content-Security-Policy; screenshots of what they see go under
test-output/screenshots/."""
import contextlib
import json
import re
import threading
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from werkzeug.serving import make_server

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


def screenshot(page, name, full_page=True):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


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


@contextlib.contextmanager
def serving(app):
    """The app behind a real HTTP server on loopback; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


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


class Person:
    def __init__(self, browser, live_server, username=None, width=1280, height=800):
        self.base, self.username = live_server, username
        self.context = new_context(browser, width, height)
        self.page = self.context.new_page()
        if username:
            self.log_in()

    def log_in(self):
        page = self.page
        page.goto(f"{self.base}/login")
        page.get_by_label("用户名").fill(self.username)
        page.get_by_label("密码").fill("demo-password")
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{self.base}/inbox")

    def go(self, path):
        self.page.goto(f"{self.base}{path}")
        return self.page

    def open_task(self, name, case_id, claim=False):
        """Find the task in the inbox by its BPMN id and open it."""
        page = self.go(f"/inbox?case={case_id}")
        link = page.locator(f'a[data-task="{name}"][data-case="{case_id}"]')
        assert link.count() >= 1, f"{self.username} has no task {name}: {page.locator('main').inner_text()[:800]}"
        link.first.click()
        page.wait_for_selector("form[enctype]")
        return page

    def submit(self, expect_path=None):
        self.page.get_by_role("button", name="提交", exact=True).click()
        self.page.wait_for_load_state()
        errors = self.page.locator(".field-error, .error[role=alert]")
        assert errors.count() == 0, errors.all_inner_texts()
        return self.page

    def shot(self, name, full_page=True):
        screenshot(self.page, name, full_page)

    def close(self):
        close(self.context)


def fill(page, data, prefix="", optional=()):
    """Fill a rendered task form from form data as the API would take it (nested objects are
    fields named by dotted paths; keys in `optional` are skipped when the form has no such field)."""
    for key, value in data.items():
        name = prefix + key
        here = page.locator(f'[name="{name}"]')
        if here.count() == 0 and page.locator(f'[name="{name}__years"]').count():
            pick_period(page, name, value)
            continue
        if here.count() == 0 and not isinstance(value, dict):
            if key in optional:
                continue
            raise AssertionError(f"the form has no field {name}")
        if isinstance(value, dict):
            if here.count():  # typed as JSON
                here.fill(json.dumps(value, ensure_ascii=False))
            else:
                fill(page, value, name + ".", optional)
        elif isinstance(value, bool):
            page.locator(f'input[name="{name}"][value="{str(value).lower()}"]').check()
        elif isinstance(value, list):
            boxes = page.locator(f'input[type=checkbox][name="{name}"]')
            if boxes.count():
                for item in value:
                    page.locator(f'input[type=checkbox][name="{name}"][value="{item}"]').check()
            else:  # typed references (folded under the upload of a file widget)
                here.evaluate("e => { const d = e.closest('details'); if (d) d.open = true; }")
                here.fill("\n".join(str(v) for v in value))
        else:
            radio = page.locator(f'input[type=radio][name="{name}"][value="{value}"]')
            if radio.count():
                radio.check()
            elif here.evaluate("e => e.tagName") == "SELECT":
                here.select_option(str(value))
            else:
                here.fill(str(value))


def pick_period(page, name, value):
    """Choose an ISO 8601 period of years and months (P2Y, P30M) in a duration picker."""
    match = re.fullmatch(r"P(?:([0-9]+)Y)?(?:([0-9]+)M)?", value)
    assert match, f"{value} is not a period of years and months"
    years, months = divmod(int(match[1] or 0) * 12 + int(match[2] or 0), 12)
    page.locator(f'select[name="{name}__years"]').select_option(str(years))
    page.locator(f'select[name="{name}__months"]').select_option(str(months))
