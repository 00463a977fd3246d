"""The registry's models (Kaikukanta): organisations and their people, card batches, cards, uses."""

from .cards import Card, CardBatch, CardEvent, LegacyNumber
from .organisations import Membership, Organisation
from .uses import Use

__all__ = ["Card", "CardBatch", "CardEvent", "LegacyNumber", "Membership", "Organisation", "Use"]
