"""The finder ("Where does my card work?") and the public partner pages."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from partners.models import VenuePage
from regions.models import Region, RegionPage
from tests.home.factories import national_site, translate
from tests.partners.factories import PopUpVenueIndexPageFactory, VenuePageFactory
from tests.regions.factories import (
    MunicipalityFactory,
    RegionFactory,
    region_page,
    region_site,
    regions_index,
)

pytestmark = pytest.mark.django_db


def venue(parent, title, town, **fields):
    """A published venue, shown in the other languages as aliases (as one made in the admin)."""
    return VenuePageFactory(parent=parent, title=title, municipality=town, aliases=True, **fields)


@pytest.fixture
def world():
    """Three regions with venues under the national site: "a" (two towns, a theatre, a museum, a
    cultural centre, a swimming hall translated into Swedish), "b" (venues with and without
    children's tickets, its own subsite) and "c" (bilingual towns, one of them with no venue)."""
    home = national_site().root_page
    index = regions_index(home)
    regions = {
        "a": RegionFactory(name_fi="Testikainuu", name_sv="Testkajanaland"),
        "b": RegionFactory(name_fi="Testilappi", name_sv="Testlappland"),
        "c": RegionFactory(name_fi="Testipohjanmaa", name_sv="Testösterbotten"),
    }
    pages = {key: region_page(region, parent=index) for key, region in regions.items()}
    towns = {
        "kajaani": MunicipalityFactory(
            region=regions["a"], name_fi="Testikajaani", name_sv="Testkajana"
        ),
        "kuhmo": MunicipalityFactory(region=regions["a"], name_fi="Testikuhmo"),
        "kemi": MunicipalityFactory(region=regions["b"], name_fi="Testikemi"),
        "mustasaari": MunicipalityFactory(
            region=regions["c"], name_fi="Testimustasaari", name_sv="Testkorsholm"
        ),
        "vaasa": MunicipalityFactory(region=regions["c"], name_fi="Testivaasa", name_sv="Testvasa"),
    }
    theatre = venue(
        pages["a"],
        "Testin kaupunginteatteri",
        towns["kajaani"],
        hearing_loop=True,
        caps=[("show", 400, 20), ("visiting_producer", 400, 2)],
    )
    venue(pages["a"], "Testin museo", towns["kajaani"], category="museum")
    venue(pages["a"], "Testikuhmo-talo", towns["kuhmo"], category="cultural_centre")
    venue(pages["a"], "Juminkeko", towns["kuhmo"], category="museum")
    pool = venue(
        pages["a"],
        "Testikajaanin uimahalli",
        towns["kajaani"],
        category="swimming_hall",
        caps=[{"kind": "swimming_hall", "lanes": 6, "cap": 20}],
    )
    translate(pool, "sv", title="Testkajana simhall")
    venue(pages["b"], "Testirovaniemen teatteri", towns["kemi"], children_tickets=True)
    venue(pages["b"], "Testikemin museo", towns["kemi"], category="museum", children_tickets=False)
    venue(pages["c"], "Testivaasan teatteri", towns["vaasa"])
    site_b = region_site(pages["b"])
    return {
        "home": home,
        "index": index,
        "regions": regions,
        "pages": pages,
        "towns": towns,
        "theatre": theatre,
        "site_b": site_b,
    }


def test_home_links_to_finder():
    from django.utils import translation

    with translation.override("fi"):
        assert reverse("finder") == "/fi/kohteet/"
    with translation.override("sv"):
        assert reverse("finder") == "/sv/kohteet/"


def test_finder_lists_every_region_and_says_card_works_everywhere(client, world):
    response = client.get("/fi/kohteet/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>" in html and "kaikilla alueilla" in html.lower() or "every region" in html
    assert "Testikainuu" in html and "Testilappi" in html


def test_finder_by_municipality_and_category(client, world):
    kajaani = world["towns"]["kajaani"]
    response = client.get("/fi/kohteet/", {"municipality": kajaani.pk, "category": "theatre"})
    titles = [v.title for v in response.context["venues"]]
    assert "Testin kaupunginteatteri" in titles
    assert all(
        v.municipality_id == kajaani.pk and v.category == "theatre"
        for v in response.context["venues"]
    )
    assert "Testirovaniemen teatteri" not in titles  # a theatre elsewhere


def test_finder_swimming_hall_in_kajaani_in_swedish(client, world):
    kajaani = world["towns"]["kajaani"]
    response = client.get("/sv/kohteet/", {"municipality": kajaani.pk, "category": "swimming_hall"})
    html = response.content.decode()
    assert "Testkajana simhall" in html  # the Swedish translation
    assert "20" in html


def test_finder_region_filter_children_and_accessibility(client, world):
    lappi, kainuu = world["regions"]["b"], world["regions"]["a"]
    response = client.get("/fi/kohteet/", {"region": lappi.slug, "children": "on"})
    venues = list(response.context["venues"])
    assert [v.title for v in venues] == ["Testirovaniemen teatteri"]
    assert all(v.municipality.region == lappi and v.children_tickets for v in venues)
    response = client.get(
        "/fi/kohteet/", {"region": kainuu.slug, "accessibility": ["hearing_loop"]}
    )
    assert [v.title for v in response.context["venues"]] == ["Testin kaupunginteatteri"]
    assert all(v.hearing_loop for v in response.context["venues"])


def test_finder_free_text_matches_names_towns_and_kinds(client, world):
    response = client.get("/fi/kohteet/", {"q": "Testikuhmo"})
    titles = {v.title for v in response.context["page_obj"].paginator.object_list}
    assert "Testikuhmo-talo" in titles and "Juminkeko" in titles  # by name, by town
    kainuu = world["regions"]["a"]
    response = client.get("/sv/kohteet/", {"q": "simhall", "region": kainuu.slug})
    assert [v.title for v in response.context["venues"]] == ["Testkajana simhall"]


def test_finder_bad_input_is_reported_not_a_500(client, world):
    response = client.get("/fi/kohteet/", {"region": "atlantis", "municipality": "x", "page": "99"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html and 'href="#id_region"' in html
    lappi_town = world["towns"]["kemi"]
    kainuu = world["regions"]["a"]
    response = client.get("/fi/kohteet/", {"region": kainuu.slug, "municipality": lappi_town.pk})
    assert "Testikemi" in response.content.decode()
    assert response.context["form"].errors["municipality"]


def test_finder_pagination_keeps_filters(client, world):
    kainuu = world["regions"]["a"]
    for _ in range(17):  # 22 venues in all: two pages of 20
        VenuePageFactory(parent=world["pages"]["a"], municipality=world["towns"]["kuhmo"])
    response = client.get("/fi/kohteet/", {"region": kainuu.slug})
    assert response.context["page_obj"].paginator.count > 20
    html = response.content.decode()
    assert f"region={kainuu.slug}&amp;page=2" in html
    second = client.get("/fi/kohteet/", {"region": kainuu.slug, "page": 2})
    assert second.status_code == 200 and second.context["page_obj"].number == 2


def test_finder_on_region_subsite_is_prefiltered(client, world):
    lappi, host = world["regions"]["b"], world["site_b"].hostname
    response = client.get("/fi/kohteet/", HTTP_HOST=host)
    assert response.context["selected_region"] == lappi
    assert response.context["venues"]
    assert all(v.municipality.region == lappi for v in response.context["venues"])
    everything = client.get("/fi/kohteet/", {"region": ""}, HTTP_HOST=host)
    assert (
        everything.context["page_obj"].paginator.count
        > response.context["page_obj"].paginator.count
    )


def test_venue_page_states_cap_in_plain_words_and_not_a_quota(client, world):
    region, theatre = world["regions"]["a"].slug, world["theatre"].slug
    response = client.get(f"/fi/alueet/{region}/{theatre}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "20" in html and "kiintiö" in html.lower()
    response = client.get(f"/en/regions/{region}/{theatre}/")
    html = response.content.decode()
    assert "Up to 20 card tickets per show." in html and "not a quota" in html
    assert "not sold in the web shop" in html


def test_pop_up_venues(client, world):
    popups = PopUpVenueIndexPageFactory(parent=world["home"], slug="pop-up-kohteet")
    VenuePageFactory(parent=popups, title="Tiedekeskus Heureka", place="Vantaa")
    response = client.get("/fi/pop-up-kohteet/")
    assert response.status_code == 200
    assert "Tiedekeskus Heureka" in response.content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def make_venue(parent, municipality, slug):
    """A live venue with one cap and no revision (quick: 300 of them are made)."""
    return VenuePageFactory(parent=parent, municipality=municipality, slug=slug, revision=False)


def test_query_counts_do_not_grow_with_venues(client, world):
    region = Region.objects.create(slug="kyselytesti", name_fi="Kyselytesti")
    town = MunicipalityFactory(region=region, name_fi="Kyselykylä")
    page = RegionPage(title="Kyselytesti", slug="kyselytesti", region=region)
    world["index"].add_child(instance=page)
    for i in range(10):
        make_venue(page, town, f"kohde-{i:03}")
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
        make_venue(page, town, f"kohde-{i:03}")
    assert VenuePage.objects.child_of(page).count() == 300
    for url in urls:
        client.get(url)  # publishing purged the fragments: warm them again
    with_300 = [_count(client, url) for url in urls]
    assert with_300 == with_10
    assert max(with_10) <= 15


def test_no_results_offer_the_regions_venues_and_municipalities_that_have_some(client, world):
    """Issue 16.9: "Korsholm" (Mustasaari, in Pohjanmaa) has no venues: a dead end."""
    body = client.get("/sv/kohteet/", {"q": "Testkorsholm"}).content.decode()
    results = body.split('id="results-heading"')[1]
    assert "Testipohjanmaa" in results or "Testösterbotten" in results
    assert re.search(rf'href="\?region={world["regions"]["c"].slug}"', results)
    # Municipalities of the same region that have venues, Swedish name first in Swedish.
    assert re.search(r'href="\?municipality=\d+">Testvasa – Testivaasa', results)


def test_swedish_names_of_municipalities_come_first_in_swedish(client, world):
    body = client.get("/sv/kohteet/").content.decode()
    assert ">Testkorsholm – Testimustasaari<" in body
    body = client.get("/fi/kohteet/").content.decode()
    assert ">Testimustasaari – Testkorsholm<" in body
