"""A registry organisation follows its public partner page, so the two never drift apart."""

import pytest

from partners.models import VenuePage
from registry.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_organisation_takes_name_category_and_region_from_its_partner_page():
    venue = VenuePage.objects.filter(locale__language_code="fi", live=True).first()
    organisation = Organisation.objects.create(name="Väärä nimi", kind="venue", partner_page=venue)
    organisation.refresh_from_db()
    assert organisation.name == venue.title
    assert organisation.category == venue.category
    region_page = venue.get_parent().specific
    assert organisation.region_id == region_page.region_id


def test_publishing_a_renamed_partner_renames_the_organisation():
    venue = VenuePage.objects.filter(locale__language_code="fi", live=True).first()
    organisation = Organisation.objects.create(name=venue.title, kind="venue", partner_page=venue)
    venue.title = "Uusi nimi -teatteri"
    venue.save_revision().publish()
    organisation.refresh_from_db()
    assert organisation.name == "Uusi nimi -teatteri"


def test_publishing_a_recategorised_partner_recategorises_the_organisation():
    """The statistics group a venue's uses by the category copied here (queries.CATEGORY_FIELD)."""
    venue = VenuePage.objects.filter(locale__language_code="fi", live=True).first()
    organisation = Organisation.objects.create(name=venue.title, kind="venue", partner_page=venue)
    new = "swimming_hall" if venue.category != "swimming_hall" else "museum"
    venue.category = new
    venue.save_revision().publish()
    organisation.refresh_from_db()
    assert organisation.category == new


def test_demo_venue_is_counted_under_its_category(venue):
    """Issue 17, item 11: the demo theatre's uses were counted under "Science and other" because
    its organisation was never linked to its partner page (no category copied)."""
    from registry.stats import queries

    assert venue.partner_page is not None and venue.partner_page.title == venue.name
    assert venue.category == "theatre"
    assert queries.use_group("ticket", venue.category) == queries.CULTURE
