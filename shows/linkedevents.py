"""Import a venue's upcoming events from Linked Events, the open event API of Helsinki, Tampere,
Turku and other cities (City-of-Helsinki/linkedevents; `manage.py import_linked_events`, daily).

    GET {LINKED_EVENTS_URL}/event/?location=<place id>&start=now&page_size=100

answers `{"meta": {"count", "next", "previous"}, "data": [event, ...]}`; `meta.next` is the next
page's full URL (DRF's page-number pagination, at most 100 a page). An event has an `id`
("helsinki:agjz7xkx3e"), a multilingual `name` ({"fi": …, "sv": …, "en": …}, any of them may be
missing or null), `start_time` and `end_time` (ISO 8601; a date alone when the event has no time
of day; `end_time` null for a short event, `start_time` null for a postponed one), `event_status`
(EventScheduled, EventRescheduled, EventCancelled, EventPostponed), `offers` (each with a
multilingual `info_url`) and `super_event_type` ("recurring"/"umbrella" for the container of a
series, whose sub-events are listed on their own). A deleted event keeps only its id and name and
says `"deleted": true`.

Each venue is all or nothing: every page is fetched and every event checked before anything is
written, and the writes are one transaction. A timeout, an HTTP error, malformed JSON or an event
that does not make sense leaves the venue's shows as they were (logged, and kept on the source as
its last error for the admin).
"""

import dataclasses
import datetime
import json
import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from wagtail.models import Locale

from .models import Show, Source

logger = logging.getLogger(__name__)

DEFAULT_URL = "https://api.hel.fi/linkedevents/v1"
TIMEOUT_SECONDS = 15
PAGE_SIZE = 100  # the API's maximum
MAX_PAGES = 20  # at most 2,000 upcoming events a venue
MAX_BYTES = 5 * 1024 * 1024  # one page of 100 events is about 300 kB
CANCELLED_STATUSES = {"EventCancelled", "EventPostponed"}
KNOWN_STATUSES = {"EventScheduled", "EventRescheduled", *CANCELLED_STATUSES}
# The show's languages with their own row; plain Finnish shows the Finnish row (models.py).
NAME_LANGUAGES = ("fi", "sv", "en")
TITLE_MAX = Show._meta.get_field("title").max_length
URL_MAX = Show._meta.get_field("buy_url").max_length
ID_MAX = Show._meta.get_field("external_id").max_length


class ImportProblem(Exception):
    """Why a venue's events were not imported (shown to the admin as the source's last error)."""


@dataclasses.dataclass(frozen=True)
class Event:
    external_id: str
    names: dict  # language code -> title, only the languages that have one
    start: datetime.datetime | None
    end: datetime.datetime | None
    cancelled: bool
    buy_url: str


def api_url():
    return getattr(settings, "LINKED_EVENTS_URL", DEFAULT_URL).rstrip("/")


def first_page_url(place_id):
    query = urlencode({"location": place_id, "start": "now", "page_size": PAGE_SIZE})
    return f"{api_url()}/event/?{query}"


def fetch_json(url):
    """One page as JSON; any failure is an ImportProblem."""
    request = Request(url, headers={"Accept": "application/json", "User-Agent": "Kaikukortti"})  # noqa: S310 (https from settings)
    try:
        with urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(MAX_BYTES + 1)
    except HTTPError as error:
        raise ImportProblem(f"HTTP {error.code} from {url}") from error
    except (TimeoutError, URLError, OSError) as error:
        raise ImportProblem(f"No answer from {url}: {error}") from error
    if len(body) > MAX_BYTES:
        raise ImportProblem(f"Answer over {MAX_BYTES} bytes from {url}")
    try:
        return json.loads(body)
    except ValueError as error:
        raise ImportProblem(f"Not JSON from {url}: {error}") from error


def fetch_events(place_id):
    """Every upcoming event of the place, following `meta.next`, and whether that was all of them
    (False when MAX_PAGES ran out)."""
    url, pages, events, origin = first_page_url(place_id), 0, [], urlsplit(api_url()).netloc
    while url:
        if pages == MAX_PAGES:
            logger.warning("Linked Events: %s has more than %s pages", place_id, MAX_PAGES)
            return events, False
        payload = fetch_json(url)
        pages += 1
        if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
            raise ImportProblem(f"No event list in the answer from {url}")
        events.extend(parse_event(item) for item in payload["data"])
        url = (payload.get("meta") or {}).get("next")
        # Follow paging on the same API only: the answer decides no other address to call.
        if url is not None and (not isinstance(url, str) or urlsplit(url).netloc != origin):
            raise ImportProblem(f"Unexpected next page {url!r}")
    return events, True


def _text(value, limit):
    return value.strip()[:limit] if isinstance(value, str) else ""


def _translations(value, limit):
    if not isinstance(value, dict):
        return {}
    texts = {lang: _text(value.get(lang), limit) for lang in NAME_LANGUAGES}
    return {lang: text for lang, text in texts.items() if text}


def _moment(value, *, end=False):
    """An aware datetime from an ISO timestamp, or from a date alone (the start of that day; for
    an end, the start of the next day)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(value)
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(value)
        moment = datetime.datetime.combine(day + datetime.timedelta(days=int(end)), datetime.time())
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _buy_url(item):
    """The first offer's link, else the event's own page (Finnish first)."""
    candidates = [
        offer.get("info_url") for offer in item.get("offers") or [] if isinstance(offer, dict)
    ]
    candidates.append(item.get("info_url"))
    for links in candidates:
        links = _translations(links, URL_MAX)
        for lang in NAME_LANGUAGES:
            link = links.get(lang, "")
            if link.startswith(("https://", "http://")):
                return link
    return ""


def parse_event(item):
    """An Event from one item of the answer; an item that makes no sense is an ImportProblem."""
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
        raise ImportProblem(f"An event without an id: {str(item)[:100]}")
    external_id = item["id"]
    if len(external_id) > ID_MAX:
        raise ImportProblem(f"Event id too long: {external_id[:100]}")
    if item.get("deleted"):
        return Event(external_id, {}, None, None, True, "")
    status = item.get("event_status") or "EventScheduled"
    if status not in KNOWN_STATUSES:
        raise ImportProblem(f"{external_id}: unknown event_status {str(status)[:40]}")
    try:
        start = _moment(item.get("start_time"))
        end = _moment(item.get("end_time"), end=True)
        offers = item.get("offers") or []
        if not isinstance(offers, list):
            raise ValueError(offers)
    except (ValueError, TypeError) as error:
        raise ImportProblem(f"{external_id}: bad time or offers ({error})") from error
    if start is None and status != "EventPostponed":
        raise ImportProblem(f"{external_id}: no start_time")
    if start and end and end < start:
        end = None
    return Event(
        external_id=external_id,
        names=_translations(item.get("name"), TITLE_MAX),
        start=start,
        end=end,
        cancelled=status in CANCELLED_STATUSES,
        buy_url=_buy_url(item),
    )


def import_source(source, *, now=None):
    """Import one venue's events; returns (created, updated, cancelled) counts. Raises
    ImportProblem, having written nothing, when the API fails or answers nonsense."""
    now = now or timezone.now()
    events, complete = fetch_events(source.place_id)
    locales = {
        locale.language_code: locale
        for locale in Locale.objects.filter(language_code__in=NAME_LANGUAGES)
    }
    default = Locale.get_default()
    venue_cap = source.venue_cap()
    counts = {"created": 0, "updated": 0, "cancelled": 0}
    seen = set()
    with transaction.atomic():
        for event in events:
            seen.add(event.external_id)
            existing = Show.objects.filter(
                source=Source.LINKED_EVENTS, external_id=event.external_id, locale=default
            ).first()
            if existing is None and (event.start is None or event.cancelled):
                continue  # nothing to tell about an event we never listed
            if existing is None and not event.names:
                raise ImportProblem(f"{event.external_id}: no name in Finnish, Swedish or English")
            _save_event(source, event, existing, default, locales, venue_cap, now, counts)
        gone = (
            Show.objects.filter(
                source=Source.LINKED_EVENTS, venue=source.venue, locale=default, cancelled=False
            )
            .upcoming(now)
            .exclude(external_id__in=seen)
        )
        if complete:
            for show in gone:
                show.cancelled = True
                show.last_imported_at = now
                show.save()
                counts["cancelled"] += 1
        source.last_run_at = now
        source.last_error = ""
        source.save(update_fields=["last_run_at", "last_error"])
    return counts


def _save_event(source, event, existing, default, locales, venue_cap, now, counts):
    shared = {
        "venue": source.venue,
        "kind": source.kind,
        "cancelled": event.cancelled,
        "last_imported_at": now,
    }
    if event.start is not None:  # a postponed event keeps its last known date, marked cancelled
        shared.update(start=event.start, end=event.end)
    if event.buy_url:
        shared["buy_url"] = event.buy_url
    if existing is None:
        shared["venue_cap"] = venue_cap
    elif event.cancelled and not existing.cancelled:
        counts["cancelled"] += 1
    # Finnish first, else whichever language the event has (the default language's row is the
    # one every language falls back to).
    names = event.names
    fallback = names.get("fi") or next(iter(names.values()), existing.title if existing else "")
    main, created = Show.objects.update_or_create(
        source=Source.LINKED_EVENTS,
        external_id=event.external_id,
        locale=default,
        defaults={**shared, "title": fallback},
    )
    counts["created" if created else "updated"] += 1
    for lang, locale in locales.items():
        if locale.pk == default.pk:
            continue
        rows = Show.objects.filter(
            source=Source.LINKED_EVENTS, external_id=event.external_id, locale=locale
        )
        if names.get(lang):
            Show.objects.update_or_create(
                source=Source.LINKED_EVENTS,
                external_id=event.external_id,
                locale=locale,
                defaults={
                    **shared,
                    "venue_cap": main.venue_cap,
                    "title": names[lang],
                    "translation_key": main.translation_key,
                },
            )
        elif event.names:
            rows.delete()  # the translation was withdrawn: that language shows the Finnish row


def import_all(sources, *, stdout=None):
    """Import every source; a failing venue is logged and left as it was. Returns the number of
    venues that failed."""
    failures = 0
    for source in sources:
        try:
            counts = import_source(source)
        except ImportProblem as problem:
            failures += 1
            logger.warning("Linked Events import of %s failed: %s", source, problem)
            source.last_error = str(problem)[:300]
            source.last_run_at = timezone.now()
            source.save(update_fields=["last_run_at", "last_error"])
            if stdout:
                stdout.write(f"{source}: failed: {problem}")
            continue
        if stdout:
            stdout.write(
                f"{source}: {counts['created']} new, {counts['updated']} updated, "
                f"{counts['cancelled']} cancelled"
            )
    return failures
