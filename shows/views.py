"""The shows' feeds: iCalendar (RFC 5545, the `icalendar` library) and JSON, per region and per
venue, in the address's language. Public and cached like the pages, for minutes (past shows drop
off by the clock); no personal data: a show, its venue and its cap."""

import datetime

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_cache_control

import icalendar

from partners.models import VenuePage
from regions.models import Region

from . import public

PRODID = "-//Kaikukortti//Shows//FI"


def _region_shows(slug):
    region = get_object_or_404(Region, slug=slug)
    shows = public.upcoming().filter(venue__municipality__region=region)[: public.FEED_LIMIT]
    return region.name, shows


def _venue_shows(venue_id):
    venue = VenuePage.objects.live().public().filter(pk=venue_id).first()
    if venue is None:
        raise Http404
    return venue.title, public.for_venue(venue)[: public.FEED_LIMIT]


def _calendar(request, name, shows):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Kaikukortti: {name}")
    now = timezone.now()
    for show in public.attach_venue_pages(shows):
        event = icalendar.Event()
        event.add("uid", f"{show.translation_key}@kaikukortti")
        event.add("dtstamp", show.last_imported_at or now)
        event.add("dtstart", show.start)
        event.add("dtend", show.end or show.start + datetime.timedelta(hours=1))
        event.add("summary", show.title)
        town = show.venue.town
        event.add("location", f"{show.venue_page.title}, {town}" if town else show.venue_page.title)
        event.add("url", show.buy_url or show.venue_page.get_full_url(request))
        event.add("status", "CANCELLED" if show.cancelled else "CONFIRMED")
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    return _cached(response)


def _json(request, name, shows):
    shows = public.attach_venue_pages(shows)
    body = {"name": name, "shows": [public.as_json(show, request) for show in shows]}
    return _cached(JsonResponse(body, json_dumps_params={"ensure_ascii": False}))


def _cached(response):
    patch_cache_control(response, s_maxage=settings.CACHE_LIVE_S_MAXAGE)
    return response


def region_ics(request, slug):
    return _calendar(request, *_region_shows(slug))


def region_json(request, slug):
    return _json(request, *_region_shows(slug))


def venue_ics(request, venue_id):
    return _calendar(request, *_venue_shows(venue_id))


def venue_json(request, venue_id):
    return _json(request, *_venue_shows(venue_id))
