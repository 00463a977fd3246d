"""The national texts every brochure carries, in the brochure's language.

They are interface strings (gettext), rendered with the brochure's language active, so the
translation catalogs hold them in Finnish, Swedish, plain Finnish and English (the source).
"""

from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext


def must_says(language):
    """The national must-says (DOMAIN.md, "The card" and "Venues"): validity, children's tickets,
    a cap is not a quota, privacy. [(heading, text), …]"""
    with translation.override(language):
        return [
            (
                gettext("Validity"),
                gettext(
                    "The card is valid for 12 months from the day it was given, or until the "
                    "end of the region's pilot. It works in every Kaikukortti region."
                ),
            ),
            (
                gettext("Children's tickets"),
                gettext(
                    "You get free tickets also for your own children and grandchildren under 16 "
                    "to the same event. This does not apply to course places."
                ),
            ),
            (
                gettext("A cap is not a quota"),
                gettext(
                    "A venue may set a cap: the most card tickets for one show. The cap is not a "
                    "reserved quota. Book early, like everyone else."
                ),
            ),
            (
                gettext("Privacy"),
                gettext(
                    "Your name, birth date, identity number, address and phone number are never "
                    "recorded. At the venue you show only your card."
                ),
            ),
        ]


def intro_template(language, region):
    """The national intro text template, as rich text, for a region's brochure."""
    with translation.override(language):
        first = gettext(
            "Kaikukortti is a free culture card. It is for people aged 16 or over who are "
            "clients of a social, health or welfare service and whose money is tight."
        )
        second = gettext(
            "With the card you get free tickets to the venues of %(region)s listed in this "
            "brochure, and to the venues of every other Kaikukortti region."
        ) % {"region": region.name}
        third = gettext(
            "Ask for the card at one of the distributors listed in this brochure. The card is "
            "personal and free."
        )
    return "".join(f"<p>{escape(t)}</p>" for t in (first, second, third))
