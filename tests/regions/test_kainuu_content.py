"""The demo content itself, so these read the demo: its regions as DOMAIN.md lists them (the deck's
map slide), every region and municipality, each region's pages in four languages and its subsite,
the demo loader run again changing none of it, and the brochures an editor finds to approve."""

from django.core.management import call_command

from wagtail.models import Locale, Page, Site, WorkflowState

import pytest

from materials.models import Brochure
from partners.models import DistributorPage, VenuePage
from regions.models import Municipality, Region, RegionPage

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

DOMAIN_REGIONS = {
    "etela-karjala": ["Imatra", "Lappeenranta"],
    "etela-pohjanmaa": ["Evijärvi", "Kauhava", "Lappajärvi", "Seinäjoki", "Alajärvi", "Vimpeli"],
    "etela-savo": ["Savonlinna"],
    "kainuu": [
        "Hyrynsalmi",
        "Kajaani",
        "Kuhmo",
        "Paltamo",
        "Puolanka",
        "Ristijärvi",
        "Sotkamo",
        "Suomussalmi",
    ],
    "kanta-hame": [
        "Forssa",
        "Hausjärvi",
        "Humppila",
        "Hämeenlinna",
        "Jokioinen",
        "Loppi",
        "Riihimäki",
        "Tammela",
        "Ypäjä",
    ],
    "keski-pohjanmaa": [
        "Halsua",
        "Kannus",
        "Kaustinen",
        "Kokkola",
        "Lestijärvi",
        "Perho",
        "Toholampi",
        "Veteli",
    ],
    "keski-uusimaa": ["Järvenpää", "Nurmijärvi", "Tuusula"],
    "kymenlaakso": ["Kotka"],
    "lappi": ["Kemi", "Keminmaa", "Rovaniemi", "Tornio", "Haaparanta"],
    "lansi-uusimaa": ["Espoo", "Karkkila", "Kauniainen", "Lohja"],
    "pirkanmaa": ["Tampere"],
    "pohjanmaa": ["Korsnäs", "Kruunupyy", "Mustasaari", "Närpiö", "Vaasa", "Vöyri"],
    "pohjois-pohjanmaa": ["Alavieska", "Kempele", "Nivala", "Oulu", "Sievi"],
}


def test_every_region_and_municipality_of_domain_md():
    for slug, names in DOMAIN_REGIONS.items():
        region = Region.objects.get(slug=slug)
        assert set(names) <= set(region.municipalities.values_list("name_fi", flat=True)), slug
    assert Region.objects.get(slug="kymenlaakso").status == Region.Status.PILOTING
    assert Region.objects.get(slug="pohjois-savo").status == Region.Status.COMING
    assert (
        Region.objects.get(slug="pohjois-savo").municipalities.count() == 19
    )  # Kuopio and 18 others
    assert Municipality.objects.get(name_fi="Kruunupyy").name_sv == "Kronoby"
    assert Municipality.objects.get(name_fi="Kauniainen").name_sv == "Grankulla"
    assert Municipality.objects.get(name_fi="Espoo").name_sv == "Esbo"
    assert Region.objects.get(slug="kainuu").wellbeing_county == "Kainuun hyvinvointialue"


def test_every_region_has_a_site_and_pages_in_four_locales():
    for region in Region.objects.all():
        fi_page = RegionPage.objects.get(region=region, locale__language_code="fi")
        assert Site.objects.get(root_page=fi_page).hostname == f"{region.slug}.localhost"
        assert RegionPage.objects.filter(region=region).count() == Locale.objects.count()


def test_demo_loader_runs_twice_without_duplicates():
    counts = lambda: (  # noqa: E731
        Page.objects.count(),
        Region.objects.count(),
        Municipality.objects.count(),
        RegionPage.objects.count(),
        VenuePage.objects.count(),
        DistributorPage.objects.count(),
        Site.objects.count(),
    )
    before = counts()
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == before


def test_demo_has_a_brochure_awaiting_approval_and_an_approved_one():
    states = WorkflowState.objects.filter(base_content_type__model="brochure")
    awaiting = [Brochure.objects.get(pk=s.object_id) for s in states.filter(status="in_progress")]
    assert awaiting, "an editor signing in has a brochure to approve"
    assert any(b.is_approved for b in Brochure.objects.all())
