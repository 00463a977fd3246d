"""Browser suite: Playwright driving Debian's chromium (never a downloaded browser), axe-core from npm.

The demo data is loaded once (tests/conftest.py) and served by pytest-django's live server; tests
here use the browser only, so they never hold a database transaction the server cannot see.
"""

import functools
import json
import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by fixtures here
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    assert executable, (
        "Debian's chromium is required: apt-get install -y chromium (make test installs it)"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker):
    """A test database with the demo data for the whole browser session.

    pytest-django only creates test databases for tests marked `django_db`; browser tests are not
    (they must not hold a transaction the server cannot see), so the database is set up here.
    """
    from django.core.management import call_command
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, keepdb=False)
        call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=0)


@pytest.fixture(scope="session")
def server(django_db_setup, django_db_blocker):
    """A live server over the demo data for the whole session.

    Not pytest-django's `live_server`: that one flushes the database after every test, and the
    browser suite walks through the same demo data from test to test, like a person would.
    """
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        live = LiveServer("localhost")
        yield live
        live.stop()


@pytest.fixture
def page(browser, server):
    # bypass_csp lets the test inject axe-core into pages that forbid inline scripts.
    context = browser.new_context(base_url=server.url, locale="fi-FI", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def admin_page(browser, server):
    """A page whose browser asks for English: the admin in English, so that a test reads the
    buttons a person reads."""
    context = browser.new_context(base_url=server.url, locale="en-GB", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def axe_violations(page):
    page.add_script_tag(content=AXE_SOURCE)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], f"axe violations on {page.url}:\n{json.dumps(violations, indent=2)}"


@pytest.fixture
def sign_in(django_db_blocker):
    """`sign_in(page, username, password=DEMO_PASSWORD, next_url=None)`: through the login page,
    typing the user's current two-factor code when it is asked for (tests/e2e/auth.py)."""
    from .auth import sign_in

    return functools.partial(sign_in, blocker=django_db_blocker)


@pytest.fixture
def db_access(django_db_blocker):
    """For a browser test that must look into the database itself (rarely needed)."""
    with django_db_blocker.unblock():
        yield


def sign_in_afresh(page, sign_in, username):
    """Sign in as another user in the same browser (the previous session's cookies dropped)."""
    page.context.clear_cookies()
    sign_in(page, username)


def make_draft_brochure(year):
    """Kainuu's Finnish brochure for `year` as a draft of its own (the demo's 2026 one is approved,
    2027 awaits approval), made once for the browser session."""
    from materials.models import Brochure
    from regions.models import Region

    brochure = Brochure.objects.filter(region__slug="kainuu", year=year, language="fi").first()
    if brochure is None:
        brochure = Brochure(region=Region.objects.get(slug="kainuu"), year=year, language="fi")
        brochure.compile_lists()
        brochure.fill_from_template()
        brochure.save()
        brochure.save_revision()
    return brochure


# The language switcher's link of each language but Finnish.
LANGUAGE_LINKS = {"sv": "Svenska", "en": "English", "fi-x-selko": "Selkosuomi"}


def venue_page_from_home(page, venue, region="Kainuu"):
    """Home → regions → `region` → `venue`, by the links a person clicks (on a phone, the menu
    opened first)."""
    page.goto("/fi/")
    toggle = page.locator(".menu-toggle")
    if toggle.is_visible():
        toggle.click()
    page.get_by_role("link", name="Alueet", exact=True).first.click()
    page.get_by_role("link", name=region, exact=True).first.click()
    page.get_by_role("link", name=venue).first.click()
    assert page.locator("h1").inner_text() == venue


def is_form_submission(response):
    """The answer to a form's own POST (a navigation), not to a background one."""
    return response.request.method == "POST" and response.request.is_navigation_request()


def is_autosave(response):
    """Wagtail's autosave: the editor posts the form in the background after a change."""
    return response.request.method == "POST" and not response.request.is_navigation_request()


def submit(page, button, key=None):
    """Click (or press `key` on) a form's submit `button`; return the answer to its POST once
    the new document has loaded. Not `expect_navigation`: Wagtail's editor changes the address's
    fragment (its tabs), a navigation of its own that once ended that wait before the POST's
    answer in CI, so the old page was read. A fragment change loads no document."""
    with page.expect_event("domcontentloaded"), page.expect_response(is_form_submission) as sent:
        if key:
            button.press(key)
        else:
            button.click()
    return sent.value
