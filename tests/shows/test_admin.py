"""The shows' admin: a region's coordinator adds and edits shows of their own region's venues only;
the national office everywhere; a per-show cap passes the national rules (partners.rules)."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from shows.models import Show, VenueEventSource
from tests.shows.factories import ShowFactory, VenueEventSourceFactory

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_shows_show:add"
EDIT = "wagtailsnippets_shows_show:edit"
DELETE = "wagtailsnippets_shows_show:delete"
INDEX = "wagtailsnippets_shows_show:list"


def refused(response):
    """Wagtail's "permission denied": a 403, or back to the dashboard with an error message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def form_data(venue, **fields):
    start = timezone.localtime() + datetime.timedelta(days=10)
    data = {
        "venue": venue.pk,
        "title": "Lumikuningatar",
        "start": start.strftime("%Y-%m-%d %H:%M"),
        "end": "",
        "kind": "show",
        "venue_cap": venue.caps.get().pk,
        "cap": "",
        "audience": "",
        "booking_opens_on": "",
        "buy_url": "https://liput.example.fi/lumikuningatar",
        "action-publish": "action-publish",  # the Publish button (a draft without it)
    }
    data.update(fields)
    return data


def add(client, user, venue, **fields):
    client.force_login(user)
    return client.post(reverse(ADD) + "?locale=fi", form_data(venue, **fields))


def test_coordinator_adds_a_show_to_their_own_venue(client, world):
    venue = world["venues"]["a"]
    response = add(client, world["coordinators"]["a"], venue)
    assert response.status_code == 302, response.content[:2000]
    show = Show.objects.get()
    assert show.venue == venue
    assert show.effective_cap == 10
    assert show.locale.language_code == "fi"


def test_coordinator_of_another_region_cannot_add_to_the_venue(client, world):
    response = add(client, world["coordinators"]["b"], world["venues"]["a"])
    assert response.status_code == 200
    assert "venue" in response.context["form"].errors
    assert not Show.objects.exists()


def test_coordinator_of_another_region_cannot_open_edit_or_delete(client, world):
    show = ShowFactory(venue=world["venues"]["a"], title="Alkuperäinen")
    client.force_login(world["coordinators"]["b"])
    assert refused(client.get(reverse(EDIT, args=[show.pk])))
    response = client.post(
        reverse(EDIT, args=[show.pk]), form_data(world["venues"]["a"], title="Muutettu")
    )
    assert refused(response)
    assert refused(client.post(reverse(DELETE, args=[show.pk])))
    assert Show.objects.filter(pk=show.pk).exists()
    show.refresh_from_db()
    assert show.title == "Alkuperäinen"
    listing = client.get(reverse(INDEX))
    assert listing.status_code == 200
    assert "Alkuperäinen" not in listing.content.decode()


def test_own_coordinator_and_national_office_edit(client, world):
    show = ShowFactory(venue=world["venues"]["a"], title="Alkuperäinen")
    for user, title in ((world["coordinators"]["a"], "Oma"), (world["national"], "Kansallinen")):
        client.force_login(user)
        listing = client.get(reverse(INDEX))
        assert show.title in listing.content.decode()
        response = client.post(
            reverse(EDIT, args=[show.pk]), form_data(world["venues"]["a"], title=title)
        )
        assert response.status_code == 302, response.content[:2000]
        show.refresh_from_db()
        assert show.title == title


def test_per_show_cap_is_checked_by_the_national_rules(client, world):
    venue = world["venues"]["a"]
    response = add(client, world["coordinators"]["a"], venue, cap="3", audience="200")
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["cap"])
    assert "10" in errors  # 5 % of 200 tickets
    assert not Show.objects.exists()
    response = add(client, world["coordinators"]["a"], venue, cap="12", audience="200")
    assert response.status_code == 302
    assert Show.objects.get().effective_cap == 12


def test_another_venues_cap_is_refused(client, world):
    other_cap = world["venues"]["b"].caps.get()
    response = add(client, world["national"], world["venues"]["a"], venue_cap=str(other_cap.pk))
    assert response.status_code == 200
    assert "venue_cap" in response.context["form"].errors


def test_event_source_is_scoped_to_the_region(client, world):
    source = VenueEventSourceFactory(venue=world["venues"]["a"])
    client.force_login(world["coordinators"]["b"])
    url = reverse("wagtailsnippets_shows_venueeventsource:edit", args=[source.pk])
    assert refused(client.get(url))
    response = client.post(
        reverse("wagtailsnippets_shows_venueeventsource:add"),
        {"venue": world["venues"]["a"].pk, "place_id": "tprek:1", "kind": "show", "enabled": "on"},
    )
    assert response.status_code == 200
    assert VenueEventSource.objects.count() == 1
    client.force_login(world["coordinators"]["a"])
    assert client.get(url).status_code == 200


def test_wagtail_localize_translates_the_title_and_keeps_the_rest(world):
    """A show goes through wagtail-localize like other content: the title is a segment to
    translate; the venue, times and cap are synchronised, never translated."""
    from wagtail.models import Locale
    from wagtail_localize.models import StringTranslation, TranslationSource

    show = ShowFactory(venue=world["venues"]["a"], title="Lumikuningatar", cap=None)
    source, _created = TranslationSource.get_or_create_from_instance(show)
    segments = {s.string.data for s in source.stringsegment_set.select_related("string")}
    assert segments == {"Lumikuningatar"}
    swedish = Locale.objects.get(language_code="sv")
    StringTranslation.objects.create(
        translation_of=source.stringsegment_set.get().string,
        locale=swedish,
        context=source.stringsegment_set.get().context,
        data="Snödrottningen",
    )
    translation, _created = source.create_or_update_translation(swedish)
    assert translation.title == "Snödrottningen"
    assert translation.translation_key == show.translation_key
    assert (translation.venue_id, translation.start, translation.venue_cap_id) == (
        show.venue_id,
        show.start,
        show.venue_cap_id,
    )
    show.start += datetime.timedelta(days=1)
    show.save()  # a changed date reaches every language at once
    translation.refresh_from_db()
    assert translation.start == show.start
