"""Two regions (a and b) under a national site, each with a region page, a venue and its
coordinator, and a national editor: the shows tests' world."""

import pytest

from tests.accounts.factories import CoordinatorFactory, NationalEditorFactory
from tests.home.factories import national_site
from tests.partners.factories import VenuePageFactory
from tests.regions.factories import RegionFactory, region_page, regions_index


@pytest.fixture
def world(db):
    site = national_site()
    index = regions_index(site.root_page)
    regions, pages, venues, coordinators = {}, {}, {}, {}
    for key, name in (("a", "Testikainuu"), ("b", "Testilappi")):
        regions[key] = RegionFactory(name_fi=name)
        pages[key] = region_page(regions[key], parent=index)
        venues[key] = VenuePageFactory(
            parent=pages[key], title=f"Teatteri {key.upper()}", slug=f"teatteri-{key}"
        )
        coordinators[key] = CoordinatorFactory(region=regions[key])
    return {
        "site": site,
        "home": site.root_page,
        "regions": regions,
        "pages": pages,
        "venues": venues,
        "coordinators": coordinators,
        "national": NationalEditorFactory(),
    }
