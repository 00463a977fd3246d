"""Two-factor authentication (accounts/, issue 7): who must use it, where it is asked for, enrolment,
codes (wrong, replayed, throttled, backup), turning off, the national office's reset, the demo."""

import re
import time
import uuid
from base64 import b32decode
from datetime import timedelta
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authentication import BasicAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token

from accounts import policy, twofactor
from accounts.demo import DEMO_TOTP_KEY, usable_code
from registry import api_urls
from registry.models import Use
from tests.accounts.factories import (
    PASSWORD,
    CoordinatorFactory,
    NationalEditorFactory,
    RegistryStaffFactory,
    SuperuserFactory,
    TOTPDeviceFactory,
)
from tests.otp import VerifiedClient
from tests.regions.factories import RegionFactory
from tests.registry.factories import (
    CardFactory,
    TicketAgencyFactory,
    VenueOrganisationFactory,
)

pytestmark = pytest.mark.django_db

User = get_user_model()
# A card number no card has: the enforcement answers before any lookup.
NUMBER = "K000000017"


@pytest.fixture(autouse=True)
def english():
    """Pages and messages in English, the source language (URLs get the /en/ prefix)."""
    with translation.override("en"):
        yield


def english_client():
    """The admin and the API have no language prefix: the browser's language decides."""
    return VerifiedClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def region(db):
    return RegionFactory()


@pytest.fixture
def new_coordinator(region):
    """A coordinator who has not set up two-factor authentication yet."""
    return CoordinatorFactory(region=region)


@pytest.fixture
def desk_user(db):
    """Registry desk staff (a distributor unit): two-factor authentication is optional."""
    return RegistryStaffFactory()


@pytest.fixture
def national(db):
    """The registry's national administrator: a national editor."""
    return NationalEditorFactory()


@pytest.fixture
def venue(db):
    return VenueOrganisationFactory()


@pytest.fixture
def card(db):
    """A personal card, registered and valid today (of another region than the venue's)."""
    return CardFactory()


def url(name):
    # Each request activates its own language in this thread: say which one the URL is in.
    with translation.override("en"):
        return reverse(f"accounts:{name}")


def code_for(device, offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + offset)
    return f"{totp.token():06d}"


def password_only(user):
    """A session that has passed the password but not the second factor."""
    client = english_client()
    client.force_login(user, otp_verified=False)
    return client


def sign_in(username, password):
    """Through the real login page (django-axes and all)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def session_device(client):
    return client.session.get(DEVICE_ID_SESSION_KEY)


# --- Who and where ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make_user", "required"),
    [
        (SuperuserFactory, True),
        (NationalEditorFactory, True),  # the national office, the registry's included
        (CoordinatorFactory, True),  # regional coordinator (Wagtail and registry alike)
        (RegistryStaffFactory, False),  # distributor unit
        (lambda: RegistryStaffFactory(organisation=VenueOrganisationFactory()), False),
        (lambda: RegistryStaffFactory(organisation=TicketAgencyFactory()), False),
        (
            lambda: RegistryStaffFactory(role="manager", is_unit_account=True),
            False,
        ),  # a unit's shared account, its manager
    ],
    ids=[
        "superuser",
        "national-editor",
        "coordinator",
        "distributor",
        "venue",
        "ticket-agency",
        "unit-account",
    ],
)
def test_required_roles(make_user, required):
    assert policy.is_required(make_user()) is required


@pytest.mark.parametrize(
    ("path", "protected"),
    [
        ("/admin/", True),
        ("/admin/pages/3/", True),
        ("/admin/login/", False),
        ("/admin/logout/", False),
        (f"/api/registry/cards/{NUMBER}/", True),
        ("/documents/1/ohje.pdf", True),
        ("/fi/registry/", True),
        ("/sv/registry/statistics/region/kainuu/", True),
        ("/fi-x-selko/registry/desk/3/", True),
        ("/fi/", False),
        ("/fi/statistics/", False),
        ("/en/account/two-factor/verify/", False),
        ("/fi/alueet/kainuu/", False),
    ],
)
def test_protected_paths(path, protected):
    assert policy.is_protected_path(path) is protected


# --- Enforcement -----------------------------------------------------------------------------


def test_required_user_without_device_is_sent_to_set_up_everywhere_private(new_coordinator, site):
    client = password_only(new_coordinator)
    for path in ("/admin/", "/en/registry/", "/en/registry/statistics/", "/admin/pages/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert re.match(r"^/en/account/two-factor/set-up/\?next=", response["Location"])
    # The session-authenticated API answers in JSON instead of redirecting.
    response = client.get(f"/api/registry/cards/{NUMBER}/")
    assert response.status_code == 403
    assert "Two-factor authentication is required" in response.json()["detail"]
    # Public pages are untouched.
    assert client.get("/en/").status_code == 200
    assert client.get("/fi/statistics/").status_code == 200


def test_user_with_device_is_asked_for_the_code_before_admin_and_registry():
    client = password_only(CoordinatorFactory(otp_device=True))
    response = client.get("/en/registry/coordinator/")
    assert response.status_code == 302
    assert response["Location"] == f"{url('verify')}?next=%2Fen%2Fregistry%2Fcoordinator%2F"
    assert client.get("/admin/").status_code == 302


def test_token_api_clients_are_not_asked_for_a_second_factor(national, venue, card):
    token, _ = Token.objects.get_or_create(user=national)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get(f"/api/registry/cards/{card.number}/?organisation={venue.pk}")
    assert response.status_code == 200, response.content


def _api_calls(client, venue, card, **headers):
    """Check a card (by POST and by the deprecated GET) and record a use, as the national office
    may at any venue."""
    number = card.number
    check = client.post(
        "/api/registry/cards/check/",
        {"organisation": venue.pk, "number": number},
        content_type="application/json",
        **headers,
    )
    check_by_url = client.get(f"/api/registry/cards/{number}/?organisation={venue.pk}", **headers)
    record = client.post(
        "/api/registry/uses/",
        {"organisation": venue.pk, "number": number},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        **headers,
    )
    return check, check_by_url, record


@pytest.mark.parametrize(
    "authorization", ["Bearer x", "Basic eA==", "Token", "token  ", "Tokenx abc", "x"]
)
def test_an_authorization_header_does_not_skip_the_second_factor_of_a_session(
    authorization, national, venue, card
):
    """Issue 15, D2: any header that is not a valid token leaves the password-only session to
    authenticate the call, so it is held to the second factor like the pages."""
    client = password_only(national)
    for response in _api_calls(client, venue, card, HTTP_AUTHORIZATION=authorization):
        assert response.status_code == 403, response.content
        assert "Two-factor authentication is required" in response.json()["detail"]
        assert not Use.objects.filter(venue=venue, recorded_by=national).exists()


def test_a_valid_token_is_its_own_account_even_beside_a_password_only_session(
    national, venue, card
):
    token, _ = Token.objects.get_or_create(user=national)
    client = password_only(national)
    *checks, record = _api_calls(client, venue, card, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert [check.status_code for check in checks] == [200, 200]
    assert record.status_code == 201, record.content


def test_an_unknown_token_beside_a_password_only_session_is_refused(national, venue, card):
    client = password_only(national)
    for response in _api_calls(client, venue, card, HTTP_AUTHORIZATION="Token " + "0" * 40):
        assert response.status_code == 403, response.content
        assert "Two-factor authentication is required" in response.json()["detail"]
    assert not Use.objects.filter(venue=venue, recorded_by=national).exists()


def test_every_api_view_tries_a_token_first_and_never_a_password_alone():
    """Why a valid token may skip the session's second factor: the call is then the token's."""
    for pattern in api_urls.urlpatterns:
        view = getattr(pattern.callback, "cls", None)
        if view is None:
            continue  # the documentation page: a template
        classes = view.authentication_classes
        assert issubclass(classes[0], TokenAuthentication), pattern
        assert not any(issubclass(c, BasicAuthentication) for c in classes), pattern


def test_a_verified_session_uses_the_api(national, venue, card):
    client = english_client()
    client.force_login(national)
    *checks, record = _api_calls(client, venue, card)
    assert [check.status_code for check in checks] == [200, 200]
    assert record.status_code == 201, record.content


def test_optional_user_without_device_goes_straight_in(desk_user):
    client = password_only(desk_user)
    assert client.get("/en/registry/").status_code == 200


def test_registry_home_and_wagtail_account_link_to_the_settings(national):
    client = english_client()
    client.force_login(national)
    assert url("manage") in client.get("/en/registry/").content.decode()
    account = client.get(reverse("wagtailadmin_account")).content.decode()
    assert "/account/two-factor/" in account


# --- Enrolment through the pages -------------------------------------------------------------


def test_coordinator_signs_in_enrols_and_reaches_the_admin(new_coordinator):
    client = sign_in(new_coordinator.username, PASSWORD)
    response = client.get("/en/registry/")
    assert response.status_code == 302
    enrol_url = response["Location"]
    assert enrol_url.startswith(url("enrol"))

    page = client.get(enrol_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg role="img"' in html and "<title>" in html  # the QR code, inline
    secret = re.search(r'id="twofactor-secret">([A-Z2-7 ]+)<', html).group(1)
    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    device = TOTPDevice.objects.get(user=new_coordinator, confirmed=False)
    assert key == device.bin_key  # the typed-out key is the device's key

    response = client.post(enrol_url, {"code": code_for(device), "next": "/en/registry/"})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == twofactor.BACKUP_CODE_COUNT == len(set(codes))
    for code in codes:
        assert code in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert session_device(client) == device.persistent_id
    assert client.get("/en/registry/").status_code == 200
    assert client.get("/admin/").status_code == 200
    # The backup codes are not shown again.
    assert codes[0] not in client.get(url("manage")).content.decode()


def test_optional_user_enrols_then_is_asked_for_the_code_next_time(desk_user):
    client = password_only(desk_user)
    assert client.get(url("manage")).status_code == 200
    client.get(url("enrol"))
    device = TOTPDevice.objects.get(user=desk_user, confirmed=False)
    response = client.post(url("enrol"), {"code": code_for(device)})
    assert response.status_code == 200 and len(response.context["codes"]) == 10

    later = password_only(desk_user)
    response = later.get("/en/registry/")
    assert response.status_code == 302 and response["Location"].startswith(url("verify"))


def test_enrolment_refuses_a_wrong_code(new_coordinator):
    client = password_only(new_coordinator)
    client.get(url("enrol"))
    device = TOTPDevice.objects.get(user=new_coordinator, confirmed=False)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(url("enrol"), {"code": wrong})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and session_device(client) is None


# --- Verifying after the password ------------------------------------------------------------


@pytest.fixture
def coordinator(region):
    """A coordinator whose authenticator app is set up."""
    return CoordinatorFactory(region=region, otp_device=True)


@pytest.fixture
def device(coordinator):
    return policy.confirmed_device(coordinator)


def test_right_code_upgrades_the_session_with_a_new_key(coordinator, device):
    client = password_only(coordinator)
    old_key = client.session.session_key
    response = client.post(
        url("verify"), {"code": code_for(device), "next": "/en/registry/coordinator/"}
    )
    assert response.status_code == 302 and response["Location"] == "/en/registry/coordinator/"
    assert session_device(client) == device.persistent_id
    assert client.session.session_key != old_key
    assert client.get("/en/registry/coordinator/").status_code == 200


def test_wrong_code_gives_a_clear_message_and_no_upgrade(coordinator, device):
    client = password_only(coordinator)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(url("verify"), {"code": wrong, "next": "/admin/"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "That code is not right" in html and 'aria-invalid="true"' in html
    assert wrong not in html  # never echoed back
    assert session_device(client) is None
    assert client.get("/admin/").status_code == 302


def test_malformed_code_is_explained(coordinator):
    client = password_only(coordinator)
    response = client.post(url("verify"), {"code": "12ab"})
    assert response.status_code == 400
    assert "six digits" in response.content.decode()


def test_a_code_cannot_be_replayed(coordinator, device):
    code = code_for(device)
    first = password_only(coordinator)
    assert first.post(url("verify"), {"code": code}).status_code == 302
    second = password_only(coordinator)
    response = second.post(url("verify"), {"code": code})
    assert response.status_code == 400
    assert "already been used" in response.content.decode()
    assert session_device(second) is None


def test_failed_attempts_are_throttled(coordinator, device, settings):
    assert settings.OTP_TOTP_THROTTLE_FACTOR >= 1 and settings.OTP_STATIC_THROTTLE_FACTOR >= 1
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a wide window, so that a slow machine cannot slip by
    client = password_only(coordinator)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    assert client.post(url("verify"), {"code": wrong}).status_code == 400
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # Even the right code waits now.
    response = client.post(url("verify"), {"code": code_for(device)})
    assert response.status_code == 429
    assert "Too many wrong codes" in response.content.decode()
    assert session_device(client) is None
    # After the wait, the right code works and the count starts again.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=5)
    )
    assert client.post(url("verify"), {"code": code_for(device)}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_backup_code_works_once(coordinator, device):
    codes = twofactor.new_backup_codes(coordinator)
    client = password_only(coordinator)
    response = client.post(
        url("verify"), {"method": "backup", "code": codes[0].upper(), "next": "/admin/"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert twofactor.backup_codes_left(coordinator) == len(codes) - 1

    again = password_only(coordinator)
    response = again.post(url("verify"), {"method": "backup", "code": codes[0]})
    assert response.status_code == 400
    assert "already been used" in response.content.decode()
    assert session_device(again) is None


def test_new_backup_codes_replace_the_old_and_keep_the_session(coordinator, device):
    old = twofactor.new_backup_codes(coordinator)
    client = password_only(coordinator)
    assert client.post(url("verify"), {"method": "backup", "code": old[0]}).status_code == 302
    response = client.post(url("backup_codes"))
    assert response.status_code == 200
    new = response.context["codes"]
    assert not set(new) & set(old)
    assert set(
        StaticToken.objects.filter(device__user=coordinator).values_list("token", flat=True)
    ) == set(new)
    assert client.get("/admin/").status_code == 200  # still verified


def test_unsafe_next_is_ignored(coordinator, device):
    client = password_only(coordinator)
    response = client.post(
        url("verify"), {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == url("manage")


def test_manage_page_asks_for_the_code_first(coordinator, device):
    response = password_only(coordinator).get(url("manage"))
    assert response.status_code == 302 and response["Location"].startswith(url("verify"))


# --- Turning off and reset -------------------------------------------------------------------


def test_optional_user_turns_it_off_with_a_code(desk_user):
    device = TOTPDevice.objects.create(user=desk_user, name="app", confirmed=True)
    twofactor.new_backup_codes(desk_user)
    client = english_client()
    client.force_login(desk_user)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(url("turn_off"), {"code": wrong})
    assert response.status_code == 400 and policy.has_two_factor(desk_user)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    response = client.post(url("turn_off"), {"code": code_for(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=desk_user).exists()
    assert not StaticDevice.objects.filter(user=desk_user).exists()
    assert client.get("/en/registry/").status_code == 200


def test_required_user_cannot_turn_it_off(coordinator, device):
    client = english_client()
    client.force_login(coordinator)
    assert "Turn off two-factor authentication" not in client.get(url("manage")).content.decode()
    response = client.post(url("turn_off"), {"code": code_for(device)})
    assert response.status_code == 403
    assert "requires two-factor authentication" in response.content.decode()
    assert policy.has_two_factor(coordinator)


def test_reset_command_removes_the_devices_and_the_session_verification(coordinator, device):
    twofactor.new_backup_codes(coordinator)
    client = english_client()
    client.force_login(coordinator)
    assert client.get("/en/registry/").status_code == 200
    out = StringIO()
    call_command("reset_2fa", coordinator.username, stdout=out)
    assert "reset" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert not StaticDevice.objects.filter(user=coordinator).exists()
    response = client.get("/en/registry/")
    assert response.status_code == 302 and response["Location"].startswith(url("enrol"))
    with pytest.raises(CommandError):
        call_command("reset_2fa", "nobody-by-this-name", stdout=StringIO())


def test_admin_reset_is_for_the_national_office_only(coordinator, device, region, national):
    reset_url = reverse("accounts_reset_two_factor", args=[coordinator.pk])
    other = english_client()  # a coordinator of the same region
    other.force_login(CoordinatorFactory(region=region))
    # Wagtail answers a refused admin view by sending the user back to the dashboard.
    for response in (other.get(reset_url), other.post(reset_url)):
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert policy.has_two_factor(coordinator)

    admin = english_client()
    admin.force_login(SuperuserFactory())
    listing = admin.get(reverse("wagtailusers_users:index")).content.decode()
    assert reset_url in listing and "Reset two-factor authentication" in listing

    national_client = english_client()  # a national editor, who cannot manage users otherwise
    national_client.force_login(national)
    assert national_client.get(reset_url).status_code == 200
    response = national_client.post(reset_url)
    assert response.status_code == 302
    assert not policy.has_two_factor(coordinator)


# --- Demo ------------------------------------------------------------------------------------


def test_demo_otp_prints_a_code_that_signs_in(new_coordinator):
    TOTPDeviceFactory(user=new_coordinator, key=DEMO_TOTP_KEY)  # the device the demo gives them
    out = StringIO()
    call_command("demo_otp", new_coordinator.username, stdout=out)
    code = out.getvalue().strip()
    assert re.fullmatch(r"\d{6}", code)
    client = sign_in(new_coordinator.username, PASSWORD)
    response = client.post(url("verify"), {"code": code, "next": "/en/registry/"})
    assert response.status_code == 302 and response["Location"] == "/en/registry/"


def test_demo_otp_refuses_a_real_device(desk_user):
    TOTPDevice.objects.create(user=desk_user, name="app", confirmed=True)
    with pytest.raises(CommandError):
        call_command("demo_otp", desk_user.username, stdout=StringIO())


def test_usable_code_skips_a_used_step(device):
    totp = TOTP(device.bin_key)
    totp.time = time.time()
    step = totp.t()
    codes = {}
    for offset in (0, 1):
        totp.drift = offset
        codes[offset] = f"{totp.token():06d}"
    device.last_t = step - 1
    assert usable_code(device, totp.time) == codes[0]
    device.last_t = step
    assert usable_code(device, totp.time) == codes[1]
    device.last_t = step + 1
    assert usable_code(device, totp.time) is None


@pytest.mark.parametrize(
    ("language", "heading", "message"),
    [
        ("fi", "Kirjoita koodisi", "Koodi on väärin."),
        ("sv", "Ange din kod", "Koden är fel."),
        ("fi-x-selko", "Kirjoita koodi", "Koodi on väärä."),
    ],
)
def test_pages_speak_the_users_language(coordinator, device, language, heading, message):
    client = password_only(coordinator)
    with translation.override(language):
        verify_url = reverse("accounts:verify")
    assert verify_url.startswith(f"/{language}/")
    assert f"<h1>{heading}</h1>" in client.get(verify_url).content.decode()
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    assert message in client.post(verify_url, {"code": wrong}).content.decode()
