"""The national site in a real browser: every page type in every language passes axe-core, the
language switcher keeps you on the page, the skip link and the text-size control work by keyboard."""

import pytest

from .conftest import assert_accessible

PAGES = {
    "fi": [
        "/fi/",
        "/fi/kaikukortti-minulle/",
        "/fi/uutiset/",
        "/fi/uutiset/kymmenen-vuotta-kaikukorttia/",
        "/fi/yhteystiedot/",
        "/fi/saavutettavuusseloste/",
        "/fi/tietosuojaseloste/",
        "/fi/search/?q=kortti",
        "/fi/ei-ole-olemassa/",
    ],
    "sv": [
        "/sv/",
        "/sv/kaikukortet-for-mig/",
        "/sv/nyheter/",
        "/sv/nyheter/tio-ar-av-kaikukortet/",
        "/sv/kontakt/",
        "/sv/tillganglighetsutlatande/",
        "/sv/dataskyddsbeskrivning/",
        "/sv/search/?q=kort",
    ],
    "en": [
        "/en/",
        "/en/kaikukortti-for-me/",
        "/en/news/",
        "/en/news/ten-years-of-kaikukortti/",
        "/en/contact/",
        "/en/accessibility-statement/",
        "/en/privacy-statement/",
        "/en/search/?q=card",
        "/en/poikkeukset-2026/",
    ],
    "fi-x-selko": [
        "/fi-x-selko/",
        "/fi-x-selko/kaikukortti-minulle/",
        "/fi-x-selko/uutiset/",
        "/fi-x-selko/yhteystiedot/",
        "/fi-x-selko/saavutettavuus/",
        "/fi-x-selko/tietosuoja/",
    ],
}


@pytest.mark.parametrize("language", list(PAGES))
def test_every_page_type_has_no_axe_violations(page, language):
    for path in PAGES[language]:
        response = page.goto(path)
        assert response.status == (404 if "ei-ole-olemassa" in path else 200), path
        assert_accessible(page)


@pytest.mark.parametrize(("width", "path"), [(320, "/fi/"), (320, "/sv/kaikukortet-for-mig/")])
def test_small_screen_has_no_axe_violations_and_no_sideways_scroll(page, width, path):
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(path)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_html_lang_follows_the_content(page):
    for path, lang in [
        ("/fi/", "fi"),
        ("/sv/", "sv"),
        ("/en/", "en"),
        ("/fi-x-selko/", "fi"),
        ("/en/poikkeukset-2026/", "fi"),
    ]:
        page.goto(path)
        assert page.get_attribute("html", "lang") == lang, path


def test_language_switcher_keeps_you_on_the_page(page):
    page.goto("/fi/kaikukortti-minulle/")
    page.get_by_role("navigation", name="Valitse kieli").get_by_role("link", name="Svenska").click()
    page.wait_for_url("**/sv/kaikukortet-for-mig/")
    assert page.get_by_role("heading", level=1).inner_text() == "Kaikukortet för mig?"
    page.get_by_role("navigation", name="Välj språk").get_by_role("link", name="Selkosuomi").click()
    page.wait_for_url("**/fi-x-selko/kaikukortti-minulle/")
    assert page.get_attribute("html", "lang") == "fi"


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    page.goto("/fi/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Siirry sisältöön"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_text_size_control_works_with_the_keyboard(page):
    page.goto("/en/")
    page.get_by_role("button", name="Large text").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_attribute("html", "class") == "text-large"
    assert page.url.endswith("/en/")
    size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert size == 20
    with page.expect_navigation():
        page.get_by_role("button", name="Normal text").press("Enter")
    assert page.get_attribute("html", "class") == "text-normal"


def test_faq_accordion_opens_without_javascript(browser, server):
    context = browser.new_context(base_url=server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/kaikukortti-for-me/")
    answer = page.get_by_text("12 months from the day you got it")
    assert not answer.is_visible()
    page.get_by_text("How long is the card valid?").click()
    assert answer.is_visible()
    context.close()
