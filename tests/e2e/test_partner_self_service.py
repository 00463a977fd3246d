"""A partner keeps its own listing (issue 21.1), in a real browser over the demo: Kainuu's
coordinator invites the Kajaani swimming hall's contact person from the page's header menu; the
contact follows the e-mail's link, sets a password, edits the opening hours and the cap, submits,
and sees no other page; the coordinator opens the page from Wagtail's notification e-mail and
approves, then brings the Swedish translation up to date (the demo's Swedish page is translated by
hand; the English and plain-Finnish pages are aliases that follow the Finnish one); the public page
shows the change and today's "checked on" date in all four languages."""

import functools
import re
from urllib.parse import urlsplit

from django.core import mail
from django.utils import timezone

import pytest

from .conftest import (
    LANGUAGE_LINKS,
    assert_accessible,
    sign_in_afresh,
    submit,
    venue_page_from_home,
)

CONTACT = "kajaanin-uimahalli@example.fi"
PASSWORD = "Uimahalli-Kajaani-2026!"  # noqa: S105  (set in the test)
HOURS = "ma–pe 6.00–21.00, la–su 10.00–18.00"
HOURS_SV = "mån–fre 6.00–21.00, lör–sön 10.00–18.00"
# The public page in each language: (path, opening hours shown, heading of the hours).
PUBLIC = {
    "fi": ("/fi/alueet/kainuu/kajaanin-uimahalli/", HOURS, "Aukioloajat"),
    "sv": ("/sv/regioner/kainuu/kajaanin-uimahalli/", HOURS_SV, "Öppettider"),
    "en": ("/en/regions/kainuu/kajaanin-uimahalli/", HOURS, "Opening hours"),
    "fi-x-selko": (
        "/fi-x-selko/alueet/kainuu/kajaanin-uimahalli/",
        HOURS,
        "Milloin paikka on auki",
    ),
}


@pytest.fixture
def pool(db_access):
    from partners.models import VenuePage

    return VenuePage.objects.get(slug="kajaanin-uimahalli", locale__language_code="fi")


def _path(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _mail_to(address):
    return [message for message in mail.outbox if address in message.to]


def _more_actions(page):
    page.get_by_role("button", name="More actions").click()


def _own_page_from_dashboard(page, title):
    """The small admin's dashboard (the sidebar's first link), then their page's editor."""
    page.locator("#wagtail-sidebar").get_by_role("link", name="Dashboard").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))
    page.get_by_role("main").get_by_role("link", name=title).first.click()


def test_partner_edits_own_listing_and_coordinator_approves(admin_page, pool, db_access, sign_in):
    from wagtail.models import Locale, WorkflowState

    from partners.models import VenuePage

    page = admin_page
    edit_path = f"/admin/pages/{pool.pk}/edit/"
    public_url = "/fi/alueet/kainuu/kajaanin-uimahalli/"  # on the national site
    mail.outbox = []

    # The coordinator invites the contact person from the swimming hall's page header.
    sign_in_afresh(page, sign_in, "kainuu-kulttuuri")
    panel = page.locator("#kaiku-regions-heading").locator("xpath=ancestor::section")
    panel.get_by_role("row", name=re.compile("Kainuu")).get_by_role("link", name="Pages").click()
    page.get_by_role("table").get_by_role("link", name=pool.title, exact=True).click()
    page.wait_for_url(re.compile(rf"{edit_path}$"))
    page.locator("#w-slim-header-buttons").get_by_role("button").last.click()
    with page.expect_navigation():
        page.get_by_role("link", name="Invite the contact person").click()
    assert page.locator("#id_email").input_value() == CONTACT  # the page's contact e-mail
    with page.expect_navigation():
        page.get_by_role("button", name="Send the invitation").click()
    assert f"{CONTACT} was invited" in page.locator(".messages").inner_text()
    invitations = _mail_to(CONTACT)
    assert len(invitations) == 1
    link = re.search(r"https?://\S+/account/invitation/\S+/", invitations[0].body).group(0)

    # The contact follows the link and sets a password: signed in, on their own small dashboard.
    page.context.clear_cookies()
    page.goto(_path(link))
    assert page.locator("h1").inner_text() == "Set your password"
    assert_accessible(page)
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Set password").click()
    assert urlsplit(page.url).path == "/admin/"
    dashboard = page.locator("main").inner_text()
    assert "Your pages" in dashboard and pool.title in dashboard
    assert "Kajaanin kaupunginteatteri" not in page.content()
    # The link worked once.
    assert page.request.get(_path(link)).status == 404

    # They edit the opening hours and the cap, and submit to the region's coordinators.
    with page.expect_navigation():
        page.get_by_role("link", name=pool.title).first.click()
    page.fill("#id_opening_hours", HOURS)
    page.fill("#id_caps-0-cap", "25")
    _more_actions(page)
    submit(page, page.get_by_role("button", name=re.compile(r"^Submit to ")))
    assert "submitted" in page.locator(".messages").inner_text().lower()
    state = WorkflowState.objects.get(object_id=str(pool.pk), status="in_progress")
    assert state.requested_by.email == CONTACT
    # Never a publish button for them, before or after submitting.
    _own_page_from_dashboard(page, pool.title)
    assert page.get_by_role("button", name="Publish", exact=True).count() == 0

    # They see no other page: not in the explorer, and another venue's editor is refused.
    page.goto("/admin/pages/")
    assert "Kajaanin kaupunginteatteri" not in page.content()
    theatre = VenuePage.objects.get(slug="kajaanin-kaupunginteatteri", locale__language_code="fi")
    page.goto(f"/admin/pages/{theatre.pk}/edit/")
    assert urlsplit(page.url).path == "/admin/"
    assert page.request.get("/fi/registry/").status == 403

    # Nothing public changed yet.
    assert HOURS not in page.request.get(public_url).text()
    # The admin they see is small: their page and their account, no other menu.
    _own_page_from_dashboard(page, pool.title)
    menu = page.locator("#wagtail-sidebar").inner_text()
    for other in ("Reports", "Settings", "Snippets", "Images", "Documents", "Region settings"):
        assert other not in menu, other

    # The coordinator opens the page from Wagtail's notification e-mail and approves.
    notices = _mail_to("kainuu-kulttuuri@example.fi")
    assert notices, [m.to for m in mail.outbox]
    edit_link = re.search(rf"https?://\S+{edit_path}", notices[-1].body).group(0)
    sign_in_afresh(page, sign_in, "kainuu-kulttuuri")
    page.goto(_path(edit_link))
    _more_actions(page)
    submit(page, page.get_by_role("button", name="Approve and Publish"))
    state.refresh_from_db()
    assert state.status == "approved"
    # The contact is told by e-mail.
    assert any("approved" in m.subject.lower() for m in _mail_to(CONTACT))

    # The Swedish page is a translation of its own: the coordinator brings it up to date. The
    # approval leads back to the region's pages; from there the swimming hall's editor, and its
    # status panel's locale switcher to the Swedish translation.
    swedish = pool.get_translation(Locale.objects.get(language_code="sv"))
    with page.expect_navigation():
        page.get_by_role("table").get_by_role("link", name=pool.title, exact=True).click()
    page.get_by_role("button", name="Toggle status").click()
    page.get_by_role("button", name="Switch locales").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Swedish", exact=True).click()
    assert urlsplit(page.url).path == f"/admin/pages/{swedish.pk}/edit/"
    page.fill("#id_opening_hours", HOURS_SV)
    page.fill("#id_caps-0-cap", "25")
    _more_actions(page)
    submit(page, page.get_by_role("button", name="Publish", exact=True))
    assert "published" in page.locator(".messages").inner_text().lower()

    # The public page shows the change and today's date in every language.
    today = timezone.localdate().isoformat()
    page.context.clear_cookies()
    for language, (path, hours, heading) in PUBLIC.items():
        venue_page_from_home(page, pool.title)
        if language != "fi":
            switcher = page.locator(".language-switcher")
            switcher.get_by_role("link", name=re.compile(LANGUAGE_LINKS[language])).click()
        assert _path(page.url) == path, language
        main = page.locator("main")
        assert page.get_by_role("heading", name=heading).count() == 1, language
        assert hours in main.inner_text(), language
        assert main.get_by_text(re.compile(r"\b25\b")).count() >= 1, language
        checked = main.locator(f'.checked-on time[datetime="{today}"]')
        assert checked.count() == 1, (language, main.locator(".checked-on").inner_text())
        assert main.locator(".checked-on__stale").count() == 0, language
    assert_accessible(page)


def test_partner_adds_a_show_that_is_public_once_approved(admin_page, pool, db_access, sign_in):
    """With the what's-on issue: the swimming hall's contact (given an account by the journey
    above) adds a show from their small admin's Shows menu and submits it; it is not public until
    Kainuu's coordinator approves it from the notification e-mail."""
    import datetime

    from shows.models import Show

    page = admin_page
    title = "Vesijumppa kortilla"
    day = timezone.localdate() + datetime.timedelta(days=2)
    public_url = "/fi/alueet/kainuu/kajaanin-uimahalli/"
    mail.outbox = []

    sign_in_afresh(page, functools.partial(sign_in, password=PASSWORD), CONTACT)
    sidebar = page.locator("#wagtail-sidebar")
    sidebar.get_by_role("button", name=re.compile("Shows")).first.click()
    sidebar.get_by_role("link", name="Shows", exact=True).click()
    page.get_by_role("link", name=re.compile("^Add show")).first.click()
    page.select_option("#id_venue", label=pool.title)  # their only venue
    page.fill("#id_title", title)
    page.fill("#id_start", f"{day.isoformat()} 18:00")
    page.select_option("#id_kind", "swimming_hall")
    page.select_option("#id_venue_cap", index=1)  # the hall's own cap
    page.get_by_role("button", name="More actions").press("Enter")
    assert page.get_by_role("button", name="Publish", exact=True).count() == 0
    submitted = submit(page, page.get_by_role("button", name=re.compile(r"^Submit to ")), "Enter")
    assert submitted.status == 302, page.locator(".error-message").all_inner_texts()
    show = Show.objects.get(title=title)
    assert not show.live
    assert title not in page.request.get(public_url).text()

    # Kainuu's coordinator is told, follows the e-mail's link and approves.
    notices = [m for m in _mail_to("kainuu-kulttuuri@example.fi") if title in m.body]
    assert notices, [(m.to, m.subject) for m in mail.outbox]
    edit_link = re.search(r"https?://\S+/admin/shows/edit/\d+/", notices[-1].body)
    sign_in_afresh(page, sign_in, "kainuu-kulttuuri")
    page.goto(_path(edit_link.group(0)))
    _more_actions(page)
    approved = submit(page, page.get_by_role("button", name="Approve and Publish"))
    assert approved.status == 302
    show.refresh_from_db()
    assert show.live
    assert any("approved" in m.subject.lower() for m in _mail_to(CONTACT))

    # The hall's public page lists it.
    page.context.clear_cookies()
    venue_page_from_home(page, pool.title)
    assert title in page.locator("main").inner_text()
