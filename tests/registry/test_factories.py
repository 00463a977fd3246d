"""The registry factories make data the registry's own rules accept (tests/registry/factories.py)."""

import itertools

import pytest

from registry import cardnumbers, rules, services
from registry.models import Card
from tests.registry.factories import (
    CardBatchFactory,
    CardFactory,
    LegacyCardFactory,
    LegacyNumberFactory,
    OrganisationFactory,
    UseFactory,
)

pytestmark = [pytest.mark.django_db]


def test_cards_have_valid_numbers_in_their_own_regions_batch():
    cards = CardFactory.create_batch(3)
    for card in cards:
        parsed = services.parse_number(card.number)
        assert parsed.kind == cardnumbers.Kind.NEW
        assert card.batch.region == card.region == card.issued_by.region
        # The registry would let the issuing unit's region register exactly this number.
        card.delete()
        assert services.allocation_for(parsed, card.region) == (card.batch, None)


def test_batches_never_overlap_and_avoid_the_demos_letters():
    batches = CardBatchFactory.create_batch(3) + [CardBatchFactory(size=10)]
    assert not {batch.letter for batch in batches} & {"A", "K", "L"}
    ranges = sorted((b.letter, b.first_serial, b.last_serial) for b in batches)
    for (letter, _first, last), (next_letter, next_first, _last) in itertools.pairwise(ranges):
        assert letter != next_letter or last < next_first
    assert batches[-1].size == 10


def test_the_default_card_is_usable_and_the_traits_are_what_they_say(today):
    assert rules.card_refusal(CardFactory(), today) is None
    assert rules.card_refusal(CardFactory(expired=True), today).code == "expired"
    assert CardFactory(ended=True).status == Card.Status.ENDED
    community = CardFactory(community=True)
    assert community.is_community and community.community_name
    assert community.birth_year is None and community.postal_code == ""


def test_legacy_numbers_have_the_old_shape_and_fail_the_check_digits():
    legacy = LegacyNumberFactory()
    assert cardnumbers.SHAPE.match(legacy.number)
    assert not cardnumbers.is_valid_new(legacy.number)
    card = LegacyCardFactory()
    assert card.is_legacy and card.batch is None
    assert services.find_card(card.number)[1] == card


def test_organisation_traits_and_a_use_at_a_venue_of_the_cards_region():
    popup = OrganisationFactory(popup=True)
    assert popup.region is None and popup.kind == "venue"
    use = UseFactory()
    assert use.venue.records_uses and use.venue.region == use.card.region
    assert not use.is_undone and UseFactory(undone=True).is_undone
