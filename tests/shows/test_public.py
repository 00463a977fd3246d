"""What the cardholder sees (issue 20.3): the national "what's on" page with its filters, the
shows on a venue's page, and the iCalendar and JSON feeds per region and venue."""

import datetime
import json

from django.urls import reverse
from django.utils import timezone

import icalendar
import pytest

from tests.home.factories import translate
from tests.partners.factories import VenuePageFactory
from tests.shows.factories import ShowFactory, WhatsOnPageFactory, translate_show

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def page(world):
    page = WhatsOnPageFactory(parent=world["home"])
    translate(page, "sv", title="Vad händer med kortet", slug="program")
    translate(page, "en", title="What's on with the card", slug="whats-on")
    translate(page, "fi-x-selko", title="Mitä voin nähdä kortilla", slug="ohjelma")
    return page


@pytest.fixture
def shows(world):
    now = timezone.now()
    a, b = world["venues"]["a"], world["venues"]["b"]
    queen = ShowFactory(venue=a, title="Lumikuningatar", start=now + 2 * DAY)
    translate_show(queen, "sv", "Snödrottningen")
    return {
        "queen": queen,
        "past": ShowFactory(venue=a, title="Mennyt esitys", start=now - 2 * DAY),
        "cancelled": ShowFactory(
            venue=a, title="Peruttu konsertti", start=now + 3 * DAY, cancelled=True
        ),
        "far": ShowFactory(venue=b, title="Kevätkonsertti", start=now + 60 * DAY),
        "opens": ShowFactory(
            venue=b,
            title="Joulukonsertti",
            start=now + 40 * DAY,
            booking_opens_on=timezone.localdate() + 10 * DAY,
        ),
    }


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def test_lists_upcoming_shows_with_caps_and_says_cancelled(client, page, shows):
    html = text(client.get(page.url))
    assert "Lumikuningatar" in html
    assert "Kevätkonsertti" in html
    assert "Mennyt esitys" not in html  # past shows drop off
    assert "Peruttu konsertti" in html
    assert "Peruttu." in html  # "Cancelled." in Finnish
    assert "Enintään 10 korttilippua tähän esitykseen." in html
    opens = (timezone.localdate() + 10 * DAY).strftime("%-d.%-m.")
    assert opens in html  # booking opens on


def test_cache_headers_are_public_for_minutes(client, page, shows):
    response = client.get(page.url + "?region=" + shows["queen"].region.slug)
    assert "public" in response["Cache-Control"]
    assert "s-maxage=300" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("region={a}", ["Lumikuningatar"], ["Kevätkonsertti"]),
        ("municipality={town_b}", ["Kevätkonsertti"], ["Lumikuningatar"]),
        ("category=museum", [], ["Lumikuningatar", "Kevätkonsertti"]),
        ("from={in_50}", ["Kevätkonsertti"], ["Lumikuningatar", "Joulukonsertti"]),
        ("until={in_10}", ["Lumikuningatar"], ["Kevätkonsertti"]),
    ],
)
def test_filters(client, page, shows, world, query, present, absent):
    today = timezone.localdate()
    query = query.format(
        a=world["regions"]["a"].slug,
        town_b=world["venues"]["b"].municipality_id,
        in_50=(today + 50 * DAY).isoformat(),
        in_10=(today + 10 * DAY).strftime("%d.%m.%Y"),
    )
    html = text(client.get(f"{page.url}?{query}"))
    for title in present:
        assert title in html
    for title in absent:
        assert title not in html


def test_children_filter(client, page, shows, world):
    venue = VenuePageFactory(parent=world["pages"]["a"], children_tickets=False)
    ShowFactory(venue=venue, title="Aikuisten ilta", start=timezone.now() + DAY)
    assert "Aikuisten ilta" in text(client.get(page.url))
    html = text(client.get(page.url + "?children=on"))
    assert "Aikuisten ilta" not in html
    assert "Lumikuningatar" in html


def test_bad_filters_say_so_and_still_answer(client, page, shows):
    html = text(client.get(page.url + "?from=huomenna&until=2020-01-01&region=nowhere"))
    assert "error-summary" in html
    assert "Lumikuningatar" in html


def test_swedish_page_shows_the_translation_or_the_finnish_title(client, page, shows):
    html = text(client.get(page.get_translation(_locale("sv")).url))
    assert "Snödrottningen" in html
    assert "Lumikuningatar" not in html
    assert '<span lang="fi">Kevätkonsertti</span>' in html  # untranslated: marked Finnish
    assert 'lang="fi">Teatteri A</a>' in html  # the venue has no Swedish page: its Finnish name
    assert "Inställd." in html


def test_plain_finnish_page_shows_the_finnish_titles(client, page, shows):
    html = text(client.get(page.get_translation(_locale("fi-x-selko")).url))
    assert "Lumikuningatar" in html
    assert 'lang="fi">Lumikuningatar' not in html  # plain Finnish is Finnish


def test_region_feed_links_on_the_filtered_page(client, page, shows, world):
    slug = world["regions"]["a"].slug
    html = text(client.get(f"{page.url}?region={slug}"))
    ics = reverse("shows_region_ics", args=[slug])
    assert f'<link rel="alternate" type="text/calendar" href="{ics}"' in html
    assert 'type="application/json" href="' + reverse("shows_region_json", args=[slug]) in html


def test_is_in_the_national_menu(client, page, world):
    html = text(client.get(world["home"].url))
    assert f'href="{page.relative_url(world["site"])}"' in html


def test_query_count_does_not_grow_with_shows(client, page, world, django_assert_max_num_queries):
    now = timezone.now()
    for n in range(3):
        ShowFactory(venue=world["venues"]["a"], start=now + (n + 1) * DAY)
    text(client.get(page.url))  # the first request fills the per-process caches (sites, locales)
    with django_assert_max_num_queries(10) as few:
        text(client.get(page.url))
    for n in range(30):
        venue = world["venues"]["a" if n % 2 else "b"]
        ShowFactory(venue=venue, start=now + (n + 1) * DAY)
    # Saving a show purges the page fragments (menus, header) like any content change; the
    # header fragment is kept per address, so the measured address is asked for once first.
    text(client.get(page.url + "?page=2"))
    with django_assert_max_num_queries(10) as many:
        text(client.get(page.url + "?page=2"))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_venue_page_lists_its_shows_and_links_its_feeds(client, world, shows):
    venue = world["venues"]["a"]
    html = text(client.get(venue.url))
    assert "Lumikuningatar" in html
    assert "Mennyt esitys" not in html
    assert "Kevätkonsertti" not in html  # another venue's
    assert "Peruttu." in html
    ics = reverse("shows_venue_ics", args=[venue.pk])
    assert f'<link rel="alternate" type="text/calendar" href="{ics}"' in html
    assert reverse("shows_venue_json", args=[venue.pk]) in html


def test_venue_ics_feed(client, world, shows):
    response = client.get(reverse("shows_venue_ics", args=[world["venues"]["a"].pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert "s-maxage=300" in response["Cache-Control"]
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Lumikuningatar", "Peruttu konsertti"}
    assert str(events["Peruttu konsertti"]["status"]) == "CANCELLED"
    assert events["Lumikuningatar"].decoded("dtstart") == shows["queen"].start.replace(
        microsecond=0
    )


def test_region_json_feed_in_swedish(client, world, shows):
    with_lang = reverse("shows_region_json", args=[world["regions"]["a"].slug])
    assert with_lang.startswith("/fi/")
    response = client.get(with_lang.replace("/fi/", "/sv/", 1))
    body = json.loads(response.content)
    titles = [show["title"] for show in body["shows"]]
    assert titles == ["Snödrottningen", "Peruttu konsertti"]
    assert body["shows"][1]["cancelled"] is True
    assert body["shows"][0]["cap"] == 10
    assert set(body["shows"][0]["venue"]) == {"name", "url", "town", "region"}


def test_unknown_feed_is_404(client, world):
    assert client.get(reverse("shows_region_ics", args=["ei-ole"])).status_code == 404
    assert client.get(reverse("shows_venue_json", args=[999999])).status_code == 404


def _locale(code):
    from wagtail.models import Locale

    return Locale.objects.get(language_code=code)


def test_venue_page_shows_cost_one_query(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    venue = world["venues"]["a"]
    text(client.get(venue.url))  # warm: sites, locales, the page's fragments
    with CaptureQueriesContext(connection) as without:
        text(client.get(venue.url))
    for n in range(12):
        ShowFactory(venue=venue, start=timezone.now() + (n + 1) * DAY)
    text(client.get(venue.url))  # saving the shows emptied the fragments: warm again
    with CaptureQueriesContext(connection) as with_shows:
        html = text(client.get(venue.url))
    assert html.count('class="card show') == 12
    assert len(with_shows.captured_queries) == len(without.captured_queries)
