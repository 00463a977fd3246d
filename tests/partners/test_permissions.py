"""Who may edit what: each role × own region × other region × create/edit/publish/delete, through
the Wagtail admin views (posts to admin URLs) and through the page permission policy."""

from django.urls import reverse

import pytest

from partners.models import DistributorPage, VenuePage
from regions.models import RegionPage
from tests.accounts.factories import CoordinatorFactory, NationalEditorFactory
from tests.home.factories import national_site
from tests.partners.factories import DistributorPageFactory, VenuePageFactory
from tests.regions.factories import (
    MunicipalityFactory,
    NationalFeeFactory,
    RegionFactory,
    regions_index,
)
from tests.regions.factories import (
    region_page as make_region_page,
)

from .helpers import venue_form_data

pytestmark = pytest.mark.django_db

# Two regions ("a" and "b"), each with a coordinator, and a national editor.
ROLES = ["national_editor", "coordinator_a", "coordinator_b", None]
OWN = {"national_editor": None, "coordinator_a": "a", "coordinator_b": "b"}


@pytest.fixture
def world():
    """Regions a and b with their pages (Finnish and Swedish) under the national site, a
    municipality each, and the users of ROLES."""
    index = regions_index(national_site().root_page)
    regions = {
        "a": RegionFactory(name_fi="Testikainuu", population=70_000),
        "b": RegionFactory(name_fi="Testilappi", population=110_000),
    }
    pages, towns = {}, {}
    for key, region in regions.items():
        pages[key] = make_region_page(region, parent=index, languages=("sv",))
        towns[key] = MunicipalityFactory(region=region)
    users = {
        "national_editor": NationalEditorFactory(),
        "coordinator_a": CoordinatorFactory(region=regions["a"]),
        "coordinator_b": CoordinatorFactory(region=regions["b"]),
    }
    return {"regions": regions, "pages": pages, "towns": towns, "users": users}


def allowed(role, region_key):
    if role is None:
        return False
    own = OWN[role]
    return own is None or own == region_key  # national editors: everywhere


def login(client, world, role):
    if role:
        client.force_login(world["users"][role])
    return client


def region_page(world, key):
    return world["pages"][key]


def existing_venue(world, key):
    return VenuePageFactory(
        parent=region_page(world, key),
        municipality=world["towns"][key],
        slug=f"perm-{key}",
        title=f"Perm {key}",
    )


CASES = [(u, r) for u in ROLES for r in ("a", "b")]


@pytest.mark.parametrize(("role", "region"), CASES)
def test_create_through_admin(client, world, role, region):
    parent = region_page(world, region)
    url = reverse("wagtailadmin_pages:add", args=("partners", "venuepage", parent.pk))
    data = venue_form_data(
        "Uusi kohde",
        "uusi-kohde",
        world["towns"][region],
        caps=[("show", 200, None, 10)],
        **{"action-publish": "action-publish"},
    )
    login(client, world, role).post(url, data)
    created = VenuePage.objects.child_of(parent).filter(slug="uusi-kohde")
    assert created.exists() is allowed(role, region)
    if allowed(role, region):
        assert created.get().live  # published at once: mid-year venues appear at once


@pytest.mark.parametrize(("role", "region"), CASES)
def test_edit_through_admin(client, world, role, region):
    venue = existing_venue(world, region)
    url = reverse("wagtailadmin_pages:edit", args=(venue.pk,))
    data = venue_form_data(
        "Muutettu", venue.slug, venue.municipality, caps=[("show", 200, None, 10)]
    )
    login(client, world, role).post(url, data)
    venue.refresh_from_db()
    changed = venue.get_latest_revision_as_object().title == "Muutettu"
    assert changed is allowed(role, region)
    assert venue.title == venue.title  # a draft never changes the live page


@pytest.mark.parametrize(("role", "region"), CASES)
def test_publish_through_admin(client, world, role, region):
    venue = existing_venue(world, region)
    url = reverse("wagtailadmin_pages:edit", args=(venue.pk,))
    data = venue_form_data(
        "Julkaistu",
        venue.slug,
        venue.municipality,
        caps=[("show", 200, None, 10)],
        **{"action-publish": "action-publish"},
    )
    login(client, world, role).post(url, data)
    venue.refresh_from_db()
    assert (venue.title == "Julkaistu") is allowed(role, region)


@pytest.mark.parametrize(("role", "region"), CASES)
def test_delete_through_admin(client, world, role, region):
    venue = existing_venue(world, region)
    url = reverse("wagtailadmin_pages:delete", args=(venue.pk,))
    login(client, world, role).post(url)
    assert VenuePage.objects.filter(pk=venue.pk).exists() is not allowed(role, region)


@pytest.mark.parametrize(("role", "region"), CASES)
def test_permission_policy(world, role, region):
    from django.contrib.auth.models import AnonymousUser

    user = world["users"][role] if role else AnonymousUser()
    page = region_page(world, region)
    venue = existing_venue(world, region)
    expected = allowed(role, region)
    region_perms = page.permissions_for_user(user)
    venue_perms = venue.permissions_for_user(user)
    assert region_perms.can_add_subpage() is expected
    assert venue_perms.can_edit() is expected
    assert venue_perms.can_publish() is expected
    assert venue_perms.can_delete() is expected
    # The same in the Swedish tree.
    sv_page = RegionPage.objects.get(region=world["regions"][region], locale__language_code="sv")
    assert sv_page.permissions_for_user(user).can_add_subpage() is expected


def test_coordinator_cannot_delete_their_region_page_or_move_it(client, world):
    login(client, world, "coordinator_a")
    page = region_page(world, "a")
    existing_venue(world, "a")  # a region page with its partners under it
    assert not page.permissions_for_user(world["users"]["coordinator_a"]).can_delete()
    client.post(reverse("wagtailadmin_pages:delete", args=(page.pk,)))
    assert RegionPage.objects.filter(pk=page.pk).exists()


def test_coordinator_cannot_move_a_venue_to_another_region(client, world):
    venue = existing_venue(world, "a")
    other = region_page(world, "b")
    login(client, world, "coordinator_a").post(
        reverse("wagtailadmin_pages:move_confirm", args=(venue.pk, other.pk))
    )
    venue.refresh_from_db()
    assert venue.get_parent().pk == region_page(world, "a").pk


def test_invalid_cap_is_refused_with_rule_message_in_admin(client, world):
    parent = region_page(world, "a")
    url = reverse("wagtailadmin_pages:add", args=("partners", "venuepage", parent.pk))
    data = venue_form_data(
        "Liian pieni",
        "liian-pieni",
        world["towns"]["a"],
        caps=[("show", 200, None, 9)],
        **{"action-publish": "action-publish"},
    )
    response = login(client, world, "coordinator_a").post(url, data)
    assert response.status_code == 200
    assert not VenuePage.objects.filter(slug="liian-pieni").exists()
    html = response.content.decode()
    assert "5 %" in html and "10" in html


def test_venue_municipality_must_be_in_the_region(client, world):
    parent = region_page(world, "a")
    url = reverse("wagtailadmin_pages:add", args=("partners", "venuepage", parent.pk))
    data = venue_form_data("Väärä", "vaara", world["towns"]["b"], caps=[])
    login(client, world, "coordinator_a").post(url, data)
    assert not VenuePage.objects.filter(slug="vaara").exists()


def _distributor_data(start, municipality):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    return nested_form_data(
        {
            "title": "Uusi jakaja",
            "slug": "uusi-jakaja",
            "organisation": "Testi ry",
            "unit": "",
            "kind": "ngo",
            "sector": "third_sector",
            "municipality": municipality.pk,
            "description": rich_text(""),
            "contact_name": "Nimetty Henkilö",
            "public_phone": "",
            "public_email": "",
            "public_address": "",
            "start_date": start,
            "comments": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            "action-publish": "action-publish",
        }
    )


@pytest.mark.parametrize(
    ("role", "start", "ok"),
    [
        ("coordinator_a", "2027-01-01", True),
        ("coordinator_a", "2026-06-01", False),
        ("national_editor", "2026-06-01", True),  # the national office may approve an exception
    ],
)
def test_distributor_start_date(client, world, role, start, ok):
    parent = region_page(world, "a")
    url = reverse("wagtailadmin_pages:add", args=("partners", "distributorpage", parent.pk))
    data = _distributor_data(start, world["towns"]["a"])
    response = login(client, world, role).post(url, data)
    assert DistributorPage.objects.filter(slug="uusi-jakaja").exists() is ok
    if not ok:
        assert "1" in response.content.decode()


def test_distributor_needs_a_named_contact(client, world):
    parent = region_page(world, "a")
    url = reverse("wagtailadmin_pages:add", args=("partners", "distributorpage", parent.pk))
    data = _distributor_data("2027-01-01", world["towns"]["a"])
    data["contact_name"] = ""
    login(client, world, "coordinator_a").post(url, data)
    assert not DistributorPage.objects.filter(slug="uusi-jakaja").exists()


@pytest.mark.parametrize(("role", "region"), CASES)
def test_region_settings(client, world, role, region):
    obj = world["regions"][region]
    login(client, world, role)
    response = client.get(reverse("regions:edit", args=(obj.pk,)))
    assert (response.status_code == 200) is allowed(role, region)
    client.post(
        reverse("regions:edit", args=(obj.pk,)),
        {
            "name_fi": obj.name_fi,
            "name_sv": obj.name_sv,
            "slug": obj.slug,
            "status": obj.status,
            "wellbeing_county": obj.wellbeing_county,
            "feedback_email": "uusi@example.fi",
            "local_page_url": "",
            "pilot_ends_on": "",
            "population": "12345",
            "reconfirmation_month": "1",
            "coordinators-TOTAL_FORMS": "0",
            "coordinators-INITIAL_FORMS": "0",
            "coordinators-MIN_NUM_FORMS": "0",
            "coordinators-MAX_NUM_FORMS": "1000",
        },
    )
    obj.refresh_from_db()
    assert (obj.feedback_email == "uusi@example.fi") is allowed(role, region)


def test_coordinator_cannot_change_region_status(client, world):
    obj = world["regions"]["a"]
    name, slug = obj.name_fi, obj.slug
    login(client, world, "coordinator_a").post(
        reverse("regions:edit", args=(obj.pk,)),
        {
            "name_fi": "Hacked",
            "slug": "hacked",
            "status": "coming",
            "feedback_email": "a@example.fi",
            "reconfirmation_month": "1",
            "coordinators-TOTAL_FORMS": "0",
            "coordinators-INITIAL_FORMS": "0",
            "coordinators-MIN_NUM_FORMS": "0",
            "coordinators-MAX_NUM_FORMS": "1000",
        },
    )
    obj.refresh_from_db()
    assert (obj.name_fi, obj.slug, obj.status) == (name, slug, "in_use")
    assert obj.feedback_email == "a@example.fi"


def test_only_national_office_creates_regions_and_fees(client, world):
    login(client, world, "coordinator_a")
    assert client.get(reverse("regions:add")).status_code in (302, 403)
    assert client.get(reverse("national_fees:index")).status_code in (302, 403)
    listing = client.get(reverse("regions:index"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Testikainuu" in html and "Testilappi" not in html


def test_dashboard_shows_fee_and_third_sector_warning(client, world):
    # Region a has a third-sector distributor, region b has none; the fee of this year is set.
    DistributorPageFactory(
        parent=region_page(world, "a"), municipality=world["towns"]["a"], sector="third_sector"
    )
    DistributorPageFactory(parent=region_page(world, "b"), municipality=world["towns"]["b"])
    NationalFeeFactory(year=2023)
    login(client, world, "national_editor")
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Testilappi" in html  # has no third-sector distributor
    from regions.services import regions_overview

    rows = {r["region"].pk: r for r in regions_overview(world["users"]["national_editor"])}
    region_a, region_b = world["regions"]["a"], world["regions"]["b"]
    assert rows[region_a.pk]["has_third_sector"] is True
    assert rows[region_b.pk]["has_third_sector"] is False
    assert rows[region_a.pk]["fee"] is not None
