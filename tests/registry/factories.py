"""Factories for the registry (Kaikukanta): organisations and their people, card batches, cards,
uses, the audit log and API tokens.

A test passes what it is about and lets the rest default: ``CardFactory(children_count=2)`` is an
active personal card of a new distributor unit in a new region, valid for the usual 12 months from
today. Nothing collides with the demo data (demo/fixtures/registry.json), so a test using these
also passes in a session that loads the demo:

- names come from sequences ("Testiyksikkö 7");
- every batch gets its own range of serials, under a letter the demo never uses (the demo prints K
  and L, and imports the legacy A045198723), so a card's number lies in its batch and no two
  regions' batches overlap (registry.services.allocation_for looks a number up by range);
- legacy numbers start with B, have the legacy shape and fail the new format's check digits.

Regions come from tests/regions/factories.py and users from tests/accounts/factories.py (named by
path, so each app keeps its own factories).
"""

import datetime
import uuid

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory
from rest_framework.authtoken.models import Token

from registry import cardnumbers, rules
from registry.models import (
    Card,
    CardBatch,
    CardEvent,
    LegacyNumber,
    Membership,
    Organisation,
    Use,
)

REGION_FACTORY = "tests.regions.factories.RegionFactory"
USER_FACTORY = "tests.accounts.factories.UserFactory"

# Letters for the factories' batches: not the demo's K and L, not A (the demo's legacy number), not
# T and Q (tests/registry/test_exports.py and test_services.py type numbers of their own with them).
BATCH_LETTERS = "CDEFGHJMNPRSUVWXYZ"
BATCH_SIZE = 10_000
BATCHES_PER_LETTER = cardnumbers.SERIAL_MAX // BATCH_SIZE
LEGACY_LETTER = "B"


def today():
    return timezone.localdate()


def _batch_letter(n):
    return BATCH_LETTERS[(n // BATCHES_PER_LETTER) % len(BATCH_LETTERS)]


def _batch_first_serial(n):
    return (n % BATCHES_PER_LETTER) * BATCH_SIZE + 1


def number_in(batch, n):
    """The n-th new card number of `batch` (wrapping round inside the batch)."""
    return cardnumbers.make_number(batch.letter, batch.first_serial + n % batch.size)


def legacy_number(n):
    """A number in the legacy shape (a letter and nine digits) that fails the new check digits."""
    serial = n * 10
    while True:
        number = f"{LEGACY_LETTER}{serial:09d}"
        if not cardnumbers.is_valid_new(number):
            return number
        serial += 1


class OrganisationFactory(DjangoModelFactory):
    """A distributor unit (the default kind) of a new region; ``venue=True``,
    ``ticket_agency=True`` and ``popup=True`` (a national pop-up venue, no region) change it."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Testiyksikkö {n}")
    kind = Organisation.Kind.DISTRIBUTOR
    region = factory.SubFactory(REGION_FACTORY)

    class Params:
        venue = factory.Trait(
            kind=Organisation.Kind.VENUE, name=factory.Sequence(lambda n: f"Testikohde {n}")
        )
        ticket_agency = factory.Trait(
            kind=Organisation.Kind.TICKET_AGENCY,
            name=factory.Sequence(lambda n: f"Testilipputoimisto {n}"),
        )
        popup = factory.Trait(
            kind=Organisation.Kind.VENUE,
            region=None,
            name=factory.Sequence(lambda n: f"Testi pop up -kohde {n}"),
        )


class DistributorUnitFactory(OrganisationFactory):
    pass


class VenueOrganisationFactory(OrganisationFactory):
    venue = True


class TicketAgencyFactory(OrganisationFactory):
    ticket_agency = True


class MembershipFactory(DjangoModelFactory):
    """A user working for an organisation (a new user of a new distributor unit by default)."""

    class Meta:
        model = Membership

    user = factory.SubFactory(USER_FACTORY)
    organisation = factory.SubFactory(DistributorUnitFactory)
    role = Membership.Role.STAFF
    is_unit_account = False


class CardBatchFactory(DjangoModelFactory):
    """A printed batch of new numbers of a new region (10,000 unless ``size=`` says otherwise), a
    range no other batch holds."""

    class Meta:
        model = CardBatch

    region = factory.SubFactory(REGION_FACTORY)
    letter = factory.Sequence(_batch_letter)
    first_serial = factory.Sequence(_batch_first_serial)
    last_serial = factory.LazyAttribute(lambda o: o.first_serial + o.size - 1)
    created_by = None

    class Params:
        size = BATCH_SIZE


class CardFactory(DjangoModelFactory):
    """An active personal card registered today by a distributor unit, in the unit's region and
    from a batch of that region, valid for the default period (rules.default_valid_until).

    Traits: ``community`` (a community card: the organisation's name, no background data),
    ``expired`` (issued 13 months ago, its 12 months over), ``ended``, ``withdrawn``.
    """

    class Meta:
        model = Card

    issued_by = factory.SubFactory(DistributorUnitFactory)
    region = factory.LazyAttribute(lambda o: o.issued_by.region)
    batch = factory.SubFactory(CardBatchFactory, region=factory.SelfAttribute("..region"))
    number = factory.LazyAttributeSequence(lambda o, n: number_in(o.batch, n))
    kind = Card.Kind.PERSONAL
    issued_on = factory.LazyFunction(today)
    valid_until = factory.LazyAttribute(lambda o: rules.default_valid_until(o.issued_on, o.region))
    children_count = 0
    birth_year = 1980
    postal_code = "87100"
    status = Card.Status.ACTIVE

    class Params:
        community = factory.Trait(
            kind=Card.Kind.COMMUNITY,
            community_name=factory.LazyAttribute(lambda o: f"{o.issued_by.name}: yhteisökortti"),
            birth_year=None,
            postal_code="",
        )
        expired = factory.Trait(
            issued_on=factory.LazyFunction(lambda: rules.add_months(today(), -13)),
            valid_until=factory.LazyAttribute(lambda o: rules.add_months(o.issued_on, 12)),
        )
        ended = factory.Trait(status=Card.Status.ENDED)
        withdrawn = factory.Trait(status=Card.Status.WITHDRAWN)


class LegacyNumberFactory(DjangoModelFactory):
    """An imported old-format number allocated to a region (not yet registered as a card)."""

    class Meta:
        model = LegacyNumber

    number = factory.Sequence(legacy_number)
    region = factory.SubFactory(REGION_FACTORY)


class LegacyCardFactory(CardFactory):
    """A registered card with an imported legacy number (no batch)."""

    batch = None
    is_legacy = True
    number = factory.LazyAttribute(
        lambda o: LegacyNumberFactory(region=o.region).number,
    )


class UseFactory(DjangoModelFactory):
    """One adult's ticket recorded now at a venue of the card's region."""

    class Meta:
        model = Use

    card = factory.SubFactory(CardFactory)
    venue = factory.SubFactory(
        VenueOrganisationFactory, region=factory.SelfAttribute("..card.region")
    )
    kind = Use.Kind.TICKET
    adults = 1
    children = 0
    idempotency_key = factory.LazyFunction(uuid.uuid4)

    class Params:
        course = factory.Trait(kind=Use.Kind.COURSE)
        undone = factory.Trait(undone_at=factory.LazyFunction(timezone.now))


class CardEventFactory(DjangoModelFactory):
    """An audit-log entry: the card's registration by its issuing unit, by default."""

    class Meta:
        model = CardEvent

    card = factory.SubFactory(CardFactory)
    action = CardEvent.Action.REGISTERED
    organisation = factory.SelfAttribute("card.issued_by")
    by = None


class TokenFactory(DjangoModelFactory):
    """A registry API token (DRF's own) of a new user; give ``user=RegistryStaffFactory(
    organisation=agency)`` (tests/accounts/factories.py) for a ticket agency's."""

    class Meta:
        model = Token

    user = factory.SubFactory(USER_FACTORY)


def days_ago(days):
    return today() - datetime.timedelta(days=days)
