"""A registry organisation follows its public partner page, so the two never drift apart."""

import pytest

from registry.models import Organisation
from tests.home.factories import HomePageFactory
from tests.partners.factories import VenuePageFactory
from tests.regions.factories import RegionIndexPageFactory, RegionPageFactory

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def venue_page(region):
    """A published theatre under its region's page."""
    regions = RegionIndexPageFactory(parent=HomePageFactory())
    return VenuePageFactory(parent=RegionPageFactory(parent=regions, region=region))


def test_organisation_takes_name_category_and_region_from_its_partner_page(venue_page):
    organisation = Organisation.objects.create(
        name="Väärä nimi", kind="venue", partner_page=venue_page
    )
    organisation.refresh_from_db()
    assert organisation.name == venue_page.title
    assert organisation.category == venue_page.category
    region_page = venue_page.get_parent().specific
    assert organisation.region_id == region_page.region_id


def test_publishing_a_renamed_partner_renames_the_organisation(venue_page):
    organisation = Organisation.objects.create(
        name=venue_page.title, kind="venue", partner_page=venue_page
    )
    venue_page.title = "Uusi nimi -teatteri"
    venue_page.save_revision().publish()
    organisation.refresh_from_db()
    assert organisation.name == "Uusi nimi -teatteri"


def test_publishing_a_recategorised_partner_recategorises_the_organisation(venue_page):
    """The statistics group a venue's uses by the category copied here (queries.CATEGORY_FIELD)."""
    organisation = Organisation.objects.create(
        name=venue_page.title, kind="venue", partner_page=venue_page
    )
    new = "swimming_hall" if venue_page.category != "swimming_hall" else "museum"
    venue_page.category = new
    venue_page.save_revision().publish()
    organisation.refresh_from_db()
    assert organisation.category == new


def test_a_linked_venue_is_counted_under_its_category(venue_page):
    """Issue 17, item 11: the demo theatre's uses were counted under "Science and other" because
    its organisation was never linked to its partner page (no category copied). A venue linked to
    its theatre page is counted under culture."""
    venue = Organisation.objects.create(name="Väärä nimi", kind="venue", partner_page=venue_page)
    from stats import queries

    assert venue.partner_page is not None and venue.partner_page.title == venue.name
    assert venue.category == "theatre"
    assert queries.use_group("ticket", venue.category) == queries.CULTURE
