"""Issue 16.11: the public commitment form and what its sender sees and gets afterwards."""

import re

from django.core import mail

import pytest

from home.models import SiteSettings
from materials.models import Commitment
from regions.models import Region, RegionCoordinator
from tests.home.factories import ContentPageFactory, national_site, translate
from tests.regions.factories import MunicipalityFactory, RegionFactory

from .test_commitments import form_url, valid_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("operating_model")]


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_spam_trap_is_hidden_from_people_and_assistive_technology(client):
    html = client.get(form_url()).content.decode()
    trap = re.search(
        r'<div class="([^"]*)" aria-hidden="true">\s*<label[^>]*>[^<]*</label>(<input[^>]*>)', html
    )
    assert trap, "the spam trap's wrapper"
    assert "visually-hidden" in trap.group(1).split()
    assert 'tabindex="-1"' in trap.group(2) and 'autocomplete="off"' in trap.group(2)


def test_privacy_statement_is_a_link_in_every_language(client):
    # The national site's settings name its privacy statement, translated into Swedish.
    site = national_site()
    privacy = ContentPageFactory(
        parent=site.root_page, title="Tietosuojaseloste", slug="tietosuojaseloste"
    )
    translate(privacy, "sv", title="Dataskyddsbeskrivning", slug="dataskyddsbeskrivning")
    settings = SiteSettings.for_site(site)
    settings.privacy_page = privacy
    settings.save()
    for lang, path in [("fi", "/fi/tietosuojaseloste/"), ("sv", "/sv/dataskyddsbeskrivning/")]:
        html = client.get(form_url(lang)).content.decode()
        main = re.search(r"<main.*</main>", html, re.S).group(0)  # the footer links it anyway
        assert f'href="{path}"' in main, lang


def test_every_region_with_municipalities_can_be_chosen(client):
    # A coming region (as Pohjois-Savo in DOMAIN.md) whose municipalities have not joined yet.
    coming = RegionFactory(name_fi="Testisavo", status=Region.Status.COMING)
    MunicipalityFactory(region=coming, joined=False)
    html = client.get(form_url()).content.decode()
    regions = re.search(r'<select name="region".*?</select>', html, re.S).group(0)
    assert ">Testisavo<" in regions
    assert 'label="Testisavo"' in html  # its municipalities were already offered


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("0112038-9", True),  # Nokia Oyj
        ("01120389", True),  # without the hyphen
        ("0112038-8", False),  # wrong check digit
        ("112038-9", False),  # six digits
        ("abcdefg-h", False),
        ("1234568-1", False),  # remainder 1: no valid check digit exists (see below)
    ],
)
def test_business_id_check_digit(value, ok):
    from materials.validators import business_id_problem

    assert (business_id_problem(value) is None) is ok


def test_business_id_remainder_one_has_no_valid_number():
    from materials.validators import business_id_problem

    weights = (7, 9, 10, 5, 8, 4, 2)
    digits = "1234568"
    assert sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 1
    assert all(business_id_problem(f"{digits}-{c}") for c in "0123456789")


def test_business_id_is_optional_validated_and_stored(client, region):
    response = client.post(form_url("en"), valid_data(region, business_id="0112038-8"))
    assert response.status_code == 400
    assert 'href="#id_business_id"' in response.content.decode()
    assert client.post(form_url(), valid_data(region, business_id="01120389")).status_code == 302
    assert Commitment.objects.get().business_id == "0112038-9"
    assert (
        client.post(form_url(), valid_data(region, contact_email="b@example.fi")).status_code == 302
    )


def test_confirmation_and_receipt_say_who_contacts_and_when(client, region):
    RegionCoordinator.objects.filter(region=region).delete()
    RegionCoordinator.objects.create(region=region, name="Kaija Kulttuuri", side="culture")
    RegionCoordinator.objects.create(region=region, name="Sanna Sote", side="social")
    response = client.post(form_url(), valid_data(region, partner_type="venue"))
    page = client.get(response["Location"]).content.decode()
    assert "Kaija Kulttuuri" in page and "Sanna Sote" not in page
    assert "kahden viikon" in page
    assert "kuka tahansa" not in page
    receipt = [m for m in mail.outbox if m.to == ["maija@example.fi"]]
    assert len(receipt) == 1
    assert "Kaija Kulttuuri" in receipt[0].body
    assert "kahden viikon" in receipt[0].body
    assert response["Location"] in receipt[0].body
