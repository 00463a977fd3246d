"""The Linked Events import (shows.linkedevents) over recorded API answers in fixtures/: no
network, urlopen is replaced by a function that serves the recorded files by URL."""

import io
import json
from pathlib import Path
from urllib.error import HTTPError, URLError

from django.core.management import call_command
from django.utils import timezone

import pytest

from shows import linkedevents
from shows.models import Show, Source
from tests.home.factories import HomePageFactory, ensure_locales
from tests.partners.factories import VenuePageFactory
from tests.regions.factories import RegionFactory, RegionIndexPageFactory, RegionPageFactory
from tests.shows.factories import ShowFactory, VenueEventSourceFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
API = "https://api.hel.fi/linkedevents/v1"
FIRST = f"{API}/event/?location=tprek%3A7254&start=now&page_size=100"
SECOND = f"{API}/event/?location=tprek%3A7254&page=2&page_size=100&start=now"
RECORDED = {FIRST: "events_page1.json", SECOND: "events_page2.json"}


class FakeAPI:
    """Serves `routes` (URL -> fixture file name, or an exception to raise) and counts calls."""

    def __init__(self, routes):
        self.routes = routes
        self.calls = []

    def __call__(self, request, timeout=None):
        assert timeout, "every call has a timeout"
        self.calls.append(request.full_url)
        answer = self.routes[request.full_url]
        if isinstance(answer, Exception):
            raise answer
        return io.BytesIO((FIXTURES / answer).read_bytes())


@pytest.fixture
def api(monkeypatch, settings):
    settings.LINKED_EVENTS_URL = API

    def serve(routes):
        fake = FakeAPI(routes)
        monkeypatch.setattr(linkedevents, "urlopen", fake)
        return fake

    return serve


@pytest.fixture
def venues(db):
    """Two venues under one region's page (no site needed: the import renders nothing)."""
    ensure_locales()
    index = RegionIndexPageFactory(parent=HomePageFactory())
    page = RegionPageFactory(region=RegionFactory(), parent=index)
    return [VenuePageFactory(parent=page), VenuePageFactory(parent=page)]


@pytest.fixture
def source(venues):
    return VenueEventSourceFactory(venue=venues[0])


def imported(language="fi"):
    return {
        show.external_id: show
        for show in Show.objects.filter(source=Source.LINKED_EVENTS, locale__language_code=language)
    }


def run():
    out = io.StringIO()
    call_command("import_linked_events", stdout=out, stderr=out)
    return out.getvalue()


def test_follows_paging_and_maps_the_fields(api, source):
    fake = api(RECORDED)
    output = run()
    assert fake.calls == [FIRST, SECOND]
    assert "3 new" in output
    shows = imported()
    # The cancelled event was never listed here, so it is not added; the others are.
    assert set(shows) == {"helsinki:agkqq5ccxe", "helsinki:agkqq5d2ly", "helsinki:agkqq5hh4i"}
    queen = shows["helsinki:agkqq5ccxe"]
    assert queen.title == "Lumikuningatar"
    assert queen.start.isoformat() == "2030-01-17T17:00:00+00:00"
    assert queen.end.isoformat() == "2030-01-17T19:30:00+00:00"
    assert queen.buy_url == "https://www.lippu.fi/event/lumikuningatar"  # the offer's link
    assert queen.venue_id == source.venue_id
    assert queen.venue_cap == source.venue.caps.get()  # the venue's cap of the source's kind
    assert not queen.cancelled
    assert queen.last_imported_at is not None
    assert imported("sv")["helsinki:agkqq5ccxe"].title == "Snödrottningen"
    assert imported("en")["helsinki:agkqq5ccxe"].title == "The Snow Queen"
    assert imported("sv")["helsinki:agkqq5ccxe"].translation_key == queen.translation_key
    source.refresh_from_db()
    assert source.last_error == ""


def test_rescheduled_event_is_listed_and_a_null_name_is_no_translation(api, source):
    api(RECORDED)
    run()
    concert = imported()["helsinki:agkqq5d2ly"]
    assert not concert.cancelled
    assert concert.end is None
    assert concert.buy_url == "https://teatteri.example.fi/kevatkonsertti"  # no offer link
    assert "helsinki:agkqq5d2ly" in imported("en")
    assert "helsinki:agkqq5d2ly" not in imported("sv")  # "sv": null


def test_finnish_only_event_and_a_date_without_time(api, source):
    api(RECORDED)
    run()
    doors = imported()["helsinki:agkqq5hh4i"]
    assert doors.title == "Nukketeatterin avoimet ovet"
    assert timezone.localtime(doors.start).date().isoformat() == "2030-02-15"
    assert "helsinki:agkqq5hh4i" not in imported("sv")
    assert "helsinki:agkqq5hh4i" not in imported("en")
    # Plain Finnish has no row of its own: the public pages show the Finnish one.
    assert not Show.objects.filter(locale__language_code="fi-x-selko").exists()


def test_cancelled_event_marks_a_listed_show_cancelled(api, source):
    ShowFactory(
        venue=source.venue,
        title="Runoilta",
        source=Source.LINKED_EVENTS,
        external_id="helsinki:agkqq5fwba",
    )
    api(RECORDED)
    output = run()
    poetry = imported()["helsinki:agkqq5fwba"]
    assert poetry.cancelled
    assert "1 cancelled" in output
    assert imported("sv")["helsinki:agkqq5fwba"].cancelled  # its Swedish row came with it


def test_running_twice_duplicates_nothing(api, source):
    api(RECORDED)
    run()
    before = sorted(Show.objects.values_list("pk", "locale__language_code", "external_id", "title"))
    run()
    after = sorted(Show.objects.values_list("pk", "locale__language_code", "external_id", "title"))
    assert before == after
    assert Show.objects.count() == 3 + 1 + 2  # fi rows, the Swedish one, the English ones


def test_next_day_updates_moves_and_cancels_what_disappeared(api, source):
    api(RECORDED)
    run()
    ids = {key: show.pk for key, show in imported().items()}
    api({FIRST: "events_next_day.json"})
    run()
    shows = imported()
    assert shows["helsinki:agkqq5ccxe"].pk == ids["helsinki:agkqq5ccxe"]  # updated in place
    assert shows["helsinki:agkqq5ccxe"].start.isoformat() == "2030-01-24T17:00:00+00:00"
    assert imported("sv")["helsinki:agkqq5ccxe"].start == shows["helsinki:agkqq5ccxe"].start
    assert shows["helsinki:agkqq5d2ly"].cancelled  # gone from the upcoming list
    assert imported("en")["helsinki:agkqq5d2ly"].cancelled
    assert imported("sv")["helsinki:agkqq5hh4i"].title == "Dockteaterns öppet hus"
    assert shows["helsinki:agkqq5kl2m"].title == "Joulun satutunti"


def test_a_show_typed_in_the_admin_is_left_alone(api, source):
    typed = ShowFactory(venue=source.venue, title="Oma esitys")
    api(RECORDED)
    run()
    typed.refresh_from_db()
    assert not typed.cancelled
    assert typed.title == "Oma esitys"


@pytest.mark.parametrize(
    "failure",
    [
        "events_truncated.json",
        "events_no_list.json",
        "events_malformed_event.json",
        TimeoutError("timed out"),
        URLError(TimeoutError("timed out")),
        HTTPError(FIRST, 503, "Service Unavailable", {}, None),
    ],
    ids=[
        "malformed-json",
        "no-event-list",
        "malformed-event",
        "timeout",
        "url-timeout",
        "http-503",
    ],
)
def test_a_failure_leaves_the_venue_as_it_was(api, source, failure, caplog):
    api(RECORDED)
    run()
    before = sorted(Show.objects.values_list("pk", "title", "start", "cancelled"))
    api({FIRST: failure})
    output = run()
    assert sorted(Show.objects.values_list("pk", "title", "start", "cancelled")) == before
    assert "failed" in output
    source.refresh_from_db()
    assert source.last_error
    assert "Linked Events import" in caplog.text


def test_one_failing_venue_does_not_stop_the_others(api, venues, source):
    other = VenueEventSourceFactory(venue=venues[1], place_id="tprek:1")
    other_url = f"{API}/event/?location=tprek%3A1&start=now&page_size=100"
    api({other_url: TimeoutError("timed out"), **RECORDED})
    run()
    assert set(imported()) and all(s.venue_id == source.venue_id for s in imported().values())
    other.refresh_from_db()
    assert other.last_error


def test_paging_outside_the_api_is_refused(api, source, monkeypatch):
    page = json.loads((FIXTURES / "events_page1.json").read_text())
    page["meta"]["next"] = "http://169.254.169.254/latest/meta-data/"
    monkeypatch.setattr(
        linkedevents, "fetch_json", lambda url: page if url == FIRST else pytest.fail(url)
    )
    run()
    assert not Show.objects.exists()
    source.refresh_from_db()
    assert "next page" in source.last_error


def test_pages_are_bounded(api, source, monkeypatch):
    monkeypatch.setattr(linkedevents, "MAX_PAGES", 1)
    api(RECORDED)
    ShowFactory(venue=source.venue, source=Source.LINKED_EVENTS, external_id="helsinki:vanha")
    run()
    # Only the first page was read; what it did not cover is not taken for gone.
    assert set(imported()) == {"helsinki:agkqq5ccxe", "helsinki:agkqq5d2ly", "helsinki:vanha"}
    assert not imported()["helsinki:vanha"].cancelled


def test_the_import_purges_the_public_pages_once(api, source, monkeypatch):
    from shows import signals

    purges = []
    monkeypatch.setattr(signals, "purge_after_commit", lambda **kw: purges.append(kw))
    api(RECORDED)
    run()
    assert len(purges) == 1  # not once per saved row
    ShowFactory(venue=source.venue)  # a show saved in the admin purges at once
    assert len(purges) == 2
