"""A venue's contact person manages their own venue's shows (issues 20.1, 20.2, 21.1).

The shows' world (conftest.py: regions a and b, a venue and a coordinator in each) and a second
venue in region a. The contact person of Teatteri A was invited from its Swedish page: their
group is on that page, and a show's venue is the Finnish one (the two meet by translation key).
They list, add and change their own venue's shows, never another venue's (not even in their own
region), never delete one, and never see the Linked Events sources.
"""

from django.urls import reverse
from django.utils import translation

import pytest

from accounts.partner_access import partner_group
from partners import rules
from shows.models import Show
from tests.accounts.factories import UserFactory
from tests.home.factories import translate
from tests.partners.factories import VenuePageFactory
from tests.shows.factories import ShowFactory, VenueEventSourceFactory
from tests.shows.test_admin import form_data  # the show form's fields, as a coordinator posts them

pytestmark = pytest.mark.django_db

SHOW = "wagtailsnippets_shows_show"
SOURCE = "wagtailsnippets_shows_venueeventsource"


def refused(response):
    """Wagtail's "permission denied": a 403, or back to the dashboard with an error message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


@pytest.fixture
def venues(world):
    """Teatteri A (the contact's), Teatteri A2 (region a, another partner), Teatteri B."""
    a2 = VenuePageFactory(parent=world["pages"]["a"], title="Teatteri A2", slug="teatteri-a2")
    return {"own": world["venues"]["a"], "neighbour": a2, "far": world["venues"]["b"]}


@pytest.fixture
def contact(venues):
    """Teatteri A's contact person, a member of the group of its Swedish page."""
    user = UserFactory(username="teatteri-a-yhteys")
    user.groups.add(partner_group(translate(venues["own"], "sv", title="Teater A")))
    return user


def add(client, venue, **fields):
    return client.post(reverse(f"{SHOW}:add") + "?locale=fi", form_data(venue, **fields))


def test_contact_lists_only_their_own_venues_shows(client, venues, contact):
    for key in venues:
        ShowFactory(venue=venues[key], title=f"Esitys {key}")
    client.force_login(contact)
    response = client.get(reverse(f"{SHOW}:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Esitys own" in html
    assert "Esitys neighbour" not in html
    assert "Esitys far" not in html


def test_contact_adds_a_show_for_their_venue_only(client, venues, contact):
    client.force_login(contact)
    form = client.get(reverse(f"{SHOW}:add") + "?locale=fi").context["form"]
    assert list(form.fields["venue"].queryset) == [venues["own"]]
    assert list(form.fields["venue_cap"].queryset) == list(venues["own"].caps.all())

    for other in ("neighbour", "far"):
        response = add(client, venues[other], venue_cap="")
        assert response.status_code == 200
        assert "venue" in response.context["form"].errors
        response = add(client, venues["own"], venue_cap=str(venues[other].caps.get().pk))
        assert response.status_code == 200
        assert "venue_cap" in response.context["form"].errors
    assert not Show.objects.exists()

    response = add(client, venues["own"])
    assert response.status_code == 302, response.content[:2000]
    show = Show.objects.get()
    assert (show.venue, show.locale.language_code, show.effective_cap) == (venues["own"], "fi", 10)


def test_contact_raises_a_shows_cap_and_marks_it_cancelled(client, venues, contact):
    show = ShowFactory(venue=venues["own"], title="Lumikuningatar")
    client.force_login(contact)
    response = client.post(
        reverse(f"{SHOW}:edit", args=[show.pk]),
        form_data(venues["own"], cap="15", audience="200", cancelled="on"),
    )
    assert response.status_code == 302, response.content[:2000]
    show.refresh_from_db()
    assert (show.effective_cap, show.cancelled) == (15, True)


def test_a_cap_below_the_rules_minimum_is_refused_with_the_rules_message(client, venues, contact):
    show = ShowFactory(venue=venues["own"], title="Lumikuningatar")
    client.force_login(contact)
    response = client.post(
        reverse(f"{SHOW}:edit", args=[show.pk]), form_data(venues["own"], cap="3", audience="200")
    )
    assert response.status_code == 200
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        expected = [str(p.message) for p in rules.check_cap("show", 3, audience=200)]
    assert expected  # 5 % of 200 tickets is 10
    assert response.context["form"].errors["cap"] == expected
    show.refresh_from_db()
    assert show.cap is None


@pytest.mark.parametrize("other", ["neighbour", "far"])
def test_another_venues_show_is_refused_by_url(client, venues, contact, other):
    show = ShowFactory(venue=venues[other], title="Alkuperäinen")
    client.force_login(contact)
    for name in ("edit", "delete", "history", "usage"):
        assert refused(client.get(reverse(f"{SHOW}:{name}", args=[show.pk]))), name
    response = client.post(
        reverse(f"{SHOW}:edit", args=[show.pk]), form_data(venues[other], title="Vallattu")
    )
    assert refused(response)
    show.refresh_from_db()
    assert show.title == "Alkuperäinen"


def test_contact_never_deletes_a_show(client, venues, contact):
    show = ShowFactory(venue=venues["own"])
    client.force_login(contact)
    url = reverse(f"{SHOW}:delete", args=[show.pk])
    assert refused(client.get(url))
    assert refused(client.post(url))
    assert Show.objects.filter(pk=show.pk).exists()


def test_contact_never_reaches_the_linked_events_sources(client, venues, contact):
    source = VenueEventSourceFactory(venue=venues["own"])
    client.force_login(contact)
    assert refused(client.get(reverse(f"{SOURCE}:list")))
    assert refused(client.get(reverse(f"{SOURCE}:add")))
    assert refused(client.get(reverse(f"{SOURCE}:edit", args=[source.pk])))
    response = client.post(
        reverse(f"{SOURCE}:add"),
        {"venue": venues["own"].pk, "place_id": "tprek:1", "kind": "show", "enabled": "on"},
    )
    assert refused(response)
    assert list(type(source).objects.values_list("place_id", flat=True)) == ["tprek:7254"]


def test_contacts_menu_has_shows_with_only_shows(rf, world, venues, contact):
    from wagtail.admin.menu import admin_menu

    request = rf.get("/admin/")
    request.user = contact
    items = {item.name: item for item in admin_menu.menu_items_for_request(request)}
    assert set(items) == {"explorer", "shows"}
    submenu = [item.url for item in items["shows"].menu.menu_items_for_request(request)]
    assert submenu == [reverse(f"{SHOW}:list")]  # not the Linked Events sources


def test_coordinator_of_another_region_still_cannot_see_the_venues_shows(
    client, world, venues, contact
):
    show = ShowFactory(venue=venues["own"], title="Teatteri A:n oma")
    client.force_login(world["coordinators"]["b"])
    assert "Teatteri A:n oma" not in client.get(reverse(f"{SHOW}:list")).content.decode()
    assert refused(client.get(reverse(f"{SHOW}:edit", args=[show.pk])))
    client.force_login(world["coordinators"]["a"])
    assert "Teatteri A:n oma" in client.get(reverse(f"{SHOW}:list")).content.decode()


def test_the_policy_names_the_venues_contact_among_the_shows_editors(venues, contact):
    from shows.wagtail_hooks import show_policy

    show = ShowFactory(venue=venues["own"])
    neighbours = ShowFactory(venue=venues["neighbour"])
    assert contact in show_policy.users_with_any_permission_for_instance(["change"], show)
    assert contact not in show_policy.users_with_any_permission_for_instance(["change"], neighbours)
    assert contact not in show_policy.users_with_any_permission_for_instance(["delete"], show)
    assert contact in show_policy.users_with_permission("add")
    assert contact not in show_policy.users_with_permission("delete")
