"""Regions: the regions page, a region's home in four languages and its subsite, coordinators'
groups and their page permissions, the tree rules. (The demo's own regions: test_kainuu_content.py.)"""

from wagtail.models import GroupPagePermission, Locale

import pytest

from home.models import HomePage
from partners.models import DistributorPage, VenuePage
from regions.models import Region, RegionIndexPage, RegionNewsPage, RegionPage
from regions.signals import COORDINATOR_PAGE_PERMISSIONS
from tests.home.factories import national_site
from tests.partners.factories import DistributorPageFactory, VenuePageFactory
from tests.regions.factories import (
    MunicipalityFactory,
    RegionCoordinatorFactory,
    RegionFactory,
    region_page,
    region_site,
    regions_index,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    """The national site (the test client's default site) with its regions page."""
    return regions_index(national_site().root_page)


@pytest.fixture
def region(index):
    """A region in use with a bilingual municipality, coordinators on both sides, a venue, a
    distributor, its page in four languages and its own subsite."""
    region = RegionFactory(
        name_fi="Testikainuu",
        name_sv="Testkajanaland",
        wellbeing_county="Testikainuun hyvinvointialue",
        local_page_url="https://sote.testikainuu.example/kaikukortti",
    )
    municipality = MunicipalityFactory(region=region, name_fi="Testivaasa", name_sv="Testvasa")
    RegionCoordinatorFactory(region=region, name="Kaisa Testinen", side="culture")
    RegionCoordinatorFactory(region=region, name="Sanna Testinen", side="social")
    page = region_page(region, parent=index)
    # Created in Finnish only, they appear in the other languages as aliases (as in the admin).
    VenuePageFactory(
        parent=page, title="Testin kaupunginteatteri", municipality=municipality, aliases=True
    )
    DistributorPageFactory(
        parent=page, title="Testin Päiväkeskus ry", municipality=municipality, aliases=True
    )
    region_site(page, hostname=f"{region.slug}.localhost")
    return region


def test_regions_page_lists_every_region_with_both_names(client, region):
    piloting = RegionFactory(status=Region.Status.PILOTING)
    response = client.get("/fi/alueet/")
    assert response.status_code == 200
    html = response.content.decode()
    for listed in (region, piloting):
        assert listed.name_fi in html
    assert 'Testivaasa – <span lang="sv">Testvasa</span>' in html
    assert "Testikainuun hyvinvointialue" in html
    assert "https://sote.testikainuu.example/kaikukortti" in html
    assert f"http://{region.slug}.localhost" in html  # the subsite link
    assert "Kaisa Testinen" in html  # a coordinator
    assert "Kokeilussa" in html or "Piloting" in html


@pytest.mark.parametrize(
    ("prefix", "slug", "swedish"),
    [("fi", "alueet", False), ("sv", "regioner", True), ("en", "regions", False)]
    + [("fi-x-selko", "alueet", False)],
)
def test_region_home_under_national_site_in_four_languages(client, region, prefix, slug, swedish):
    response = client.get(f"/{prefix}/{slug}/{region.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{region.name_sv if swedish else region.name_fi}</h1>" in html
    assert "Testin kaupunginteatteri" in html  # a venue
    assert "Testin Päiväkeskus ry" in html  # a distributor
    assert "Sanna Testinen" in html  # the social-side coordinator
    assert region.feedback_email in html  # feedback e-mail
    assert f"?region={region.slug}" in html  # the finder, pre-filtered


@pytest.mark.parametrize("prefix", ["fi", "sv", "en", "fi-x-selko"])
def test_region_subsite_host_serves_region_home(client, region, prefix):
    host = f"{region.slug}.localhost"
    response = client.get(f"/{prefix}/", HTTP_HOST=f"{host}:8000")
    assert response.status_code == 200
    assert "Testin kaupunginteatteri" in response.content.decode()
    venue = VenuePage.objects.get(title="Testin kaupunginteatteri", alias_of__isnull=True)
    assert client.get(f"/{prefix}/{venue.slug}/", HTTP_HOST=host).status_code == 200


def test_creating_a_region_creates_its_group_with_permissions_on_its_pages_only(index):
    region = Region.objects.create(slug="testi", name_fi="Testialue")
    group = region.coordinators_group
    assert group is not None and "Testialue" in group.name
    assert group.permissions.filter(codename="access_admin").exists()
    assert not GroupPagePermission.objects.filter(group=group).exists()
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


def test_tree_rules(index):
    home = index.get_parent().specific
    assert RegionIndexPage.allowed_parent_page_models() == [HomePage]
    assert not RegionIndexPage.can_create_at(home)  # one per home page
    assert RegionPage.allowed_parent_page_models() == [RegionIndexPage]
    assert set(RegionPage.allowed_subpage_models()) == {VenuePage, DistributorPage, RegionNewsPage}
    assert not RegionPage.can_create_at(home)
    assert not VenuePage.can_create_at(home)
    assert not DistributorPage.can_create_at(index)


def test_piloting_region_needs_pilot_end():
    from django.core.exceptions import ValidationError

    region = Region(slug="p", name_fi="P", status=Region.Status.PILOTING)
    with pytest.raises(ValidationError) as exc:
        region.full_clean()
    assert "pilot_ends_on" in exc.value.message_dict
