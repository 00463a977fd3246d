"""The factories build what the tests rely on: a national site in four languages, a region with its
subsite, venues whose caps survive publishing. (Without the demo; with it, nothing collides.)"""

import pytest

from partners.models import VenuePage
from tests.home.factories import national_site
from tests.partners.factories import DistributorPageFactory, VenuePageFactory
from tests.regions.factories import RegionIndexPageFactory, region_page, region_site

pytestmark = pytest.mark.django_db


def test_national_site_serves_the_home_page_in_four_languages(client):
    site = national_site(title="Kansallinen testikoti")
    home = site.root_page.specific
    assert {p.locale.language_code for p in home.get_translations(inclusive=True)} == {
        "fi",
        "sv",
        "en",
        "fi-x-selko",
    }
    response = client.get(home.url)
    assert response.status_code == 200
    assert "Kansallinen testikoti" in response.content.decode()


def test_region_subsite_with_a_venue_and_a_distributor(client):
    home = national_site().root_page
    page = region_page_with_index(home)
    site = region_site(page)
    venue = VenuePageFactory(parent=page, caps=[("show", 400, 20), ("visiting_producer", 400, 2)])
    distributor = DistributorPageFactory(parent=page)

    assert sorted(VenuePage.objects.get(pk=venue.pk).caps.values_list("cap", flat=True)) == [2, 20]
    assert venue.municipality.region == page.region == distributor.municipality.region
    response = client.get("/fi/", HTTP_HOST=site.hostname)
    assert response.status_code == 200
    assert venue.title in response.content.decode()


def region_page_with_index(home):
    from tests.home.factories import translate

    index = RegionIndexPageFactory(parent=home)
    for code in ("sv", "en", "fi-x-selko"):
        translate(index, code)
    return region_page(page_region(), parent=index)


def page_region():
    from tests.regions.factories import RegionFactory

    return RegionFactory()
