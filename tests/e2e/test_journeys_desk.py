"""A box-office clerk on a phone (issue 17, "How we keep it so"): from the registry's home, one
card-number field to check and record, undo, and log out; by clicking only, in Finnish, with no
English left on the screen, nothing wider than the phone, and axe at every step."""

import re

import pytest

from registry import cardnumbers

from .screens import PHONE, assert_finnish_phone_screen


@pytest.fixture
def phone(browser, server):
    context = browser.new_context(
        base_url=server.url, locale="fi-FI", bypass_csp=True, viewport=PHONE
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_venue_checks_records_undoes_and_logs_out_on_a_phone(phone, sign_in):
    page = phone
    sign_in(page, "kohde-kajaani", next_url="/fi/registry/")
    page.wait_for_url(re.compile("/fi/registry/"))
    assert_finnish_phone_screen(page)
    page.get_by_role("link", name="Kajaanin kaupunginteatteri").first.click()
    # The desk is on the first screen: the card-number field is above the fold.
    field = page.locator("#id_use-number")
    assert field.bounding_box()["y"] < PHONE["height"]
    assert page.locator("input.card-number-input").count() == 1 + 6  # one, and the group form's six
    number = cardnumbers.make_number("K", 1)
    field.fill(number.lower())
    page.get_by_role("button", name="Tarkista").click()
    status = page.locator("#card-status")
    assert "voimassa" in status.inner_text()
    assert page.input_value("#id_use-number") == number.lower()  # the same field records it
    assert_finnish_phone_screen(page)
    page.get_by_role("button", name="Kirjaa", exact=True).click()
    message = page.locator(".registry-message").first.inner_text()
    assert "Kirjattu" in message and number in message
    assert_finnish_phone_screen(page)
    # Undo the record just made (the newest of today's, first in the list).
    page.locator(".registry-events li", has_text=number).first.get_by_role(
        "button", name=re.compile("^Peru ")
    ).click()
    assert "peruttiin" in page.locator(".registry-message").first.inner_text()
    assert_finnish_phone_screen(page)
    page.get_by_role("button", name="Kirjaudu ulos").click()
    assert page.get_by_role("button", name="Kirjaudu ulos").count() == 0


def test_coordinator_opens_the_dashboard_from_the_registry_home(phone, sign_in):
    page = phone
    sign_in(page, "koordinaattori-kainuu", next_url="/fi/registry/")
    page.wait_for_url(re.compile("/fi/registry/"))
    page.get_by_role("link", name="Rekisteröinnit ja käynnit").click()
    # One region to coordinate: straight to its dashboard (several: a list to choose from).
    assert page.locator("h1").inner_text().startswith("Tilastot")
    assert "chart-month" in page.content()  # the uses by month
    assert_finnish_phone_screen(page)
    page.get_by_role("button", name="Kirjaudu ulos").click()
    assert page.get_by_role("button", name="Kirjaudu ulos").count() == 0
