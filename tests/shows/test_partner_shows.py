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


def edit(client, show, venue, **fields):
    """The contact's edit, sent with "Submit for review" (without it: a draft only)."""
    data = form_data(venue, **fields)
    data.pop("action-publish")
    data["action-submit"] = "action-submit"
    return client.post(reverse(f"{SHOW}:edit", args=[show.pk]), data)


def approve(client, show, action="approve"):
    """A reviewer's answer to the show's current task, from the review's own URL."""
    task_state = show.current_workflow_task_state
    url = reverse(f"{SHOW}:workflow_action", args=[show.pk, action, task_state.pk])
    return client.post(url, {"comment": "Kiitos"})


def test_contacts_change_waits_for_their_regions_coordinator(client, world, venues, contact):
    from wagtail.models import TaskState

    show = ShowFactory(venue=venues["own"], title="Lumikuningatar")
    page = venues["own"]
    client.force_login(contact)
    response = edit(client, show, page, cap="15", audience="200", cancelled="on")
    assert response.status_code == 302, response.content[:2000]
    show.refresh_from_db()
    # Live as it was, on the public list too, until a coordinator approves.
    assert (show.effective_cap, show.cancelled, show.live) == (10, False, True)
    assert show.has_unpublished_changes
    public = Show.objects.public().get(pk=show.pk)
    assert (public.effective_cap, public.cancelled) == (10, False)
    assert show.current_workflow_task is not None

    # The review waits for region a's coordinators only.
    waiting = set(TaskState.objects.reviewable_by(world["coordinators"]["a"]))
    assert waiting == {show.current_workflow_task_state}
    assert not TaskState.objects.reviewable_by(world["coordinators"]["b"]).exists()
    assert TaskState.objects.reviewable_by(world["national"]).exists()
    client.force_login(world["coordinators"]["b"])
    assert refused(approve(client, show))
    assert refused(client.get(reverse(f"{SHOW}:edit", args=[show.pk])))

    # A ticket recorded while the change waits is kept when it is published.
    Show.objects.filter(translation_key=show.translation_key).update(card_tickets=3)
    client.force_login(world["coordinators"]["a"])
    response = approve(client, show)
    assert response.status_code == 302, response.content[:2000]
    show.refresh_from_db()
    assert (show.effective_cap, show.cancelled, show.card_tickets) == (15, True, 3)
    assert not show.has_unpublished_changes


def test_contacts_new_show_is_public_and_takes_tickets_only_once_approved(
    client, world, venues, contact
):
    from shows import public, tickets
    from tests.registry.factories import VenueOrganisationFactory

    desk = VenueOrganisationFactory(region=world["regions"]["a"], partner_page=venues["own"])
    client.force_login(contact)
    data = form_data(venues["own"], title="Uusi esitys")
    data.pop("action-publish")
    data["action-submit"] = "action-submit"
    response = client.post(reverse(f"{SHOW}:add") + "?locale=fi", data)
    assert response.status_code == 302, response.content[:2000]
    show = Show.objects.get(title="Uusi esitys")
    assert not show.live
    assert show not in public.upcoming(show.locale)
    assert show not in public.upcoming(show.locale, public=False)
    assert show not in public.for_venue(venues["own"])
    assert show not in tickets.desk_shows(desk)
    assert tickets.desk_show(desk, str(show.translation_key)) is None

    client.force_login(world["coordinators"]["a"])
    assert approve(client, show).status_code == 302
    show.refresh_from_db()
    assert show.live
    assert show in public.upcoming(show.locale)
    assert show in public.for_venue(venues["own"])
    assert tickets.desk_show(desk, show.translation_key) == show


def test_contact_cannot_publish_even_by_sending_the_publish_button(client, venues, contact):
    show = ShowFactory(venue=venues["own"], title="Lumikuningatar")
    client.force_login(contact)
    response = client.post(
        reverse(f"{SHOW}:edit", args=[show.pk]), form_data(venues["own"], title="Julkaistu itse")
    )
    assert response.status_code == 302
    show.refresh_from_db()
    assert show.title == "Lumikuningatar"  # a draft, not published
    response = client.post(
        reverse(f"{SHOW}:add") + "?locale=fi", form_data(venues["own"], title="Toinen")
    )
    assert response.status_code == 302
    assert not Show.objects.get(title="Toinen").live


def test_the_coordinators_are_told_and_the_contact_hears_back(
    client, world, venues, contact, mailoutbox
):
    world["coordinators"]["a"].email = "koordinaattori-a@example.fi"
    world["coordinators"]["a"].save()
    world["coordinators"]["b"].email = "koordinaattori-b@example.fi"
    world["coordinators"]["b"].save()
    contact.email = "teatteri-a@example.fi"
    contact.save()
    show = ShowFactory(venue=venues["own"], title="Lumikuningatar")
    client.force_login(contact)
    assert edit(client, show, venues["own"], cap="15", audience="200").status_code == 302
    told = {address for message in mailoutbox for address in message.to}
    assert "koordinaattori-a@example.fi" in told
    assert "koordinaattori-b@example.fi" not in told
    assert "teatteri-a@example.fi" not in told

    mailoutbox.clear()
    client.force_login(world["coordinators"]["a"])
    show.refresh_from_db()
    assert approve(client, show, action="reject").status_code == 302
    assert [m.to for m in mailoutbox] == [["teatteri-a@example.fi"]]
    show.refresh_from_db()
    assert show.cap is None  # sent back: nothing published


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


def test_the_editors_buttons_follow_the_policy(client, world, venues, contact):
    """Publish for the region's coordinator; only "Submit for review" for the contact."""
    show = ShowFactory(venue=venues["own"])
    pages = {
        "add": reverse(f"{SHOW}:add") + "?locale=fi",
        "edit": reverse(f"{SHOW}:edit", args=[show.pk]),
    }
    for user, publishes in ((world["coordinators"]["a"], True), (contact, False)):
        client.force_login(user)
        for name, url in pages.items():
            html = client.get(url).content.decode()
            assert ('name="action-publish"' in html) is publishes, (user, name)
            assert 'name="action-submit"' in html, (user, name)
            assert ('name="action-unpublish"' in html or "/unpublish/" in html) is (
                publishes and name == "edit"
            ), (user, name)


def test_the_review_pages_refuse_another_regions_coordinator_and_the_contact(
    client, world, venues, contact
):
    show = ShowFactory(venue=venues["own"], title="Lumikuningatar")
    client.force_login(contact)
    assert edit(client, show, venues["own"], cap="15", audience="200").status_code == 302
    show.refresh_from_db()
    state = show.current_workflow_state
    reviews = {
        "compare": reverse(f"{SHOW}:revisions_compare", args=[show.pk, "earliest", "latest"]),
        "workflow history": reverse(f"{SHOW}:workflow_history", args=[show.pk]),
        "workflow detail": reverse(f"{SHOW}:workflow_history_detail", args=[show.pk, state.pk]),
        "unpublish": reverse(f"{SHOW}:unpublish", args=[show.pk]),
        "approve": reverse(
            f"{SHOW}:workflow_action",
            args=[show.pk, "approve", show.current_workflow_task_state.pk],
        ),
    }
    client.force_login(world["coordinators"]["b"])
    for name, url in reviews.items():
        assert refused(client.get(url)), name
    client.force_login(contact)  # their own show: no unpublish, no approval
    for name in ("unpublish", "approve"):
        assert refused(client.get(reviews[name])) or client.get(reviews[name]).status_code in (
            403,
            405,
        ), name
    assert refused(client.post(reviews["approve"], {"comment": ""})), "approve"
    client.force_login(world["coordinators"]["a"])
    assert client.get(reviews["compare"]).status_code == 200
    assert client.get(reviews["workflow history"]).status_code == 200
