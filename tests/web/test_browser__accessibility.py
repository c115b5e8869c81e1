"""Every main page of the living demo, as the people who use it see it: axe-core finds no
serious or critical accessibility problem, and on a phone (390 px wide) nothing scrolls
sideways. Every role's inbox with its work, a task form and the English page are
screenshot (test-output/screenshots/; docs/screenshots/ keeps three for the README)."""
import pytest

from engine import clock
from models import db
from tests.helpers.axe import assert_accessible, assert_fits
from tests.helpers.browser_people import Person, serving
from tests.helpers.living_demo import demo_app, demo_database, init_db_demo
from web.extensions import limiter

pytestmark = pytest.mark.browser
PHONE = 390
PAGES = [  # (name, who, path): the screenshot's name, the account (None: a visitor), the page
    ("login", None, "/login"),
    ("public-notices", None, "/public/"),
    ("public-zones", None, "/public/zones"),
    ("public-experiences", None, "/public/experiences"),
    ("inbox-samr", "samr", "/inbox"),
    ("inbox-province", "prov-shanxi", "/inbox"),
    ("inbox-applicant", "app-yuncheng", "/inbox"),
    ("inbox-expert", "expert1", "/inbox"),
    ("inbox-member-unit", "unit-yuncheng-commerce", "/plan-work"),
    ("cases", "prov-shanghai", "/cases"),
    ("dashboard", "samr", "/dashboard"),
    ("rounds", "samr", "/rounds"),
    ("account", "app-yuncheng", "/account/password"),
    ("definitions", "admin", "/admin/definitions"),
]


@pytest.fixture(scope="module")
def demo(database_url, tmp_path_factory):
    directory = tmp_path_factory.mktemp("demo")
    url = demo_database(database_url, directory)
    init_db_demo(url, directory / "files")
    app = demo_app(url, directory / "files")
    with app.app_context():
        clock.clock.refresh()  # the offset is the demo database's
    with serving(app) as base:
        yield base
    with app.app_context():
        db.session.remove()


@pytest.fixture
def people(browser, demo):
    limiter.reset()  # sign-ins are throttled per address (20 a minute): each test starts afresh
    opened = []

    def person(username, width=1280):
        opened.append(Person(browser, demo, username, width=width))
        return opened[-1]
    yield person
    for each in opened:
        each.close()


@pytest.mark.parametrize(("name", "username", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_main_page_is_accessible_and_fits_a_phone(people, name, username, path):
    person = people(username)
    page = person.go(path)
    page.wait_for_load_state("networkidle")  # the dashboard draws its charts after loading
    assert page.locator("main").count() == 1
    assert_accessible(page, name)
    person.shot(name, full_page=False)
    on_phone = people(username, PHONE)
    on_phone.go(path).wait_for_load_state("networkidle")
    assert_fits(on_phone.page, name)
    on_phone.shot(f"{name}-phone", full_page=False)


def first_task(person, task):
    page = person.go("/inbox")
    link = page.locator(f'a[data-task="{task}"]')
    assert link.count() >= 1, f"{person.username} has no {task}: {page.locator('main').inner_text()[:600]}"
    link.first.click()
    page.wait_for_selector("form[enctype]")
    return page


@pytest.mark.parametrize(("username", "task"), [("prov-shanxi", "initial_review"), ("expert1", "expert_scoring"),
                                                ("app-datong", "amendment")])
def test_task_form_is_accessible_and_fits_a_phone(people, username, task):
    person = people(username)
    page = first_task(person, task)
    assert_accessible(page, f"form {task}")
    person.shot(f"form-{task}", full_page=False)
    phone = first_task(people(username, PHONE), task)
    assert_fits(phone, f"form {task}")


def test_case_page_is_accessible_and_fits_a_phone(people):
    samr = people("samr")
    page = samr.go("/cases")
    page.locator('main a[href^="/cases/"]').first.click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page, "case")
    samr.shot("case", full_page=False)
    phone = people("samr", PHONE).go(page.url.removeprefix(samr.base))
    assert_fits(phone, "case")


def test_english_page_is_accessible(people):
    samr = people("samr")
    page = samr.go("/inbox")
    page.get_by_role("link", name="English").click()
    assert "My tasks" in page.locator("h1").inner_text()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page, "inbox in English")
    samr.shot("inbox-english", full_page=False)


def test_the_favicon_answers_where_browsers_look(people):
    page = people(None).go("/login")
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    for path in (icon, "/favicon.ico"):
        response = page.request.get(f"{people(None).base}{path}")
        assert response.status == 200 and response.headers["content-type"].startswith("image/svg+xml"), path
        assert response.body().startswith(b"<svg")
