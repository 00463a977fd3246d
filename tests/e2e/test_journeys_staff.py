"""Staff journeys in a real browser (issue 17), by clicking from the admin's or the registry's home:
the coordinator submits a brochure, the national editor approves it from the dashboard, sees the
styled preview and downloads the print PDF (the site's CSP enforced: no bypass_csp); a distributor
registers a card and logs out."""

import random
import re

import pytest

from registry import cardnumbers

from .conftest import make_draft_brochure, sign_in_afresh
from .screens import PHONE, assert_finnish_phone_screen

BRAND = "rgb(11, 79, 108)"  # materials/static/materials/brochure.css: --brand


@pytest.fixture
def draft_brochure(db_access):
    return make_draft_brochure(2029)


def test_distributor_registers_a_card_and_logs_out(browser, server, sign_in):
    context = browser.new_context(
        base_url=server.url, locale="fi-FI", bypass_csp=True, viewport=PHONE
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, "jakaja-kajaani", next_url="/fi/registry/")
    page.wait_for_url(re.compile("/fi/registry/"))
    header = page.locator("header.desk-header")
    assert header.get_by_role("button", name="Kirjaudu ulos").is_visible()
    assert_finnish_phone_screen(page)

    page.get_by_role("link", name=re.compile("Rekisteröi kortti")).first.click()
    assert_finnish_phone_screen(page)
    number = cardnumbers.make_number("K", random.randint(1500, 1999))  # noqa: S311
    page.fill("#id_number", number)
    page.check("#id_kind_0")
    page.fill("#id_children_count", "1")
    page.fill("#id_birth_year", "1985")
    page.fill("#id_postal_code", "87100")
    page.click("form.registry-form button[type=submit]")
    page.wait_for_url(re.compile(f"/cards/{number}/"))
    assert "rekisteröity" in page.locator(".registry-message").first.inner_text()
    # The organisation worked for is in the header.
    assert "Kajaanin aikuissosiaalityö" in header.inner_text()
    assert_finnish_phone_screen(page)

    with page.expect_navigation():
        header.get_by_role("button", name="Kirjaudu ulos").click()
    page.goto("/fi/registry/")
    assert "/admin/login/" in page.url
    context.close()


@pytest.fixture
def finnish_staff_page(browser, server):
    context = browser.new_context(base_url=server.url, locale="fi-FI", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def test_brochure_journey_in_finnish_by_clicking(finnish_staff_page, draft_brochure, sign_in):
    """The same journey in Finnish, from the admin's home by clicking only: the coordinator opens
    Esitteet and submits; the editor opens it from the dashboard, previews, approves and
    downloads the print PDF from the listing. No English label on the way (issue 17, item 1)."""
    page = finnish_staff_page
    title = re.compile(r"^Kainuu 2029")

    sign_in_afresh(page, sign_in, "kainuu-kulttuuri")
    page.goto("/admin/")
    page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Esitteet").click()
    page.get_by_role("link", name=title).first.click()
    page.get_by_role("button", name="Lisää toimintoja").click()
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Lähetä työnkulkuun")).click()

    sign_in_afresh(page, sign_in, "toimittaja")
    page.goto("/admin/")
    assert "Odottaa tarkastustasi" in page.locator("main").inner_text()
    page.get_by_role("link", name=title).first.click()
    page.get_by_role("button", name="Esikatselu päälle/pois").click()
    cover = page.frame_locator("#w-preview-iframe").locator("section.cover")
    cover.wait_for()
    assert cover.evaluate("e => getComputedStyle(e).backgroundColor") == BRAND
    page.get_by_role("button", name="Lisää toimintoja").click()
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Hyväksy ja julkaise")).click()
    message = page.locator(".messages li").first
    assert "hyväksytty" in message.inner_text().lower(), message.inner_text()
    # The message stays until dismissed (WCAG 2.2.1): not after a while, nor when Wagtail clears
    # its messages (as its live preview does when its error state changes).
    page.wait_for_timeout(6_000)
    page.evaluate("document.dispatchEvent(new CustomEvent('w-messages:clear'))")
    page.wait_for_timeout(1_000)
    assert message.is_visible(), "cleared"
    for english in ("Approve", "Submit to", "More actions", "has been", "Autosave"):
        assert english not in page.locator("body").inner_text(), english
    message.get_by_role("button", name="Sulje ilmoitus").click()
    assert page.locator(".messages li", has_text="hyväksytty").count() == 0

    page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Esitteet").click()
    row = page.locator("tr", has_text="Kainuu 2029")
    assert "hyväksytty" in row.inner_text().lower()
    with page.expect_download() as download:
        row.get_by_role("link", name="Lataa painoon").click()
    with open(download.value.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"
