"""The finder's "nearest first" (issue 21.3): distances from the cardholder's location or from a
municipality they choose, the distance in each result, venues without a location last, bad
locations refused with a message, and the admin's coordinate checks."""

import math
import re
from decimal import Decimal

from django.urls import reverse

import pytest

from core import geo
from partners.models import VenuePage
from tests.accounts.factories import CoordinatorFactory
from tests.home.factories import national_site
from tests.partners.factories import VenuePageFactory
from tests.regions.factories import MunicipalityFactory, RegionFactory, region_page, regions_index

from .helpers import venue_form_data

pytestmark = pytest.mark.django_db

# Real places of Kainuu and one of Pohjois-Pohjanmaa (degrees, as OpenStreetMap gives them).
PLACES = {
    "Testikajaani": (Decimal("64.22730"), Decimal("27.72850")),
    "Testisotkamo": (Decimal("64.13060"), Decimal("28.38610")),
    "Testikuhmo": (Decimal("64.12530"), Decimal("29.51860")),
    "Testisuomussalmi": (Decimal("64.88640"), Decimal("28.90760")),
    "Testioulu": (Decimal("65.01210"), Decimal("25.46510")),
}


def haversine_km(a, b):
    (lat1, lon1), (lat2, lon2) = [
        (math.radians(float(x)), math.radians(float(y))) for x, y in (a, b)
    ]
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@pytest.fixture
def world():
    """Two regions; a municipality with its centre and a venue at that centre for each place;
    a venue with no location (it sorts last) and a municipality with no centre."""
    index = regions_index(national_site().root_page)
    kainuu = RegionFactory(name_fi="Testikainuu")
    pohjois = RegionFactory(name_fi="Testipohjois-Pohjanmaa")
    pages = {
        kainuu.pk: region_page(kainuu, parent=index, languages=()),
        pohjois.pk: region_page(pohjois, parent=index, languages=()),
    }
    towns, venues = {}, {}
    for name, (lat, lon) in PLACES.items():
        region = pohjois if name == "Testioulu" else kainuu
        towns[name] = MunicipalityFactory(region=region, name_fi=name, latitude=lat, longitude=lon)
        venues[name] = VenuePageFactory(
            parent=pages[region.pk],
            municipality=towns[name],
            title=f"{name}n kulttuuritalo",
            latitude=lat,
            longitude=lon,
        )
    nowhere = MunicipalityFactory(region=kainuu, name_fi="Testipaikaton")
    venues["nowhere"] = VenuePageFactory(
        parent=pages[kainuu.pk], municipality=nowhere, title="Aakkosten alussa ilman paikkaa"
    )
    return {"towns": towns, "venues": venues, "pages": pages, "kainuu": kainuu, "nowhere": nowhere}


def titles(response):
    return [v.title for v in response.context["venues"]]


def test_nearest_first_from_a_fixed_location(client, world):
    # Sotkamo's centre, already rounded to two decimals (so no redirect).
    response = client.get("/fi/kohteet/", {"sort": "near", "lat": "64.13", "lon": "28.39"})
    assert response.status_code == 200
    assert titles(response) == [
        "Testisotkamon kulttuuritalo",
        "Testikajaanin kulttuuritalo",  # ~33 km
        "Testikuhmon kulttuuritalo",  # ~55 km
        "Testisuomussalmin kulttuuritalo",  # ~85 km
        "Testioulun kulttuuritalo",
        "Aakkosten alussa ilman paikkaa",  # no location: last, though first by name
    ]
    origin = (Decimal("64.13"), Decimal("28.39"))
    for venue in response.context["venues"][:5]:
        expected = haversine_km(origin, (venue.latitude, venue.longitude))
        assert venue.distance == pytest.approx(expected, rel=0.01, abs=0.3)
    html = response.content.decode()
    kajaani_km = round(haversine_km(origin, PLACES["Testikajaani"]))
    assert f"{kajaani_km} km päässä" in html
    assert "alle 1 km päässä" in html  # Sotkamo's venue at the location itself
    assert "sijainnistasi" in html  # "from your location"


def test_by_name_is_the_default_and_shows_no_distance(client, world):
    response = client.get("/fi/kohteet/")
    assert titles(response)[0] == "Aakkosten alussa ilman paikkaa"
    assert "km päässä" not in response.content.decode()


def test_nearest_first_from_a_chosen_municipality_without_javascript(client, world):
    kuhmo = world["towns"]["Testikuhmo"]
    response = client.get("/fi/kohteet/", {"sort": "near", "near": kuhmo.pk})
    assert titles(response) == [
        "Testikuhmon kulttuuritalo",
        "Testisotkamon kulttuuritalo",  # ~55 km
        "Testikajaanin kulttuuritalo",  # ~88 km
        "Testisuomussalmin kulttuuritalo",  # ~89 km: the east-west shrink of a degree counts
        "Testioulun kulttuuritalo",
        "Aakkosten alussa ilman paikkaa",
    ]
    html = response.content.decode()
    assert "Etäisyys on mitattu kunnan keskustasta: Testikuhmo." in html
    # The choice is a plain GET form: the municipality is one of its options.
    assert re.search(rf'<option value="{kuhmo.pk}"[^>]*selected', html)


def test_a_municipality_without_a_centre_is_not_offered(client, world):
    html = client.get("/fi/kohteet/").content.decode()
    near = html.split('name="near"')[1].split("</select>")[0]
    assert "Testikuhmo" in near and "Testipaikaton" not in near


def test_distances_with_the_order_by_name(client, world):
    kuhmo = world["towns"]["Testikuhmo"]
    response = client.get("/fi/kohteet/", {"sort": "name", "near": kuhmo.pk})
    assert titles(response)[0] == "Aakkosten alussa ilman paikkaa"
    assert "km päässä" in response.content.decode()


@pytest.mark.parametrize(
    "lat, lon",
    [
        ("abc", "28.4"),
        ("64.1", ""),
        ("10", "28.4"),  # outside Finland
        ("64.1", "45"),
        ("nan", "nan"),
        ("1e400", "28.4"),
        ("6" * 5000, "28.4"),
        ("64.1;drop", "28.4"),
    ],
)
def test_a_bad_location_gets_a_message_not_a_500(client, world, lat, lon):
    response = client.get("/fi/kohteet/", {"sort": "near", "lat": lat, "lon": lon})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "Sijaintiasi ei voitu käyttää" in html
    # The list is still there, by name.
    assert titles(response)[0] == "Aakkosten alussa ilman paikkaa"


def test_nearest_without_a_place_asks_for_one(client, world):
    response = client.get("/fi/kohteet/", {"sort": "near"})
    assert response.status_code == 200
    assert "Valitse kunta" in response.content.decode()


def test_a_precise_location_is_rounded_to_about_a_kilometre_in_the_address(client, world):
    response = client.get(
        "/fi/kohteet/", {"sort": "near", "lat": "64.130612", "lon": "28.386099", "q": ""}
    )
    assert response.status_code == 302
    assert "lat=64.13" in response.url and "lon=28.39" in response.url
    assert "64.1306" not in response.url and "28.3860" not in response.url
    assert client.get(response.url).status_code == 200


def test_the_map_lists_the_venues_of_the_page_with_their_links(client, world):
    html = client.get("/fi/kohteet/").content.decode()
    data = re.search(
        r'<script id="venue-map-points" type="application/json">(.*?)</script>', html
    ).group(1)
    assert "Testikuhmon kulttuuritalo" in data and '"url": "/' in data
    assert "Aakkosten alussa" not in data  # no location, no point; the list still has it
    assert 'role="region"' in html and "data-venue-map" in html
    assert "/static/vendor/leaflet/leaflet.js" in html


def test_the_region_home_shows_its_venues_on_the_map(client, world):
    page = world["pages"][world["kainuu"].pk]
    html = client.get(page.url).content.decode()
    assert "data-venue-map" in html
    data = re.search(
        r'<script id="venue-map-points" type="application/json">(.*?)</script>', html
    ).group(1)
    assert "Testikajaanin kulttuuritalo" in data and "Testioulun" not in data


def test_csp_allows_the_tiles_and_no_other_script_origin(client, world):
    response = client.get("/fi/kohteet/")
    csp = response.headers["Content-Security-Policy"]
    assert "https://tile.openstreetmap.org" in csp.split("img-src")[1].split(";")[0]
    assert csp.split("script-src")[1].split(";")[0].strip() == "'self'"


def test_distance_expression_matches_haversine_across_finland():
    from regions.models import Municipality

    region = RegionFactory()
    hanko = MunicipalityFactory(
        region=region, latitude=Decimal("59.8236"), longitude=Decimal("22.9680")
    )
    utsjoki = MunicipalityFactory(
        region=region, latitude=Decimal("69.9078"), longitude=Decimal("27.0264")
    )
    row = (
        Municipality.objects.filter(pk=utsjoki.pk)
        .annotate(d=geo.distance_km(hanko.latitude, hanko.longitude))
        .get()
    )
    expected = haversine_km(
        (hanko.latitude, hanko.longitude), (utsjoki.latitude, utsjoki.longitude)
    )
    assert row.d == pytest.approx(expected, rel=0.01)


# --- The admin: coordinates typed in the venue's form -------------------------------------------


@pytest.mark.parametrize(
    "lat, lon, message",
    [
        ("50.0", "25.0", "Leveysasteen on oltava Suomessa"),
        ("64.2", "40.0", "Pituusasteen on oltava Suomessa"),
        ("64.2", "", "Anna myös pituusaste"),
        ("", "27.7", "Anna myös leveysaste"),
        ("kuusikymmentä", "27.7", "Syötä luku"),
    ],
)
def test_admin_refuses_coordinates_outside_finland(client, world, lat, lon, message):
    coordinator = CoordinatorFactory(region=world["kainuu"])
    client.force_login(coordinator)
    parent = world["pages"][world["kainuu"].pk]
    url = reverse("wagtailadmin_pages:add", args=("partners", "venuepage", parent.pk))
    data = venue_form_data(
        "Paikkatesti", "paikkatesti", world["towns"]["Testikajaani"], latitude=lat, longitude=lon
    )
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 200
    assert not VenuePage.objects.filter(slug="paikkatesti").exists()
    assert message in response.content.decode()


def test_admin_saves_typed_coordinates_and_shows_the_map_picker(client, world):
    coordinator = CoordinatorFactory(region=world["kainuu"])
    client.force_login(coordinator)
    parent = world["pages"][world["kainuu"].pk]
    url = reverse("wagtailadmin_pages:add", args=("partners", "venuepage", parent.pk))
    page = client.get(url).content.decode()
    assert "data-map-point-picker" in page and "map-point-picker.js" in page
    data = venue_form_data(
        "Paikkatesti",
        "paikkatesti",
        world["towns"]["Testikajaani"],
        latitude="64.22728",
        longitude="27.72852",
    )
    client.post(url, data)
    venue = VenuePage.objects.get(slug="paikkatesti", alias_of=None)
    assert (venue.latitude, venue.longitude) == (Decimal("64.22728"), Decimal("27.72852"))


# --- Query count ------------------------------------------------------------------------------


def test_finder_sorted_by_distance_with_1000_venues_is_at_most_10_queries(
    client, world, django_assert_max_num_queries
):
    kajaani = world["towns"]["Testikajaani"]
    parent = world["pages"][world["kainuu"].pk]
    for i in range(1000):
        VenuePageFactory(
            parent=parent,
            municipality=kajaani,
            slug=f"massa-{i:04}",
            latitude=Decimal("64.2") + Decimal(i % 100) / 100,
            longitude=Decimal("27.7") + Decimal(i // 100) / 10,
            revision=False,  # quick: no revision needed for the public list
        )
    assert VenuePage.objects.live().count() > 1000
    url = f"/fi/kohteet/?sort=near&near={kajaani.pk}"
    client.get(url)  # warm the site root paths and content types
    # A new address: the results fragment is not cached, so the whole list is computed anew.
    with django_assert_max_num_queries(10):
        response = client.get(url + "&page=1")
    assert response.status_code == 200
    assert len(response.context["venues"]) == 20
    first = response.context["venues"][0]
    assert first.title == "Testikajaanin kulttuuritalo"
    distances = [v.distance for v in response.context["venues"]]
    assert distances == sorted(distances)
