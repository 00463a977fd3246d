"""Card tickets of a show, from the admin to the public page and the desk (issue 20, "Done when"):
a coordinator adds a show with a cap of 2 in the admin; the venue's public page says 2 card tickets
are left in fi, sv, en and plain Finnish; the desk records one adult with one child against it; the
page says none are left (no shared cache in front of the test server: at once); a third ticket is
refused at the desk, naming the show. Public pages are reached from the home page by visible links,
and pass axe."""

import datetime
import re

from django.utils import timezone

from .conftest import LANGUAGE_LINKS, assert_accessible, submit, venue_page_from_home

TITLE = "Kaikukortin koenäytös"
VENUE = "Kajaanin kaupunginteatteri"
LEFT = {
    "fi": "2 korttilippua jäljellä",
    "sv": "2 kortbiljetter kvar",
    "en": "2 card tickets left",
    "fi-x-selko": "Korttilippuja on vielä 2",
}
NONE_LEFT = "Korttilippuja ei ole enää jäljellä"


def _show_item(page):
    return page.locator("li.show", has_text=TITLE)


def _record(page, day, number, children):
    page.fill("#show-day", day.isoformat())
    page.get_by_role("button", name="Hae esitykset").click()
    option = page.locator("#id_use-show option", has_text=TITLE)
    page.select_option("#id_use-show", option.get_attribute("value"))
    page.fill("#id_use-number", number)
    page.fill("#id_use-children", str(children))
    page.get_by_role("button", name="Kirjaa", exact=True).click()


def _is_form_submission(response):
    return response.request.method == "POST" and response.request.is_navigation_request()


def test_a_show_with_a_cap_of_two_from_the_admin_to_the_desk(admin_page, sign_in):
    page = admin_page
    day = timezone.localdate() + datetime.timedelta(days=1)
    sign_in(page, "koordinaattori-kainuu", next_url="/admin/")
    # The admin's side menu: the shows' group, then its "Shows".
    page.locator("#wagtail-sidebar").get_by_role("button", name=re.compile("Shows")).first.click()
    page.locator("#wagtail-sidebar").get_by_role("link", name="Shows", exact=True).click()
    page.get_by_role("link", name=re.compile("^Add show")).first.click()
    page.select_option("#id_venue", label=VENUE)
    page.fill("#id_start", f"{day.isoformat()} 19:00")
    page.fill("#id_title", TITLE)
    page.select_option("#id_kind", "show")
    page.select_option("#id_venue_cap", "")
    page.fill("#id_cap", "2")
    page.fill("#id_audience", "40")
    # Publish, not the default "Save draft": a draft is not public and takes no tickets.
    # By the keyboard: the date picker's calendar, left open by the browser, covers the buttons.
    page.get_by_role("button", name="More actions").press("Enter")
    sent = submit(page, page.get_by_role("button", name="Publish", exact=True), key="Enter")
    assert sent.status == 302
    assert "published" in page.locator(".messages").inner_text().lower()

    # The public page, in every language, by the language links.
    page.context.clear_cookies()
    venue_page_from_home(page, VENUE)
    assert LEFT["fi"] in _show_item(page).inner_text()
    assert "muutaman minuutin vanha" in page.locator("main").inner_text()
    assert_accessible(page)
    finnish_url = page.url
    for language, name in LANGUAGE_LINKS.items():
        page.goto(finnish_url)
        page.locator(".language-switcher").get_by_role("link", name=re.compile(name)).click()
        assert LEFT[language] in _show_item(page).inner_text(), language

    # The desk records one adult with one child against the show.
    page.context.clear_cookies()
    sign_in(page, "kohde-kajaani", next_url="/fi/registry/")  # the desk, as the sign-in leads there
    page.get_by_role("link", name=VENUE).first.click()
    _record(page, day, "K000001067", 1)
    assert "Kirjattu" in page.locator(".registry-message").first.inner_text()

    # None left on the public page.
    page.context.clear_cookies()
    venue_page_from_home(page, VENUE)
    assert NONE_LEFT in _show_item(page).inner_text()

    # A third ticket is refused at the desk, naming the show and its cap.
    page.context.clear_cookies()
    sign_in(page, "kohde-kajaani", next_url="/fi/registry/")  # the desk, as the sign-in leads there
    page.get_by_role("link", name=VENUE).first.click()
    _record(page, day, "K000002037", 0)
    error = page.locator(".field__error", has_text=TITLE)
    assert error.count() == 1 and "2 korttilippua" in error.inner_text()
    assert_accessible(page)
