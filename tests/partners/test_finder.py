"""The finder ("Where does my card work?") and the public partner pages."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from partners.models import VenuePage
from regions.models import Municipality, Region, RegionIndexPage, RegionPage

from .helpers import make_venue

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_home_links_to_finder():
    from django.utils import translation

    with translation.override("fi"):
        assert reverse("finder") == "/fi/kohteet/"
    with translation.override("sv"):
        assert reverse("finder") == "/sv/kohteet/"


def test_finder_lists_every_region_and_says_card_works_everywhere(client):
    response = client.get("/fi/kohteet/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>" in html and "kaikilla alueilla" in html.lower() or "every region" in html
    assert "Kainuu" in html and "Lappi" in html


def test_finder_by_municipality_and_category(client):
    kajaani = Municipality.objects.get(name_fi="Kajaani")
    response = client.get("/fi/kohteet/", {"municipality": kajaani.pk, "category": "theatre"})
    titles = [v.title for v in response.context["venues"]]
    assert "Kajaanin kaupunginteatteri" in titles
    assert all(
        v.municipality_id == kajaani.pk and v.category == "theatre"
        for v in response.context["venues"]
    )
    assert "Rovaniemen teatteri" not in titles


def test_finder_swimming_hall_in_kajaani_in_swedish(client):
    kajaani = Municipality.objects.get(name_fi="Kajaani")
    response = client.get("/sv/kohteet/", {"municipality": kajaani.pk, "category": "swimming_hall"})
    html = response.content.decode()
    assert "Kajana simhall" in html  # the Swedish translation
    assert "20" in html


def test_finder_region_filter_children_and_accessibility(client):
    response = client.get("/fi/kohteet/", {"region": "lappi", "children": "on"})
    venues = list(response.context["venues"])
    assert venues and all(
        v.municipality.region.slug == "lappi" and v.children_tickets for v in venues
    )
    response = client.get("/fi/kohteet/", {"region": "kainuu", "accessibility": ["hearing_loop"]})
    assert all(v.hearing_loop for v in response.context["venues"])


def test_finder_free_text_matches_names_towns_and_kinds(client):
    response = client.get("/fi/kohteet/", {"q": "Kuhmo"})
    titles = {v.title for v in response.context["page_obj"].paginator.object_list}
    assert (
        "Kuhmo-talo" in titles
        and "Juminkeko – Kalevalan ja karjalaisen kulttuurin informaatiokeskus" in titles
    )
    response = client.get("/sv/kohteet/", {"q": "simhall", "region": "kainuu"})
    assert [v.title for v in response.context["venues"]] == ["Kajana simhall"]


def test_finder_bad_input_is_reported_not_a_500(client):
    response = client.get("/fi/kohteet/", {"region": "atlantis", "municipality": "x", "page": "99"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html and 'href="#id_region"' in html
    lappi_town = Municipality.objects.get(name_fi="Kemi")
    response = client.get("/fi/kohteet/", {"region": "kainuu", "municipality": lappi_town.pk})
    assert "Kemi" in response.content.decode() and response.context["form"].errors["municipality"]


def test_finder_pagination_keeps_filters(client):
    response = client.get("/fi/kohteet/", {"region": "kainuu"})
    assert response.context["page_obj"].paginator.count > 20
    html = response.content.decode()
    assert "region=kainuu&amp;page=2" in html
    second = client.get("/fi/kohteet/", {"region": "kainuu", "page": 2})
    assert second.status_code == 200 and second.context["page_obj"].number == 2


def test_finder_on_region_subsite_is_prefiltered(client):
    response = client.get("/fi/kohteet/", HTTP_HOST="lappi.localhost")
    assert response.context["selected_region"].slug == "lappi"
    assert all(v.municipality.region.slug == "lappi" for v in response.context["venues"])
    everything = client.get("/fi/kohteet/", {"region": ""}, HTTP_HOST="lappi.localhost")
    assert (
        everything.context["page_obj"].paginator.count
        > response.context["page_obj"].paginator.count
    )


def test_venue_page_states_cap_in_plain_words_and_not_a_quota(client):
    response = client.get("/fi/alueet/kainuu/kajaanin-kaupunginteatteri/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "20" in html and "kiintiö" in html.lower()
    response = client.get("/en/regions/kainuu/kajaanin-kaupunginteatteri/")
    html = response.content.decode()
    assert "Up to 20 card tickets per show." in html and "not a quota" in html
    assert "not sold in the web shop" in html


def test_pop_up_venues(client):
    response = client.get("/fi/pop-up-kohteet/")
    assert response.status_code == 200
    assert "Tiedekeskus Heureka" in response.content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_venues(client):
    region = Region.objects.create(slug="kyselytesti", name_fi="Kyselytesti")
    town = Municipality.objects.create(region=region, name_fi="Kyselykylä")
    index = RegionIndexPage.objects.get(locale__language_code="fi")
    region_page = RegionPage(title="Kyselytesti", slug="kyselytesti", region=region)
    index.add_child(instance=region_page)
    for i in range(10):
        make_venue(region_page, town, f"kohde-{i:03}")
    urls = [
        "/fi/kohteet/?region=kyselytesti",
        "/fi/kohteet/?region=kyselytesti&page=1&children=on",
        "/fi/alueet/kyselytesti/",
        "/fi/alueet/kyselytesti/kohde-005/",
    ]
    for url in urls:
        client.get(url)  # warm caches (site root paths, content types)
    with_10 = [_count(client, url) for url in urls]
    for i in range(10, 300):
        make_venue(region_page, town, f"kohde-{i:03}")
    assert VenuePage.objects.child_of(region_page).count() == 300
    for url in urls:
        client.get(url)  # publishing purged the fragments: warm them again
    with_300 = [_count(client, url) for url in urls]
    assert with_300 == with_10
    assert max(with_10) <= 15


def test_no_results_offer_the_regions_venues_and_municipalities_that_have_some(client):
    """Issue 16.9: "Korsholm" (Mustasaari, in Pohjanmaa) has no venues: a dead end."""
    body = client.get("/sv/kohteet/", {"q": "Korsholm"}).content.decode()
    results = body.split('id="results-heading"')[1]
    assert "Pohjanmaa" in results or "Österbotten" in results
    assert re.search(r'href="\?region=pohjanmaa"', results)
    # Municipalities of the same region that have venues, Swedish name first in Swedish.
    assert re.search(r'href="\?municipality=\d+">Vasa – Vaasa', results)


def test_swedish_names_of_municipalities_come_first_in_swedish(client):
    body = client.get("/sv/kohteet/").content.decode()
    assert ">Korsholm – Mustasaari<" in body
    body = client.get("/fi/kohteet/").content.decode()
    assert ">Mustasaari – Korsholm<" in body
