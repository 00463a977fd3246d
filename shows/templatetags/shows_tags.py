"""The shows on a venue's page and the feed links in its head."""

from django import template
from django.core.paginator import Paginator
from django.urls import reverse

from shows import public

register = template.Library()


@register.simple_tag
def venue_shows(page):
    """The venue page's next upcoming shows (at most public.VENUE_LIMIT), in the page's
    language where translated; two queries."""
    return public.attach_venue_pages(public.for_venue(page)[: public.VENUE_LIMIT])


@register.simple_tag
def region_shows(page):
    """A region home's next upcoming shows (at most public.VENUE_LIMIT) at its live public
    venues, in the page's language where translated; two queries."""
    shows = public.upcoming().filter(venue__municipality__region_id=page.region_id)
    return public.attach_venue_pages(shows[: public.VENUE_LIMIT])


@register.simple_tag
def shows_page(shows, number):
    """A page of the what's-on list (public.PER_PAGE shows) with the venues' pages attached:
    two queries and the paginator's count."""
    page_obj = Paginator(shows, public.PER_PAGE).get_page(number)
    page_obj.shows = public.attach_venue_pages(page_obj.object_list)
    return page_obj


@register.simple_tag
def venue_feeds(page):
    """(iCalendar address, JSON address) of a venue's shows, in the active language."""
    return (
        reverse("shows_venue_ics", args=[page.pk]),
        reverse("shows_venue_json", args=[page.pk]),
    )


@register.simple_tag
def region_feeds(region):
    return (
        reverse("shows_region_ics", args=[region.slug]),
        reverse("shows_region_json", args=[region.slug]),
    )
