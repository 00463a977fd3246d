"""Who may edit what: each role × own region × other region × create/edit/publish/delete, through
the Wagtail admin views (posts to admin URLs) and through the page permission policy."""

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from partners.models import DistributorPage, VenuePage
from regions.models import Municipality, Region, RegionPage

from .helpers import make_venue, venue_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

ROLES = ["toimittaja", "kainuu-kulttuuri", "lappi-kulttuuri", None]
OWN = {"toimittaja": None, "kainuu-kulttuuri": "kainuu", "lappi-kulttuuri": "lappi"}
TOWN = {"kainuu": "Kajaani", "lappi": "Rovaniemi"}


def allowed(username, region_slug):
    if username is None:
        return False
    own = OWN[username]
    return own is None or own == region_slug  # national editors: everywhere


def login(client, username):
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def region_page(slug):
    return RegionPage.objects.get(region__slug=slug, locale__language_code="fi")


def existing_venue(slug):
    parent = region_page(slug)
    return make_venue(
        parent, Municipality.objects.get(name_fi=TOWN[slug]), f"perm-{slug}", title=f"Perm {slug}"
    )


CASES = [(u, r) for u in ROLES for r in ("kainuu", "lappi")]


@pytest.mark.parametrize(("username", "region"), CASES)
def test_create_through_admin(client, username, region):
    parent = region_page(region)
    url = reverse("wagtailadmin_pages:add", args=("partners", "venuepage", parent.pk))
    data = venue_form_data(
        "Uusi kohde",
        "uusi-kohde",
        Municipality.objects.get(name_fi=TOWN[region]),
        caps=[("show", 200, None, 10)],
        **{"action-publish": "action-publish"},
    )
    login(client, username).post(url, data)
    created = VenuePage.objects.child_of(parent).filter(slug="uusi-kohde")
    assert created.exists() is allowed(username, region)
    if allowed(username, region):
        assert created.get().live  # published at once: mid-year venues appear at once


@pytest.mark.parametrize(("username", "region"), CASES)
def test_edit_through_admin(client, username, region):
    venue = existing_venue(region)
    url = reverse("wagtailadmin_pages:edit", args=(venue.pk,))
    data = venue_form_data(
        "Muutettu", venue.slug, venue.municipality, caps=[("show", 200, None, 10)]
    )
    login(client, username).post(url, data)
    venue.refresh_from_db()
    changed = venue.get_latest_revision_as_object().title == "Muutettu"
    assert changed is allowed(username, region)
    assert venue.title == venue.title  # a draft never changes the live page


@pytest.mark.parametrize(("username", "region"), CASES)
def test_publish_through_admin(client, username, region):
    venue = existing_venue(region)
    url = reverse("wagtailadmin_pages:edit", args=(venue.pk,))
    data = venue_form_data(
        "Julkaistu",
        venue.slug,
        venue.municipality,
        caps=[("show", 200, None, 10)],
        **{"action-publish": "action-publish"},
    )
    login(client, username).post(url, data)
    venue.refresh_from_db()
    assert (venue.title == "Julkaistu") is allowed(username, region)


@pytest.mark.parametrize(("username", "region"), CASES)
def test_delete_through_admin(client, username, region):
    venue = existing_venue(region)
    url = reverse("wagtailadmin_pages:delete", args=(venue.pk,))
    login(client, username).post(url)
    assert VenuePage.objects.filter(pk=venue.pk).exists() is not allowed(username, region)


@pytest.mark.parametrize(("username", "region"), CASES)
def test_permission_policy(username, region):
    from django.contrib.auth.models import AnonymousUser

    user = get_user_model().objects.get(username=username) if username else AnonymousUser()
    page = region_page(region)
    venue = existing_venue(region)
    expected = allowed(username, region)
    region_perms = page.permissions_for_user(user)
    venue_perms = venue.permissions_for_user(user)
    assert region_perms.can_add_subpage() is expected
    assert venue_perms.can_edit() is expected
    assert venue_perms.can_publish() is expected
    assert venue_perms.can_delete() is expected
    # The same in the Swedish tree.
    sv_page = RegionPage.objects.get(region__slug=region, locale__language_code="sv")
    assert sv_page.permissions_for_user(user).can_add_subpage() is expected


def test_coordinator_cannot_delete_their_region_page_or_move_it(client):
    login(client, "kainuu-kulttuuri")
    page = region_page("kainuu")
    assert not page.permissions_for_user(
        get_user_model().objects.get(username="kainuu-kulttuuri")
    ).can_delete()
    client.post(reverse("wagtailadmin_pages:delete", args=(page.pk,)))
    assert RegionPage.objects.filter(pk=page.pk).exists()


def test_coordinator_cannot_move_a_venue_to_another_region(client):
    venue = existing_venue("kainuu")
    lappi = region_page("lappi")
    login(client, "kainuu-kulttuuri").post(
        reverse("wagtailadmin_pages:move_confirm", args=(venue.pk, lappi.pk))
    )
    venue.refresh_from_db()
    assert venue.get_parent().pk == region_page("kainuu").pk


def test_invalid_cap_is_refused_with_rule_message_in_admin(client):
    parent = region_page("kainuu")
    url = reverse("wagtailadmin_pages:add", args=("partners", "venuepage", parent.pk))
    data = venue_form_data(
        "Liian pieni",
        "liian-pieni",
        Municipality.objects.get(name_fi="Kajaani"),
        caps=[("show", 200, None, 9)],
        **{"action-publish": "action-publish"},
    )
    response = login(client, "kainuu-kulttuuri").post(url, data)
    assert response.status_code == 200
    assert not VenuePage.objects.filter(slug="liian-pieni").exists()
    html = response.content.decode()
    assert "5 %" in html and "10" in html


def test_venue_municipality_must_be_in_the_region(client):
    parent = region_page("kainuu")
    url = reverse("wagtailadmin_pages:add", args=("partners", "venuepage", parent.pk))
    data = venue_form_data("Väärä", "vaara", Municipality.objects.get(name_fi="Kemi"), caps=[])
    login(client, "kainuu-kulttuuri").post(url, data)
    assert not VenuePage.objects.filter(slug="vaara").exists()


def _distributor_data(start):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    return nested_form_data(
        {
            "title": "Uusi jakaja",
            "slug": "uusi-jakaja",
            "organisation": "Testi ry",
            "unit": "",
            "kind": "ngo",
            "sector": "third_sector",
            "municipality": Municipality.objects.get(name_fi="Kajaani").pk,
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
    ("username", "start", "ok"),
    [
        ("kainuu-kulttuuri", "2027-01-01", True),
        ("kainuu-kulttuuri", "2026-06-01", False),
        ("toimittaja", "2026-06-01", True),  # the national office may approve an exception
    ],
)
def test_distributor_start_date(client, username, start, ok):
    parent = region_page("kainuu")
    url = reverse("wagtailadmin_pages:add", args=("partners", "distributorpage", parent.pk))
    response = login(client, username).post(url, _distributor_data(start))
    assert DistributorPage.objects.filter(slug="uusi-jakaja").exists() is ok
    if not ok:
        assert "1" in response.content.decode()


def test_distributor_needs_a_named_contact(client):
    parent = region_page("kainuu")
    url = reverse("wagtailadmin_pages:add", args=("partners", "distributorpage", parent.pk))
    data = _distributor_data("2027-01-01")
    data["contact_name"] = ""
    login(client, "kainuu-kulttuuri").post(url, data)
    assert not DistributorPage.objects.filter(slug="uusi-jakaja").exists()


@pytest.mark.parametrize(("username", "region"), CASES)
def test_region_settings(client, username, region):
    obj = Region.objects.get(slug=region)
    login(client, username)
    response = client.get(reverse("regions:edit", args=(obj.pk,)))
    assert (response.status_code == 200) is allowed(username, region)
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
            "coordinators-TOTAL_FORMS": "0",
            "coordinators-INITIAL_FORMS": "0",
            "coordinators-MIN_NUM_FORMS": "0",
            "coordinators-MAX_NUM_FORMS": "1000",
        },
    )
    obj.refresh_from_db()
    assert (obj.feedback_email == "uusi@example.fi") is allowed(username, region)


def test_coordinator_cannot_change_region_status(client):
    obj = Region.objects.get(slug="kainuu")
    login(client, "kainuu-kulttuuri").post(
        reverse("regions:edit", args=(obj.pk,)),
        {
            "name_fi": "Hacked",
            "slug": "hacked",
            "status": "coming",
            "feedback_email": "a@example.fi",
            "coordinators-TOTAL_FORMS": "0",
            "coordinators-INITIAL_FORMS": "0",
            "coordinators-MIN_NUM_FORMS": "0",
            "coordinators-MAX_NUM_FORMS": "1000",
        },
    )
    obj.refresh_from_db()
    assert (obj.name_fi, obj.slug, obj.status) == ("Kainuu", "kainuu", "in_use")
    assert obj.feedback_email == "a@example.fi"


def test_only_national_office_creates_regions_and_fees(client):
    login(client, "kainuu-kulttuuri")
    assert client.get(reverse("regions:add")).status_code in (302, 403)
    assert client.get(reverse("national_fees:index")).status_code in (302, 403)
    listing = client.get(reverse("regions:index"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Kainuu" in html and "Lappi" not in html


def test_dashboard_shows_fee_and_third_sector_warning(client):
    from core.roles import NATIONAL_EDITORS  # noqa: F401

    login(client, "toimittaja")
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Kymenlaakso" in html  # has no third-sector distributor in the demo
    from regions.services import regions_overview

    rows = {
        r["region"].slug: r
        for r in regions_overview(get_user_model().objects.get(username="toimittaja"))
    }
    assert rows["kainuu"]["has_third_sector"] is True
    assert rows["kymenlaakso"]["has_third_sector"] is False
    assert rows["kainuu"]["fee"] is not None
