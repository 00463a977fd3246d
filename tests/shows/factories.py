"""Factories of the shows: a venue's show (in Finnish, the default language) and a venue's Linked
Events source. Pass `venue=` a venue page (tests.partners.factories.VenuePageFactory).

    show = ShowFactory(venue=venue, start=timezone.now() + timedelta(days=3))
    swedish = translate_show(show, "sv", "Snödrottningen")
"""

import datetime

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from partners.rules import CapKind
from shows.models import Show, VenueEventSource, WhatsOnPage
from tests.home.factories import BasePageFactory, ensure_locales, finnish


class ShowFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Testiesitys {n}")
    start = factory.LazyFunction(
        lambda: timezone.now().replace(microsecond=0) + datetime.timedelta(days=7)
    )
    end = factory.LazyAttribute(lambda show: show.start + datetime.timedelta(hours=2))
    kind = CapKind.SHOW
    venue_cap = factory.LazyAttribute(lambda show: show.venue.caps.filter(kind=show.kind).first())
    buy_url = "https://liput.example.fi/esitys"
    locale = factory.LazyFunction(finnish)

    class Meta:
        model = Show


def translate_show(show, language_code, title):
    """`show`'s row in another language, as wagtail-localize's translation leaves it."""
    translation = show.copy_for_translation(ensure_locales()[language_code])
    translation.title = title
    translation.save()
    return translation


class VenueEventSourceFactory(DjangoModelFactory):
    place_id = "tprek:7254"
    kind = CapKind.SHOW

    class Meta:
        model = VenueEventSource


class WhatsOnPageFactory(BasePageFactory):
    """The national "what's on" page; pass `parent=` a national home page."""

    title = "Mitä kortilla tänään"
    slug = "ohjelma"

    class Meta:
        model = WhatsOnPage
