"""Signing in through the browser, second factor included (accounts/, issue 7).

The login page takes the password; when the site then asks for the code, the helper types the
code computed from the user's authenticator device (its key is in the database, as on the phone).
A code is accepted once (django-otp's `last_t`), so the helper reads the device each time and types
the current time step's code, or the next step's when the current one was used by an earlier
sign-in; when both were used it waits for the next step, as a person would.
"""

import time
from urllib.parse import quote

from core.demo import DEMO_PASSWORD

VERIFY_PATH = "/account/two-factor/verify/"


def sign_in(page, username, password=DEMO_PASSWORD, next_url=None, *, blocker):
    target = "/admin/login/" + (f"?next={quote(next_url)}" if next_url else "")
    page.goto(target)
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    if VERIFY_PATH in page.url:
        type_code(page, username, blocker=blocker)


def type_code(page, username, *, blocker):
    page.fill("#id_code", code_for(username, blocker=blocker))
    with page.expect_navigation():
        page.locator("main form.registry-form button[type=submit]").click()
    assert VERIFY_PATH not in page.url, page.locator("main").inner_text()


def code_for(username, *, blocker):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.demo import usable_code

    for _ in range(3):
        with blocker.unblock():
            device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        code = usable_code(device)
        if code is not None:
            return code
        time.sleep(device.step - time.time() % device.step + 0.2)
    raise AssertionError(f"no usable two-factor code for {username}")
