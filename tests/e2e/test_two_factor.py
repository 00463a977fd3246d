"""Browser: a new coordinator signs in, sets up two-factor authentication by typing the code computed
from the key shown on the page, saves the backup codes and reaches the admin; then signs in again
with a code. Every page axe-clean, the forms used with the keyboard only (issue 7)."""

import re
import uuid
from base64 import b32decode

from django_otp.oath import TOTP

from .auth import code_for
from .conftest import assert_accessible

PASSWORD = "Kaksi-Vaihetta-2026"


def tab_to(page, selector, limit=60):
    """Press Tab until `selector` has the focus (fails if the keyboard cannot reach it)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def new_coordinator(django_db_blocker):
    from django.contrib.auth import get_user_model

    from regions.models import Region

    username = f"koordinaattori-{uuid.uuid4().hex[:6]}"
    with django_db_blocker.unblock():
        user = get_user_model().objects.create_user(username, f"{username}@example.fi", PASSWORD)
        user.groups.add(Region.objects.get(slug="kainuu").coordinators_group)
    return username


def test_coordinator_sets_up_two_factor_and_signs_in_with_a_code(page, sign_in, django_db_blocker):
    username = new_coordinator(django_db_blocker)
    sign_in(page, username, PASSWORD, next_url="/admin/")

    # Straight to the set-up: the admin is not served before the second factor.
    assert "/fi/account/two-factor/set-up/" in page.url
    assert page.locator("h1").inner_text() == "Ota kaksivaiheinen tunnistautuminen käyttöön"
    assert page.locator(".twofactor-qr svg[role=img]").is_visible()
    assert_accessible(page)

    secret = page.locator("#twofactor-secret").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    code = f"{TOTP(key).token():06d}"

    # A wrong code first: the error summary and the message by the field.
    tab_to(page, "#id_code")
    page.keyboard.type("000000" if code != "000000" else "111111")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#id_code_error").is_visible()
    assert page.locator("#id_code").get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    # The right code (any further attempt within a second would be throttled).
    page.wait_for_timeout(1100)
    page.locator("#id_code").focus()
    page.keyboard.type(code)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Varakoodisi"
    codes = page.locator(".twofactor-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", c) for c in codes)
    assert_accessible(page)

    tab_to(page, "main a.button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"/admin/$", page.url)
    assert page.locator("#id_password").count() == 0  # the dashboard, not the login page
    assert page.locator("main").first.is_visible()

    # The settings page (reached from the registry home and the admin's account page).
    page.goto("/fi/account/two-factor/")
    assert "Kaksivaiheinen tunnistautuminen on käytössä." in page.locator("main").inner_text()
    assert_accessible(page)

    # Next time: password, then the code.
    page.context.clear_cookies()
    page.goto("/admin/login/?next=/fi/registry/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    assert "/fi/account/two-factor/verify/" in page.url
    assert_accessible(page)
    tab_to(page, "#id_code")
    page.keyboard.type(code_for(username, blocker=django_db_blocker))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/fi/registry/")
    assert page.locator("h1").inner_text() == "Kaikukanta"
