"""Factories of the partners: venue pages with their caps, card distributor pages, and the pop-up
venues' index. Pages need `parent=`: a region page (tests.regions.factories) or, for a pop-up
venue, a PopUpVenueIndexPage under a national home page.

    venue = VenuePageFactory(parent=region_page, caps=[("show", 400, 20), ("visiting_producer", 400, 2)])
    pool = VenuePageFactory(parent=region_page, caps=[{"kind": "swimming_hall", "lanes": 6, "cap": 20}])
    popup = VenuePageFactory(parent=PopUpVenueIndexPageFactory(parent=home), place="Helsinki")

A venue's municipality is a new one of its region's unless given; a pop-up venue has none.
"""

import datetime

import factory

from partners.models import (
    DistributorKind,
    DistributorPage,
    DistributorSector,
    PopUpVenueIndexPage,
    VenueCap,
    VenuePage,
)
from partners.rules import CapKind
from regions.models import RegionPage
from tests.home.factories import BasePageFactory
from tests.regions.factories import MunicipalityFactory


def _region_municipality(page):
    """A new municipality of the parent region page's region (None under the pop-up index)."""
    parent = page.parent.specific if page.parent else None
    if isinstance(parent, RegionPage):
        return MunicipalityFactory(region=parent.region)
    return None


def _cap(spec):
    """A VenueCap from (kind, tickets or places, cap), or from a dict of its fields."""
    if isinstance(spec, VenueCap):
        return spec
    if isinstance(spec, dict):
        return VenueCap(**spec)
    kind, audience, cap = spec
    return VenueCap(kind=kind, audience=audience, cap=cap)


class PopUpVenueIndexPageFactory(BasePageFactory):
    """The nationally coordinated pop-up venues; pass `parent=` a national home page."""

    title = "Pop up -kohteet"

    class Meta:
        model = PopUpVenueIndexPage


class VenuePageFactory(BasePageFactory):
    """A published venue with one cap: 10 tickets of a 200-seat show (caps=[] for none)."""

    title = factory.Sequence(lambda n: f"Testiteatteri {n}")
    slug = factory.Sequence(lambda n: f"testiteatteri-{n}")
    category = "theatre"
    municipality = factory.LazyAttribute(_region_municipality)
    scope = "<p>Kaikki omat esitykset.</p>"
    address = "Testikatu 1"
    postal_code = "87100"
    contact_name = "Testi Henkilö"
    joined_on = datetime.date(2020, 1, 1)
    caps = ((CapKind.SHOW, 200, 10),)

    class Meta:
        model = VenuePage

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        # The caps go into the page before its first revision, so publishing keeps them.
        kwargs["caps"] = [_cap(spec) for spec in kwargs.get("caps") or ()]
        return kwargs


class DistributorPageFactory(BasePageFactory):
    """A published distributor that has started this year (pass `start_date=` for a future one)."""

    title = factory.Sequence(lambda n: f"Testijakaja {n}")
    slug = factory.Sequence(lambda n: f"testijakaja-{n}")
    organisation = factory.Sequence(lambda n: f"Testiorganisaatio {n}")
    unit = "Aikuissosiaalityö"
    kind = DistributorKind.SOCIAL_OFFICE
    sector = DistributorSector.MUNICIPALITY
    municipality = factory.LazyAttribute(_region_municipality)
    contact_name = "Testi Yhteyshenkilö"
    start_date = factory.LazyFunction(lambda: datetime.date(datetime.date.today().year, 1, 1))

    class Meta:
        model = DistributorPage
