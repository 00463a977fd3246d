"""Factories of the regions: Region (its coordinators' group comes from regions.signals),
Municipality, RegionCoordinator, the regions index, RegionPage and a region's subsite.

Slugs and names are sequences ("testialue-3", "Testikunta 7"), so they never meet the demo's
Kainuu or Kajaani when a session holds the demo too.

    region = RegionFactory(status=Region.Status.PILOTING)      # a pilot end date is filled in
    page = region_page(region, parent=RegionIndexPageFactory(parent=national_home()))
    site = region_site(page)        # on <page slug>.test, with the page as its root
"""

import datetime

import factory
from factory.django import DjangoModelFactory

from regions.models import (
    Municipality,
    NationalFee,
    Region,
    RegionCoordinator,
    RegionIndexPage,
    RegionNewsPage,
    RegionPage,
)
from tests.home.factories import BasePageFactory, SiteFactory, ensure_locales, translate


class RegionFactory(DjangoModelFactory):
    slug = factory.Sequence(lambda n: f"testialue-{n}")
    name_fi = factory.Sequence(lambda n: f"Testialue {n}")
    name_sv = ""
    status = Region.Status.IN_USE
    wellbeing_county = factory.LazyAttribute(lambda r: f"{r.name_fi}n hyvinvointialue")
    population = 50_000
    feedback_email = factory.LazyAttribute(lambda r: f"palaute.{r.slug}@example.fi")
    pilot_ends_on = factory.LazyAttribute(
        lambda r: datetime.date(2099, 12, 31) if r.status == Region.Status.PILOTING else None
    )

    class Meta:
        model = Region


class MunicipalityFactory(DjangoModelFactory):
    region = factory.SubFactory(RegionFactory)
    name_fi = factory.Sequence(lambda n: f"Testikunta {n}")

    class Meta:
        model = Municipality


class RegionCoordinatorFactory(DjangoModelFactory):
    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Koordinaattori {n}")
    side = RegionCoordinator.Side.CULTURE
    title = "kulttuurikoordinaattori"
    organisation = "Testikunnan kulttuuripalvelut"
    email = factory.Sequence(lambda n: f"koordinaattori{n}@example.fi")
    phone = "+358 40 000 0000"

    class Meta:
        model = RegionCoordinator


class NationalFeeFactory(DjangoModelFactory):
    year = 2023
    total = 29000
    total_population = 1_770_000

    class Meta:
        model = NationalFee
        django_get_or_create = ("year",)


class RegionIndexPageFactory(BasePageFactory):
    """The "Alueet" page; pass `parent=` a national home page."""

    title = "Alueet"
    show_in_menus = True

    class Meta:
        model = RegionIndexPage


class RegionPageFactory(BasePageFactory):
    """A region's home; pass `parent=` a regions index page. Title and slug follow the region."""

    region = factory.SubFactory(RegionFactory)
    title = factory.LazyAttribute(lambda p: p.region.name_fi)
    slug = factory.LazyAttribute(lambda p: p.region.slug)
    intro = factory.LazyAttribute(
        lambda p: f"<p>Kaikukortti {p.region.name_fi}: kohteet, kortinjakajat ja yhteystiedot.</p>"
    )

    class Meta:
        model = RegionPage


class RegionNewsPageFactory(BasePageFactory):
    """A region's local news item; pass `parent=` a region page."""

    date = factory.LazyFunction(datetime.date.today)
    intro = "<p>Paikallinen uutinen.</p>"

    class Meta:
        model = RegionNewsPage


def region_page(region, parent, languages=("sv", "en", "fi-x-selko"), **fields):
    """`region`'s page under the regions index `parent`, translated into `languages` (the index
    must have those translations too, e.g. from `translate(index, code)`)."""
    ensure_locales()
    page = RegionPageFactory(region=region, parent=parent, **fields)
    for code in languages:
        name = region.name_sv if code == "sv" and region.name_sv else region.name_fi
        translate(page, code, title=name)
    return page


def region_site(page, **fields):
    """The region's subsite: its own hostname (`<page slug>.test`) with the region page as root."""
    return SiteFactory(
        root_page=page,
        hostname=fields.pop("hostname", None) or f"{page.slug}.test",
        site_name=f"Kaikukortti {page.title}",
        **fields,
    )


# The regions index's slug in each language, as the national site has it ("Alueet").
INDEX_SLUGS = {
    "sv": ("Regioner", "regioner"),
    "en": ("Regions", "regions"),
    "fi-x-selko": ("Alueet", "alueet"),
}


def regions_index(home):
    """The "Alueet" page under the national `home`, translated into sv, en and plain Finnish."""
    index = RegionIndexPageFactory(parent=home, slug="alueet")
    for code, (title, slug) in INDEX_SLUGS.items():
        translate(index, code, title=title, slug=slug)
    return index
