"""Wagtail's fragment caches of the page frame and bodies ({% wagtailcache %}, emptied by every
purge, core/signals.py) and the remembered deep routes (core/routing.py): cheaper renders for what
Varnish does not keep (signed-in visitors), never showing stale or draft content."""

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from partners.models import VenuePage
from regions.models import RegionPage

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

VENUE = "/fi/alueet/kainuu/kajaanin-uimahalli/"


@pytest.fixture(autouse=True)
def _render_with_warm_fragments():
    caches["template_fragments"].clear()


def venue():
    return VenuePage.objects.get(
        slug="kajaanin-uimahalli", locale__language_code="fi", alias_of__isnull=True
    )


def test_warm_render_reads_neither_caps_nor_frame_queries(client):
    client.get(VENUE)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(VENUE).content.decode()
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "partners_venuecap" not in sql  # the body's fragment is cached
    assert '"translation_key" = ' not in sql  # language switcher and alternates are cached
    assert 'aria-current="page"' in body and 'hreflang="fi"' in body


def test_frame_and_body_follow_publishing(client):
    client.get(VENUE)
    region = RegionPage.objects.get(pk=venue().get_parent().pk)
    region.title = "Kainuu uudella nimellä"
    region.save_revision().publish()
    page = venue()
    page.title = "Kajaanin uusi uimahalli"
    page.save_revision().publish()
    body = client.get(VENUE).content.decode()
    assert "<h1>Kajaanin uusi uimahalli</h1>" in body  # the body
    assert ">Kainuu uudella nimellä</a></li>" in body  # the breadcrumbs


def test_a_preview_neither_reads_nor_fills_the_fragments(client):
    client.get(VENUE)
    page = venue()
    page.title = "Esikatseltava luonnos"
    preview = page.make_preview_request()
    assert "<h1>Esikatseltava luonnos</h1>" in preview.content.decode()
    body = client.get(VENUE).content.decode()
    assert "Esikatseltava luonnos" not in body


def test_fragments_are_per_language(client):
    client.get(VENUE)
    body = client.get("/fi-x-selko/alueet/kainuu/kajaanin-uimahalli/").content.decode()
    assert 'hreflang="fi-x-selko" aria-current="true"' in body


def test_a_renamed_page_is_routed_afresh(client):
    assert client.get(VENUE).status_code == 200  # the route is remembered
    page = venue()
    page.slug = "kajaanin-uimahalli-uusi"
    page.save_revision().publish()
    assert client.get(VENUE).status_code == 404
    assert client.get("/fi/alueet/kainuu/kajaanin-uimahalli-uusi/").status_code == 200
    # Another page takes the old address: it, not the remembered one, is served there.
    other = VenuePage.objects.live().exclude(pk=page.pk).filter(locale=page.locale).first()
    other.slug = "kajaanin-uimahalli"
    other.save_revision().publish()
    other.move(page.get_parent(), pos="last-child")
    response = client.get(VENUE)
    assert response.status_code == 200
    assert response.context["page"].pk == other.pk


def test_an_unpublished_page_is_not_served_from_a_remembered_route(client):
    assert client.get(VENUE).status_code == 200
    venue().unpublish()
    assert client.get(VENUE).status_code == 404
