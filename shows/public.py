"""What the cardholder sees (issue 20.3): upcoming shows of live public venues in the active
language, with their venue's page in that language, as the pages and the feeds list them.

Every list is bounded (PER_PAGE on the pages, FEED_LIMIT in the feeds) and read in a fixed number
of queries: the shows with their venue, municipality, region and cap (one query), and the venues'
pages in the active language (one more).
"""

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from wagtail.models import Locale

from core.languages import html_lang, locale_code

from .models import Show, effective_cap

PER_PAGE = 20
VENUE_LIMIT = 20  # on a venue's page
FEED_LIMIT = 500


def upcoming(locale=None, *, now=None, public=True):
    """Upcoming published shows (never a draft waiting for approval) of live public venues
    (`public=False`: of any venue), one row per show in `locale` (or the fallback)."""
    locale = locale or Locale.get_active()
    shows = Show.objects.upcoming(now).filter(live=True)
    if public:
        shows = shows.public()
    return (
        shows.in_language(locale)
        .select_related("venue__municipality__region", "venue_cap")
        .order_by("start", "pk")
    )


def filtered(shows, data):
    """`shows` narrowed by the cleaned filter form's `data` (shows.forms.ShowFilterForm)."""
    if data.get("region_obj"):
        shows = shows.filter(venue__municipality__region=data["region_obj"])
    if data.get("municipality_obj"):
        shows = shows.filter(venue__municipality=data["municipality_obj"])
    if data.get("category"):
        shows = shows.filter(venue__category=data["category"])
    if data.get("children"):
        shows = shows.filter(venue__children_tickets=True)
    if data.get("from"):
        shows = shows.filter(Q(end__date__gte=data["from"]) | Q(start__date__gte=data["from"]))
    if data.get("until"):
        shows = shows.filter(start__date__lte=data["until"])
    if data.get("left"):
        shows = shows.alias(left=effective_cap() - F("card_tickets")).filter(
            left__gt=0, cancelled=False
        )
    return shows


def for_venue(page, *, locale=None):
    """A venue page's upcoming shows (any language's version of the page). The page is being
    served, so it is live and public: one query."""
    return upcoming(locale, public=False).filter(venue__translation_key=page.translation_key)


def attach_venue_pages(shows, locale=None):
    """Set `show.venue_page` to the venue's live page in `locale` (its default-language page when
    it has none) in one query; `show.title_lang` and `show.venue_lang` to the language of the
    show's title and of the venue's name when it is not the page's; `show.booking_not_open`.
    Returns the list."""
    shows = list(shows)
    if not shows:
        return shows
    locale = locale or Locale.get_active()
    from partners.models import VenuePage

    # Shows belong to the default language's venue page: other languages look theirs up.
    keys = {show.venue.translation_key for show in shows if show.venue.locale_id != locale.pk}
    localized = (
        {
            page.translation_key: page
            for page in VenuePage.objects.live().filter(translation_key__in=keys, locale=locale)
        }
        if keys
        else {}
    )
    page_lang = html_lang(locale.language_code)
    today = timezone.localdate()
    for show in shows:
        show.booking_not_open = bool(show.booking_opens_on and show.booking_opens_on > today)
        show.venue_page = venue = localized.get(show.venue.translation_key, show.venue)
        # An untranslated venue (an alias) shows its source's title, in the default language.
        venue_lang = html_lang(
            settings.LANGUAGE_CODE if venue.alias_of_id else locale_code(venue.locale_id)
        )
        show.venue_lang = venue_lang if venue_lang != page_lang else ""
        lang = html_lang(locale_code(show.locale_id))
        show.title_lang = lang if lang != page_lang else ""
    return shows


def as_json(show, request):
    """One show in the JSON feed: no personal data, only the show and its public venue."""
    venue = getattr(show, "venue_page", show.venue)
    municipality = show.venue.municipality
    return {
        "id": str(show.translation_key),
        "title": show.title,
        "start": timezone.localtime(show.start).isoformat(),
        "end": timezone.localtime(show.end).isoformat() if show.end else None,
        "cancelled": show.cancelled,
        "kind": show.kind,
        "cap": show.effective_cap,
        "card_tickets_left": show.tickets_left,
        "card_tickets_updated": show.tickets_updated_at and show.tickets_updated_at.isoformat(),
        "booking_opens_on": show.booking_opens_on.isoformat() if show.booking_opens_on else None,
        "buy_url": show.buy_url or None,
        "venue": {
            "name": venue.title,
            "url": venue.get_full_url(request),
            "town": show.venue.town,
            "region": municipality.region.name if municipality else None,
        },
    }
