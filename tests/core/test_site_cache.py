"""The Site and the Locale of a request come from the cache (core/upstream_workarounds.py, item 8):
the same answers as Wagtail's own queries, none of those queries on a page request, and a Site or
Locale change is seen at once."""

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale, Page, Site
from wagtail.models import sites as wagtail_sites

import pytest

from core import upstream_workarounds as workarounds

pytestmark = pytest.mark.django_db

HOSTS = [
    ("kaikukortti.fi", 80),
    ("kaikukortti.fi", 443),
    ("kainuu.kaikukortti.fi", 80),
    ("kainuu.kaikukortti.fi", 8080),
    ("lappi.kaikukortti.fi", 80),
    ("lappi.kaikukortti.fi", 8000),
    ("unknown.example", 80),
]


def _wagtail_answer(hostname, port):
    try:
        return workarounds._site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None


def _cached_answer(hostname, port):
    try:
        return workarounds.cached_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None


def _root():
    return Page.get_first_root_node()


@pytest.mark.parametrize(
    "sites",
    [
        # a default site and a region's host
        [("kaikukortti.fi", 80, True), ("kainuu.kaikukortti.fi", 80, False)],
        # no default site: an unknown host has no site
        [("kainuu.kaikukortti.fi", 80, False), ("lappi.kaikukortti.fi", 80, False)],
        # one hostname on two ports, and a default site of another name
        [
            ("kaikukortti.fi", 80, True),
            ("lappi.kaikukortti.fi", 80, False),
            ("lappi.kaikukortti.fi", 8000, False),
        ],
        # the default site shares its hostname with a site on another port
        [("kainuu.kaikukortti.fi", 80, True), ("kainuu.kaikukortti.fi", 8080, False)],
        # a single site answers every host
        [("lappi.kaikukortti.fi", 80, False)],
    ],
)
def test_the_cached_lookup_answers_as_wagtail_does(sites):
    Site.objects.all().delete()
    for hostname, port, default in sites:
        Site.objects.create(
            hostname=hostname, port=port, is_default_site=default, root_page=_root()
        )
    caches["template_fragments"].clear()
    for hostname, port in HOSTS:
        assert _cached_answer(hostname, port) == _wagtail_answer(hostname, port), (hostname, port)


def test_a_site_change_is_seen_at_once():
    Site.objects.all().delete()
    site = Site.objects.create(hostname="kaikukortti.fi", is_default_site=True, root_page=_root())
    assert _cached_answer("kaikukortti.fi", 80) == site
    new = Site.objects.create(hostname="kainuu.kaikukortti.fi", root_page=_root())
    assert _cached_answer("kainuu.kaikukortti.fi", 80) == new
    new.delete()
    assert _cached_answer("kainuu.kaikukortti.fi", 80) == site


def test_the_lookups_cost_no_query_once_cached():
    Site.objects.all().delete()
    Site.objects.create(hostname="kaikukortti.fi", is_default_site=True, root_page=_root())
    wagtail_sites.get_site_for_hostname("kaikukortti.fi", 80)
    Locale.objects.get_or_create(language_code="fi")
    Locale.objects.get_for_language("fi")
    Locale.get_active()
    with CaptureQueriesContext(connection) as queries:
        wagtail_sites.get_site_for_hostname("kaikukortti.fi", 80)
        Locale.objects.get_for_language("fi")
        Locale.get_active()
    assert queries.captured_queries == []


def test_a_locale_change_is_seen_at_once():
    sv, _ = Locale.objects.get_or_create(language_code="sv")
    assert Locale.objects.get_for_language("sv") == sv
    sv.save()  # a Locale change empties the cache (core/signals.py)
    with CaptureQueriesContext(connection) as queries:
        assert Locale.objects.get_for_language("sv") == sv
    assert len(queries.captured_queries) == 1
    with pytest.raises(LookupError):
        Locale.objects.get_for_language("xx")  # not a content language: nothing cached


def test_upstream_still_queries_for_the_site_on_every_lookup():
    """Fails once Wagtail caches the Site itself (wagtail/wagtail#8937): then delete item 8."""
    Site.objects.all().delete()
    Site.objects.create(hostname="kaikukortti.fi", is_default_site=True, root_page=_root())
    workarounds._site_for_hostname("kaikukortti.fi", 80)
    with CaptureQueriesContext(connection) as queries:
        workarounds._site_for_hostname("kaikukortti.fi", 80)
    assert len(queries.captured_queries) == 1
