"""The yearly maintenance fee split by population (DOMAIN.md: four checks, 2023 total 29 000 €)."""

from decimal import Decimal

import pytest

from regions.fees import maintenance_fee
from regions.models import NationalFee
from tests.regions.factories import NationalFeeFactory, RegionFactory

pytestmark = pytest.mark.django_db

TOTAL_2023, POPULATION_2023 = Decimal("29000"), 1_770_000


@pytest.mark.parametrize(
    ("population", "deck_says"),
    [(244_000, 2012), (36_000, 300), (8_000, 73), (2_500, 18)],
)
def test_domain_checks(population, deck_says):
    fee = maintenance_fee(population, TOTAL_2023, POPULATION_2023)
    # The deck's figures are "about" and rounded (see regions/fees.py); each is met within 15 €.
    assert abs(fee - deck_says) <= 15
    assert abs(fee - deck_says) / deck_says <= 0.15


def test_proportional_and_whole_euros():
    assert maintenance_fee(244_000, TOTAL_2023, POPULATION_2023) == 1999
    assert maintenance_fee(0, TOTAL_2023, POPULATION_2023) == 0
    # All payers together pay the total: the municipalities' half plus the other half.
    half = maintenance_fee(POPULATION_2023, TOTAL_2023, POPULATION_2023)
    assert half == 14_500
    assert half + maintenance_fee(POPULATION_2023, TOTAL_2023, POPULATION_2023, 50) == 29_000


def test_negative_population_is_refused():
    with pytest.raises(ValueError):
        maintenance_fee(-1, TOTAL_2023, POPULATION_2023)


def test_yearly_setting_and_region_fee():
    # The 2023 setting as the national office enters it (DOMAIN.md: about 29 000 €, half each).
    setting = NationalFeeFactory(
        year=2023, total=TOTAL_2023, total_population=POPULATION_2023, municipal_share=50
    )
    assert setting.fee_for(244_000) == (1999, 1999)
    region = RegionFactory(population=70_000)
    assert region.yearly_fee(2023) == setting.fee_for(70_000)
    assert NationalFee.for_year(2030) == setting  # the latest earlier year applies
    assert NationalFee.for_year(2020) is None
