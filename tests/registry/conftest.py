"""Registry fixtures over the demo data (registry/demo.py), loaded once per session."""

import datetime

from django.utils import timezone

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from registry import cardnumbers
from registry.models import Card, CardBatch, Organisation


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def kainuu(db):
    from regions.models import Region

    return Region.objects.get(slug="kainuu")


@pytest.fixture
def lappi(db):
    from regions.models import Region

    return Region.objects.get(slug="lappi")


@pytest.fixture
def unit(db):
    return Organisation.objects.get(name="Kajaanin aikuissosiaalityö")


@pytest.fixture
def venue(db):
    return Organisation.objects.get(name="Kajaanin kaupunginteatteri")


@pytest.fixture
def agency(db):
    return Organisation.objects.get(name="Lipputoimisto Kainuu")


@pytest.fixture
def lappi_unit(db):
    return Organisation.objects.get(name="Rovaniemen etsivä nuorisotyö")


@pytest.fixture
def lappi_venue(db):
    return Organisation.objects.get(name="Rovaniemen kaupunginmuseo")


@pytest.fixture
def users(db):
    from django.contrib.auth import get_user_model

    names = {
        "distributor": "jakaja-kajaani",
        "venue": "kohde-kajaani",
        "agency": "lipputoimisto",
        "kainuu_coordinator": "koordinaattori-kainuu",
        "lappi_coordinator": "koordinaattori-lappi",
        "national": "rekisteri-kansallinen",
        "lappi_distributor": "jakaja-rovaniemi",
        "lappi_venue": "kohde-rovaniemi",
    }
    User = get_user_model()
    return {role: User.objects.get(username=name) for role, name in names.items()}


@pytest.fixture
def kainuu_batch(kainuu):
    return CardBatch.objects.get(region=kainuu, letter="K", first_serial=1)


@pytest.fixture
def free_number(kainuu_batch):
    """Numbers from the Kainuu batch that no demo card uses."""
    serials = iter(range(1500, 2001))

    def make():
        return cardnumbers.make_number("K", next(serials))

    return make


@pytest.fixture
def family_card(db):
    return Card.objects.get(number=cardnumbers.make_number("K", 1))


@pytest.fixture
def community_card(db):
    return Card.objects.get(number=cardnumbers.make_number("K", 2))


@pytest.fixture
def expired_card(db):
    return Card.objects.get(number=cardnumbers.make_number("K", 3))


@pytest.fixture
def make_card(unit, kainuu_batch, free_number, today):
    def make(**fields):
        data = {
            "number": free_number(),
            "batch": kainuu_batch,
            "region": unit.region,
            "issued_by": unit,
            "issued_on": today - datetime.timedelta(days=10),
            "valid_until": today + datetime.timedelta(days=300),
            "children_count": 2,
            "birth_year": 1980,
            "postal_code": "87100",
        }
        data.update(fields)
        return Card.objects.create(**data)

    return make


@pytest.fixture
def api(users):
    """An API client with the ticket agency's token."""
    token, _ = Token.objects.get_or_create(user=users["agency"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
