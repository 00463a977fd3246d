"""The registry's desks in the browser: coordinator, distributor, venue (issue 5, "Done when")."""

import random
import re
import uuid

from registry import cardnumbers

from .conftest import assert_accessible

PASSWORD = "kaiku-demo-2026"


def login(sign_in, page, username, password=PASSWORD, next_url="/fi/registry/"):
    sign_in(page, username, password, next_url)
    page.wait_for_url(re.compile(re.escape(next_url)))


def new_page(browser, server):
    context = browser.new_context(base_url=server.url, locale="fi-FI", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_coordinator_creates_accounts_and_distributor_registers(page, browser, server, sign_in):
    suffix = uuid.uuid4().hex[:6]
    login(sign_in, page, "koordinaattori-kainuu", next_url="/fi/registry/coordinator/")
    assert_accessible(page)
    page.fill("#id_name", f"Kajaanin perhetyö {suffix}")
    page.select_option("#id_kind", "distributor")
    page.select_option("#id_region", label="Kainuu")
    page.click(".registry form[method=post] button[type=submit]")
    page.wait_for_url(re.compile(r"/fi/registry/coordinator/\d+/"))
    password = f"Kortti-{suffix}-2026"
    page.fill("#id_username", f"perhetyo-{suffix}")
    page.fill("#id_email", f"perhetyo-{suffix}@example.fi")
    page.fill("#id_password", password)
    page.check("#id_is_unit_account")
    page.click(".registry form[method=post] button[type=submit]")
    assert page.locator(".registry-message").first.is_visible()
    assert_accessible(page)
    # A venue account for Kainuu too.
    page.goto("/fi/registry/coordinator/")
    page.fill("#id_name", f"Kajaanin kirjasto {suffix}")
    page.select_option("#id_kind", "venue")
    page.select_option("#id_region", label="Kainuu")
    page.click(".registry form[method=post] button[type=submit]")
    page.wait_for_url(re.compile(r"/fi/registry/coordinator/\d+/"))
    page.fill("#id_username", f"kirjasto-{suffix}")
    page.fill("#id_email", f"kirjasto-{suffix}@example.fi")
    page.fill("#id_password", password)
    page.click(".registry form[method=post] button[type=submit]")
    assert f"kirjasto-{suffix}" in page.content()

    distributor = new_page(browser, server)
    login(sign_in, distributor, f"perhetyo-{suffix}", password)
    distributor.get_by_role("link", name=re.compile("Rekisteröi kortti")).first.click()
    number = cardnumbers.make_number("K", random.randint(1000, 1499))  # noqa: S311
    mistyped = (
        number[:-2] + number[-1] + number[-2]
        if number[-1] != number[-2]
        else number[:-1] + str((int(number[-1]) + 1) % 10)
    )
    distributor.fill("#id_number", mistyped)
    distributor.check("#id_kind_0")
    distributor.fill("#id_children_count", "2")
    distributor.fill("#id_birth_year", "1980")
    distributor.fill("#id_postal_code", "87100")
    distributor.click("form.registry-form button[type=submit]")
    summary = distributor.locator(".error-summary")
    assert summary.is_visible()
    assert "kirjoitusvirhe" in distributor.locator(".field--error .field__error").first.inner_text()
    assert distributor.input_value("#id_number") == mistyped
    assert_accessible(distributor)
    distributor.fill("#id_number", number)
    distributor.click("form.registry-form button[type=submit]")
    distributor.wait_for_url(re.compile(f"/cards/{number}/"))
    assert "rekisteröity" in distributor.locator(".registry-message").first.inner_text()
    assert_accessible(distributor)
    distributor.context.close()


def test_venue_records_with_children_and_is_refused(page, sign_in):
    login(sign_in, page, "kohde-kajaani")
    page.get_by_role("link", name="Kajaanin kaupunginteatteri").click()
    assert_accessible(page)
    family = cardnumbers.make_number("K", 1)
    community = cardnumbers.make_number("K", 2)
    # Check first: valid, two children's tickets allowed.
    page.fill("#id_use-number", family.lower())
    page.get_by_role("button", name="Tarkista").click()
    status = page.locator("#card-status")
    assert "2" in status.inner_text()
    # The same field, still holding the number, records it with two children's tickets.
    assert page.input_value("#id_use-number") == family.lower()
    page.check("#id_use-kind_0")
    page.fill("#id_use-children", "2")
    page.get_by_role("button", name="Kirjaa", exact=True).click()
    assert "Kirjattu" in page.locator(".registry-message").first.inner_text()
    # A third child is refused.
    page.fill("#id_use-number", family)
    page.fill("#id_use-children", "3")
    page.get_by_role("button", name="Kirjaa", exact=True).click()
    assert "enintään 2" in page.locator(".error-summary").inner_text()
    assert_accessible(page)
    # A course place on a community card is refused.
    page.fill("#id_use-number", community)
    page.check("#id_use-kind_1")
    page.fill("#id_use-children", "0")
    page.get_by_role("button", name="Kirjaa", exact=True).click()
    assert "kurssipaikkaa" in page.locator(".error-summary").inner_text()
    assert_accessible(page)
