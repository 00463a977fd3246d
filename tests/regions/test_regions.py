"""Regions: demo data, pages, subsites, coordinators' groups and their page permissions."""

from wagtail.models import GroupPagePermission, Locale, Site

import pytest

from home.models import HomePage
from partners.models import DistributorPage, VenuePage
from regions.models import Municipality, Region, RegionIndexPage, RegionNewsPage, RegionPage
from regions.signals import COORDINATOR_PAGE_PERMISSIONS

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


def test_regions_page_lists_every_region_with_both_names(client):
    response = client.get("/fi/alueet/")
    assert response.status_code == 200
    html = response.content.decode()
    for region in Region.objects.all():
        assert region.name_fi in html
    assert 'Vaasa – <span lang="sv">Vasa</span>' in html
    assert "Kainuun hyvinvointialue" in html
    assert "https://sote.kainuu.fi/kaikukortti" in html
    assert "http://kainuu.localhost" in html  # the subsite link
    assert "Kaisa Heikkinen" in html  # a coordinator
    assert "Kokeilussa" in html or "Piloting" in html


@pytest.mark.parametrize(
    ("prefix", "slug", "title"),
    [
        ("fi", "alueet", "Kainuu"),
        ("sv", "regioner", "Kajanaland"),
        ("en", "regions", "Kainuu"),
        ("fi-x-selko", "alueet", "Kainuu"),
    ],
)
def test_region_home_under_national_site_in_four_languages(client, prefix, slug, title):
    response = client.get(f"/{prefix}/{slug}/kainuu/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    assert "Kajaanin kaupunginteatteri" in html  # a venue
    assert "Kajaanin Päiväkeskus ry" in html  # a distributor
    assert "Sanna Korhonen" in html  # the social-side coordinator
    assert "kaikukortti.kainuu@example.fi" in html  # feedback e-mail
    assert "?region=kainuu" in html  # the finder, pre-filtered


@pytest.mark.parametrize("prefix", ["fi", "sv", "en", "fi-x-selko"])
def test_region_subsite_host_serves_region_home(client, prefix):
    response = client.get(f"/{prefix}/", HTTP_HOST="kainuu.localhost:8000")
    assert response.status_code == 200
    assert "Kajaanin kaupunginteatteri" in response.content.decode()
    venue = client.get(f"/{prefix}/kajaanin-kaupunginteatteri/", HTTP_HOST="kainuu.localhost")
    assert venue.status_code == 200


def test_every_region_has_a_site_and_pages_in_four_locales():
    for region in Region.objects.all():
        fi_page = RegionPage.objects.get(region=region, locale__language_code="fi")
        assert Site.objects.get(root_page=fi_page).hostname == f"{region.slug}.localhost"
        assert RegionPage.objects.filter(region=region).count() == Locale.objects.count()


def test_creating_a_region_creates_its_group_with_permissions_on_its_pages_only(home_fi):
    region = Region.objects.create(slug="testi", name_fi="Testialue")
    group = region.coordinators_group
    assert group is not None and "Testialue" in group.name
    assert group.permissions.filter(codename="access_admin").exists()
    assert not GroupPagePermission.objects.filter(group=group).exists()
    index = RegionIndexPage.objects.get(locale__language_code="fi")
    page = RegionPage(title="Testialue", slug="testi", region=region)
    index.add_child(instance=page)
    granted = set(
        GroupPagePermission.objects.filter(group=group).values_list(
            "page_id", "permission__codename"
        )
    )
    assert granted == {(page.pk, codename) for codename in COORDINATOR_PAGE_PERMISSIONS}
    # Its translation (here an alias copy) is granted too.
    sv = page.copy_for_translation(Locale.objects.get(language_code="sv"), alias=True)
    assert GroupPagePermission.objects.filter(group=group, page=sv).count() == len(
        COORDINATOR_PAGE_PERMISSIONS
    )


def test_tree_rules():
    assert RegionIndexPage.allowed_parent_page_models() == [HomePage]
    assert not RegionIndexPage.can_create_at(HomePage.objects.first())  # one per home page
    assert RegionPage.allowed_parent_page_models() == [RegionIndexPage]
    assert set(RegionPage.allowed_subpage_models()) == {VenuePage, DistributorPage, RegionNewsPage}
    assert not RegionPage.can_create_at(HomePage.objects.first())
    assert not VenuePage.can_create_at(HomePage.objects.first())
    assert not DistributorPage.can_create_at(RegionIndexPage.objects.first())


def test_piloting_region_needs_pilot_end():
    from django.core.exceptions import ValidationError

    region = Region(slug="p", name_fi="P", status=Region.Status.PILOTING)
    with pytest.raises(ValidationError) as exc:
        region.full_clean()
    assert "pilot_ends_on" in exc.value.message_dict


def test_demo_is_idempotent():
    import partners.demo
    import regions.demo

    counts = lambda: (  # noqa: E731
        Region.objects.count(),
        Municipality.objects.count(),
        RegionPage.objects.count(),
        VenuePage.objects.count(),
        DistributorPage.objects.count(),
        Site.objects.count(),
    )
    before = counts()
    regions.demo.load(lambda *args: None)
    partners.demo.load(lambda *args: None)
    assert counts() == before
