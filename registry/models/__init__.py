"""The registry's models (Kaikukanta): organisations and their people, card batches, cards, uses,
and the statistics rollups derived from them."""

from .cards import Card, CardBatch, CardEvent, LegacyNumber
from .organisations import Membership, Organisation
from .rollups import (
    CardEventRepeatRollup,
    CardRollup,
    CardTraitByUnitRollup,
    CardTraitRollup,
    CardUseCount,
    UseByUnitRollup,
    UseRollup,
)
from .uses import Use

__all__ = [
    "Card",
    "CardBatch",
    "CardEvent",
    "CardEventRepeatRollup",
    "CardRollup",
    "CardTraitByUnitRollup",
    "CardTraitRollup",
    "CardUseCount",
    "LegacyNumber",
    "Membership",
    "Organisation",
    "Use",
    "UseByUnitRollup",
    "UseRollup",
]
