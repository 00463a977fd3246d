"""Two regions with a municipality each and their coordinators, a national editor, an admin user
with no role, a region's venues and a draft brochure: built with the factories, no demo needed."""

import pytest

from materials.models import Brochure
from tests.accounts.factories import CoordinatorFactory, NationalEditorFactory, UserFactory
from tests.home.factories import national_site
from tests.partners.factories import VenuePageFactory
from tests.regions.factories import MunicipalityFactory, RegionFactory, region_page, regions_index


@pytest.fixture
def region(db):
    region = RegionFactory(name_fi="Testikainuu", name_sv="Testkajanaland")
    MunicipalityFactory(region=region, name_fi="Testikajaani")
    return region


@pytest.fixture
def other_region(db):
    region = RegionFactory(name_fi="Testilappi")
    MunicipalityFactory(region=region, name_fi="Testirovaniemi")
    return region


@pytest.fixture
def coordinator(region):
    return CoordinatorFactory(region=region, email="coord@testikainuu.example")


@pytest.fixture
def other_coordinator(other_region):
    return CoordinatorFactory(region=other_region)


@pytest.fixture
def national_editor(db):
    return NationalEditorFactory()


@pytest.fixture
def plain_user(db):
    from django.contrib.auth.models import Permission

    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def region_home(region):
    """The region's Finnish page, under the regions page of the national site."""
    return region_page(region, parent=regions_index(national_site().root_page), languages=())


@pytest.fixture
def venues(region, region_home):
    """Two published venues of the region with caps, and one unpublished one."""
    town = region.municipalities.first()
    return [
        VenuePageFactory(
            parent=region_home, title=title, municipality=town, caps=[("show", 200, cap)], live=live
        )
        for title, cap, live in (
            ("Testiteatteri Kajaani", 7, True),
            ("Testimuseo Kuhmo", 12, True),
            ("Luonnosteatteri", 3, False),
        )
    ]


@pytest.fixture
def brochure(region, venues):
    b = Brochure(region=region, year=2031, language="fi", live=False)
    b.compile_lists()
    b.fill_from_template()
    b.save()
    b.save_revision()
    return b


@pytest.fixture
def operating_model(db):
    """The operating model in force (version 13.1.2022, DOMAIN.md), which partners commit to."""
    from tests.materials.factories import OperatingModelVersionFactory

    return OperatingModelVersionFactory()
