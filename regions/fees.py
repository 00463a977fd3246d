"""The yearly maintenance fee of the registry and the national site, split by population.

DOMAIN.md ("Regions and coordinators"), from seed 001: "the costs are split between the social and
health side and the municipalities, weighted by the municipalities' size; in 2023 about 29 000 € in
total", with four examples: population 244 000 → about 2 012 €, 36 000 → 300 €, 8 000 → 73 €,
2 500 → 18 €, and the regions' population in 2023 about 1.77 million.

Half of 29 000 € over 1.77 million people is 0.82 cents a person: 244 000 → 1 999 €, 36 000 → 295 €,
8 000 → 66 €, 2 500 → 20 €. The deck's figures are rounded ("n.") and not exactly proportional to
each other (2 500 → 18 € is 0.72 c a person, 8 000 → 73 € is 0.91 c), so no one formula meets all
four exactly; the proportional split meets each within 15 € (the big ones within 2 %), which is what the tests check.
"""

from decimal import ROUND_HALF_UP, Decimal


def maintenance_fee(population, total, total_population, share_percent=Decimal("50")) -> int:
    """One payer's yearly fee in whole euros: its population's share of `share_percent` of `total`.

    A payer is a municipality (the municipalities' share) or the social and health side for the
    same population (the other share).
    """
    if not population or not total_population:
        return 0
    if population < 0 or total_population < 0:
        raise ValueError("population cannot be negative")
    amount = (
        Decimal(total)
        * Decimal(share_percent)
        / Decimal(100)
        * Decimal(population)
        / Decimal(total_population)
    )
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
