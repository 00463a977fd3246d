"""Wagtail's fragment caches of the page frame and bodies ({% wagtailcache %}, emptied by every
purge, core/signals.py) and the remembered deep routes (core/routing.py): cheaper renders for what
Varnish does not keep (signed-in visitors), never showing stale or draft content."""

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from partners.models import VenuePage
from regions.models import RegionPage
from tests.home.factories import translate
from tests.partners.factories import VenuePageFactory
from tests.regions.factories import (
    RegionFactory,
    RegionIndexPageFactory,
    RegionPageFactory,
    region_page,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _render_with_warm_fragments():
    caches["template_fragments"].clear()


@pytest.fixture
def region(site):
    """A region's page under the national site's regions index, in Finnish and plain Finnish."""
    index = RegionIndexPageFactory(parent=site.root_page)
    translate(index, "fi-x-selko")
    return region_page(RegionFactory(), parent=index, languages=["fi-x-selko"])


@pytest.fixture
def venue_page(region):
    """A venue with a cap (the body shows it), translated into plain Finnish."""
    page = VenuePageFactory(parent=region)
    translate(page, "fi-x-selko")
    return page


@pytest.fixture
def venue_url(site, venue_page):
    return venue_page.relative_url(site)


def venue(page):
    """The page as the database has it now."""
    return VenuePage.objects.get(pk=page.pk)


def test_warm_render_reads_neither_caps_nor_frame_queries(client, venue_url):
    client.get(venue_url)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(venue_url).content.decode()
    # The venue's upcoming shows are outside the fragments (one query of their own, joining each
    # show's cap and the venue by its translation key: shows/public.py, tests/shows/test_public.py).
    sql = " ".join(q["sql"] for q in queries.captured_queries if "shows_show" not in q["sql"])
    assert "partners_venuecap" not in sql  # the body's fragment is cached
    assert '"translation_key" = ' not in sql  # language switcher and alternates are cached
    assert 'aria-current="page"' in body and 'hreflang="fi"' in body


def test_frame_and_body_follow_publishing(client, venue_page, venue_url):
    client.get(venue_url)
    region = RegionPage.objects.get(pk=venue(venue_page).get_parent().pk)
    region.title = "Kainuu uudella nimellä"
    region.save_revision().publish()
    page = venue(venue_page)
    page.title = "Kajaanin uusi uimahalli"
    page.save_revision().publish()
    body = client.get(venue_url).content.decode()
    assert "<h1>Kajaanin uusi uimahalli</h1>" in body  # the body
    assert ">Kainuu uudella nimellä</a></li>" in body  # the breadcrumbs


def test_a_preview_neither_reads_nor_fills_the_fragments(client, venue_page, venue_url):
    client.get(venue_url)
    page = venue(venue_page)
    page.title = "Esikatseltava luonnos"
    preview = page.make_preview_request()
    assert "<h1>Esikatseltava luonnos</h1>" in preview.content.decode()
    body = client.get(venue_url).content.decode()
    assert "Esikatseltava luonnos" not in body


def test_fragments_are_per_language(client, venue_url):
    client.get(venue_url)
    assert venue_url.startswith("/fi/")
    body = client.get(venue_url.replace("/fi/", "/fi-x-selko/", 1)).content.decode()
    assert 'hreflang="fi-x-selko" aria-current="true"' in body


def test_a_renamed_page_is_routed_afresh(client, region, venue_page, venue_url):
    # Another region's venue: it will take the old address.
    other = VenuePageFactory(parent=RegionPageFactory(parent=region.get_parent()))
    assert client.get(venue_url).status_code == 200  # the route is remembered
    page = venue(venue_page)
    old_slug = page.slug
    page.slug = f"{old_slug}-uusi"
    page.save_revision().publish()
    assert client.get(venue_url).status_code == 404
    assert client.get(venue_url.replace(old_slug, page.slug)).status_code == 200
    # Another page takes the old address: it, not the remembered one, is served there.
    other = venue(other)
    other.slug = old_slug
    other.save_revision().publish()
    other.move(page.get_parent(), pos="last-child")
    response = client.get(venue_url)
    assert response.status_code == 200
    assert response.context["page"].pk == other.pk


def test_an_unpublished_page_is_not_served_from_a_remembered_route(client, venue_page, venue_url):
    assert client.get(venue_url).status_code == 200
    venue(venue_page).unpublish()
    assert client.get(venue_url).status_code == 404
