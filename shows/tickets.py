"""Card tickets recorded against a show (issue 20, part 2), and how many are left.

`left = cap − card tickets recorded for the show`, where the adult's ticket and each child's ticket
count one each, as the cap counts them (DOMAIN.md, "Caps per show": the cap is the most card tickets
per show). The count lives on the show's rows (`Show.card_tickets`, one figure shared by every
language's row) so that the public pages read it with the show, without counting uses.

The registry calls `take` inside `record_uses`' transaction and `give_back` inside `undo_use`'s.
`take` is one conditional UPDATE ("add the tickets where that stays within the cap"): PostgreSQL
locks the rows it updates until the transaction ends, and a second desk's UPDATE waiting for them
checks the condition again on the committed figure (READ COMMITTED), so two desks taking the last
ticket at once are served one after the other and the second updates nothing and is refused. (A
SELECT … FOR UPDATE before the UPDATE did the same with one more query: record-use against a show
measured 125/s against 297/s without a show, bench/RESULTS-venues.md.) This module never imports
the registry; the registry imports it.
"""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Greatest
from django.utils import timezone, translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from core.languages import html_lang

from .models import Show


class CapReached(Exception):
    """The show has fewer card tickets left than asked; `message` names the show and the cap."""

    def __init__(self, show, cap, left):
        self.show, self.cap, self.left = show, cap, left
        self.message = _(
            "No card tickets left for %(show)s: its cap of %(cap)s card tickets is reached."
        ) % {"show": show, "cap": cap}
        if left:
            self.message = _(
                "Only %(left)s card tickets left for %(show)s (cap %(cap)s): record fewer "
                "children's tickets."
            ) % {"left": left, "show": show, "cap": cap}
        super().__init__(str(self.message))


def tickets_of(children):
    """The card tickets one use takes: the adult's and each child's."""
    return 1 + children


def _rows(show):
    """Every language's row of `show`: they share one figure. (Unordered: an UPDATE compiles the
    model's ordering unless told not to.)"""
    return Show.objects.filter(translation_key=show.translation_key).order_by()


# What forget_lists needs of the show's venue, read with the show (two columns, not the page).
_LIST_KEYS = {
    "venue_key": F("venue__translation_key"),
    "venue_region_id": F("venue__municipality__region_id"),
}


def forget_lists(show):
    """Empty the cached show lists (shows/includes/venue_shows.html, region_shows.html) that
    list `show` (its _LIST_KEYS), in every language: the venue's and its region's pages then
    say the new figure (a shared cache in front may keep a page CACHE_LIVE_S_MAXAGE more, as the
    pages say)."""
    if not hasattr(show, "venue_key"):  # not read through desk_shows
        show = Show.objects.annotate(**_LIST_KEYS).get(pk=show.pk)
    keys = [
        make_template_fragment_key(name, [on, code])
        for code, _name in settings.LANGUAGES
        for name, on in (("shows_venue", show.venue_key), ("shows_region", show.venue_region_id))
    ]
    caches["template_fragments"].delete_many(keys)


def take(show, tickets):
    """Record `tickets` card tickets against `show` (one of `desk_shows`), or raise CapReached.
    Call inside the transaction that records the uses: the show's rows stay locked until it
    commits."""
    cap = show.effective_cap
    rows = _rows(show)
    if cap is not None:
        rows = rows.filter(card_tickets__lte=cap - tickets)
    if not rows.update(card_tickets=F("card_tickets") + tickets, tickets_updated_at=timezone.now()):
        taken = _rows(show).values_list("card_tickets", flat=True).first() or 0
        raise CapReached(show, cap, max(cap - taken, 0))
    transaction.on_commit(lambda: forget_lists(show))


def give_back(show_id, tickets):
    """An undone use gives its tickets back (inside `undo_use`'s transaction)."""
    show = Show.objects.annotate(**_LIST_KEYS).filter(pk=show_id).first()
    if show is not None:
        _rows(show).update(
            card_tickets=Greatest(F("card_tickets") - tickets, 0),
            tickets_updated_at=timezone.now(),
        )
        transaction.on_commit(lambda: forget_lists(show))


def _desk_rows():
    """Shows in the default language (the row the registry points at) that take card tickets."""
    return (
        Show.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE, live=True, cancelled=False
        )
        .select_related("venue_cap")
        .annotate(**_LIST_KEYS)
    )


def desk_shows(desk):
    """The shows a desk (a registry organisation) may record card tickets against: a venue's own
    (its public page's, in any language), or, for a ticket agency (no page), those of its region's
    venues. Cancelled shows and drafts waiting for approval are left out."""
    if desk.partner_page_id is not None:
        from wagtail.models import Page

        page = Page.objects.filter(pk=desk.partner_page_id).values("translation_key")
        return _desk_rows().filter(venue__translation_key__in=page)
    if desk.region_id is not None:
        return _desk_rows().filter(venue__municipality__region_id=desk.region_id)
    return Show.objects.none()


def desk_show(desk, key):
    """The show with the JSON feed's id `key` among `desk_shows(desk)`, or None.

    The common call, a venue's desk linked to its page in the default language, is answered by the
    show's venue column alone, and forget_lists' keys come from the desk (its page's translation
    key; its region, which registry.Organisation.sync_from_partner keeps the venue's): desk_shows'
    joins and subquery cost more than the rest of the call (full bench scale, 8 desks:
    record-use against a show 247/s with them, against 458/s without a show). Any other desk is
    answered by desk_shows."""
    if desk.partner_page_id is not None:
        own = Show.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE,
            live=True,
            cancelled=False,
            venue_id=desk.partner_page_id,
        )
        try:  # get(), not first(): no ORDER BY to compile for one row
            found = own.select_related("venue_cap").get(translation_key=key)
        except Show.DoesNotExist:
            pass
        else:
            found.venue_key = desk.partner_page.translation_key
            found.venue_region_id = desk.region_id
            return found
    return desk_shows(desk).filter(translation_key=key).first()


def for_desk(desk, day_text, today):
    """A desk form's arguments: the desk's `shows`, and the `day` whose shows its lists offer (a
    date typed at the desk, `day_text`, sent without JavaScript; else `today`)."""
    try:
        day = parse_date(day_text[:10])
    except ValueError:
        day = None
    return {"shows": desk_shows(desk), "day": day or today}


def choices(shows, day, chosen):
    """The desk's list: `shows` starting on `day` (local time), and the one `chosen` already, each
    titled in the active language where the show has a published translation. Returns the
    choices and, for the options whose title is in another language, {show id: its `lang`}."""
    chosen = int(chosen) if str(chosen).isdigit() else 0
    language = translation.get_language() or settings.LANGUAGE_CODE
    here = Show.objects.filter(
        translation_key=OuterRef("translation_key"),
        locale__language_code=language,
        live=True,
    ).values("title")[:1]
    listed = shows.filter(start__date=day).order_by("start", "pk") | shows.filter(pk=chosen)
    listed = listed.annotate(title_here=Subquery(here))
    page_lang = html_lang(language)
    labels, langs = [], {}
    for show in listed:
        labels.append((show.pk, desk_label(show, show.title_here)))
        if show.title_here is None and html_lang(settings.LANGUAGE_CODE) != page_lang:
            langs[show.pk] = html_lang(settings.LANGUAGE_CODE)  # the default language's title
    return labels, langs


def desk_label(show, title=None):
    """A show as the desk's list names it: time, title (`title`, else the row's) and the card
    tickets left."""
    start = timezone.localtime(show.start)
    title = title or show.title
    left = show.tickets_left
    if left is None:
        return f"{start:%H.%M} {title}"
    return _("%(time)s %(title)s (card tickets left: %(left)s)") % {
        "time": f"{start:%H.%M}",
        "title": title,
        "left": left,
    }
