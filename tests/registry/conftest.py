"""Registry fixtures: two regions, each with its organisations and their staff, built with the
factories (tests/registry/factories.py).

``region`` holds a distributor ``unit``, a ``venue`` and a ticket ``agency``; ``other_region`` a
unit and a venue of its own (for "not in my region" checks). ``users`` are the people in their
roles, ``family_card``, ``community_card`` and ``expired_card`` the unit's cards a desk tries.

The files that still read the demo (those marked ``pytest.mark.demo``: the statistics' and the
desks' fuzzing) get the demo's objects of the same fixtures instead (`_demo`), under the names
they have always used (``kainuu``, ``lappi``, ``lappi_unit`` ...).
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from regions.models import Region
from registry import cardnumbers
from registry.models import Card, CardBatch, Organisation
from tests.accounts.factories import CoordinatorFactory, NationalEditorFactory, RegistryStaffFactory
from tests.regions.factories import RegionFactory
from tests.registry.factories import (
    CardBatchFactory,
    CardFactory,
    DistributorUnitFactory,
    TicketAgencyFactory,
    VenueOrganisationFactory,
    days_ago,
)


def _demo(request) -> bool:
    return request.node.get_closest_marker("demo") is not None


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def region(db):
    return RegionFactory()


@pytest.fixture
def other_region(db):
    return RegionFactory()


def _organisation(request, key, factory):
    """The demo's organisation in a demo file; otherwise a new one of `region`."""
    if _demo(request):
        return _demo_organisation(key)
    return factory(region=request.getfixturevalue("region"))


@pytest.fixture
def unit(request, db):
    return _organisation(request, "unit", DistributorUnitFactory)


@pytest.fixture
def venue(request, db):
    return _organisation(request, "venue", VenueOrganisationFactory)


@pytest.fixture
def agency(request, db):
    return _organisation(request, "agency", TicketAgencyFactory)


@pytest.fixture
def other_unit(other_region):
    return DistributorUnitFactory(region=other_region)


@pytest.fixture
def other_venue(other_region):
    return VenueOrganisationFactory(region=other_region)


@pytest.fixture
def batch(region):
    """A printed batch of `region`'s card numbers."""
    return CardBatchFactory(region=region)


@pytest.fixture
def users(request, db):
    """The people in their roles: desk staff of each organisation (the unit's and the venue's as
    the shared unit account), both regions' coordinators and a national editor."""
    if _demo(request):
        return _demo_users()
    unit, venue, agency = (request.getfixturevalue(name) for name in ("unit", "venue", "agency"))
    other_unit, other_venue = (
        request.getfixturevalue("other_unit"),
        request.getfixturevalue("other_venue"),
    )
    return {
        "distributor": RegistryStaffFactory(organisation=unit, is_unit_account=True),
        "venue": RegistryStaffFactory(organisation=venue, is_unit_account=True),
        "agency": RegistryStaffFactory(organisation=agency),
        "coordinator": CoordinatorFactory(region=unit.region),
        "other_coordinator": CoordinatorFactory(region=other_unit.region),
        "national": NationalEditorFactory(),
        "other_distributor": RegistryStaffFactory(organisation=other_unit),
        "other_venue": RegistryStaffFactory(organisation=other_venue),
    }


def _unit_card(request, demo_serial, **fields):
    """The demo's card K<demo_serial> in a demo file; otherwise a new card of the unit."""
    if _demo(request):
        return Card.objects.get(number=cardnumbers.make_number("K", demo_serial))
    unit, batch = request.getfixturevalue("unit"), request.getfixturevalue("batch")
    return CardFactory(issued_by=unit, batch=batch, **fields)


@pytest.fixture
def family_card(request, db):
    """A personal card issued a month ago, with two children's tickets."""
    return _unit_card(request, 1, issued_on=days_ago(30), children_count=2)


@pytest.fixture
def community_card(request, db):
    """The unit's community card, issued 20 days ago, with one child's ticket."""
    return _unit_card(request, 2, community=True, issued_on=days_ago(20), children_count=1)


@pytest.fixture
def expired_card(request, db):
    """An active card whose 12 months ended a month ago."""
    return _unit_card(request, 3, expired=True)


@pytest.fixture
def free_number(request, db):
    """`free_number()`: a number of the region's batch that no card has yet."""
    batch = request.getfixturevalue("kainuu_batch" if _demo(request) else "batch")
    serials = iter(range(batch.first_serial, batch.last_serial + 1))

    def make():
        for serial in serials:
            number = cardnumbers.make_number(batch.letter, serial)
            if not Card.objects.filter(number=number).exists():
                return number
        raise AssertionError("the batch is full")

    return make


@pytest.fixture
def make_card(request, unit, today, free_number):
    """`make_card(**fields)`: a personal card of the unit, issued ten days ago, with two children."""
    batch = request.getfixturevalue("kainuu_batch" if _demo(request) else "batch")

    def make(**fields):
        data = {
            "number": free_number(),
            "batch": batch,
            "issued_by": unit,
            "issued_on": today - datetime.timedelta(days=10),
            "valid_until": today + datetime.timedelta(days=300),
            "children_count": 2,
        }
        data.update(fields)
        return CardFactory(**data)

    return make


@pytest.fixture
def api(users):
    """An API client with the ticket agency's token."""
    token, _ = Token.objects.get_or_create(user=users["agency"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


# The demo's objects, for the files that still read the demo (marked ``pytest.mark.demo``).

DEMO_ORGANISATIONS = {
    "unit": "Kajaanin aikuissosiaalityö",
    "venue": "Kajaanin kaupunginteatteri",
    "agency": "Lipputoimisto Kainuu",
    "lappi_unit": "Rovaniemen etsivä nuorisotyö",
    "lappi_venue": "Rovaniemen kaupunginmuseo",
}
DEMO_USERS = {
    "distributor": "jakaja-kajaani",
    "venue": "kohde-kajaani",
    "agency": "lipputoimisto",
    "kainuu_coordinator": "koordinaattori-kainuu",
    "lappi_coordinator": "koordinaattori-lappi",
    "national": "rekisteri-kansallinen",
    "lappi_distributor": "jakaja-rovaniemi",
    "lappi_venue": "kohde-rovaniemi",
}


def _demo_organisation(key):
    return Organisation.objects.get(name=DEMO_ORGANISATIONS[key])


def _demo_users():
    User = get_user_model()
    return {role: User.objects.get(username=name) for role, name in DEMO_USERS.items()}


@pytest.fixture
def kainuu(db):
    return Region.objects.get(slug="kainuu")


@pytest.fixture
def lappi(db):
    return Region.objects.get(slug="lappi")


@pytest.fixture
def lappi_unit(db):
    return _demo_organisation("lappi_unit")


@pytest.fixture
def lappi_venue(db):
    return _demo_organisation("lappi_venue")


@pytest.fixture
def kainuu_batch(kainuu):
    return CardBatch.objects.get(region=kainuu, letter="K", first_serial=1)
