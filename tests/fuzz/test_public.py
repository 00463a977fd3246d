"""The public site under hostile input: the finder, site search, the commitment form, the text-size
switch, language redirects and every address that carries a free-text segment.

The data is built here (`town`): the national site in four languages, two regions with a
municipality and venues each, and the operating model in force that the commitment form asks for."""

from urllib.parse import quote, urlsplit

from django.core import mail
from django.urls import reverse

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from materials.models import Commitment
from partners.models import ACCESSIBILITY_FEATURES, VenueCategory
from tests.home.factories import national_site
from tests.materials.factories import OperatingModelVersionFactory
from tests.partners.factories import VenuePageFactory
from tests.regions.factories import MunicipalityFactory, RegionFactory, region_page, regions_index

from . import strategies as hs
from .conftest import (
    FUZZ,
    assert_errors_shown,
    assert_no_server_error,
    assert_values_kept,
    assert_writes,
    counts,
    isolated,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["fi", "sv", "en", "fi-x-selko"]
REGION_SLUGS = ["fuzzalue-a", "fuzzalue-b"]  # made by `town`; never the demo's


@pytest.fixture(autouse=True)
def town(db):
    """The national site; per region of REGION_SLUGS a municipality and its page in four languages
    with a theatre, a museum and a swimming hall (shown in every language); the operating model
    in force. Returns the first region's municipality."""
    site = national_site()
    index = regions_index(site.root_page)
    towns = []
    for slug in REGION_SLUGS:
        region = RegionFactory(slug=slug)
        towns.append(MunicipalityFactory(region=region))
        page = region_page(region, parent=index)
        for category in ("theatre", "museum", "swimming_hall"):
            VenuePageFactory(parent=page, municipality=towns[-1], category=category, aliases=True)
    OperatingModelVersionFactory()
    return towns[0]


def segment(text):
    """`text` as one path segment, percent-encoded as a browser sends it."""
    return quote(text, safe="") or "%20"


@FUZZ
@given(
    q=hs.hostile_text,
    region=st.one_of(st.sampled_from(["", *REGION_SLUGS]), hs.hostile_text),
    municipality=st.one_of(st.integers(-1, 300).map(str), hs.hostile_number),
    category=st.one_of(st.sampled_from([c for c, _ in VenueCategory.choices]), hs.hostile_text),
    accessibility=st.lists(
        st.one_of(st.sampled_from([a for a, _ in ACCESSIBILITY_FEATURES]), hs.hostile_text),
        max_size=3,
    ),
    children=st.sampled_from(["", "on", "true", "0", "\x00", "x" * 300]),
    page=hs.hostile_number,
)
def test_finder(client, q, region, municipality, category, accessibility, children, page):
    with isolated():
        params = {
            "q": q,
            "region": region,
            "municipality": municipality,
            "category": category,
            "accessibility": accessibility,
            "children": children,
            "page": page,
        }
        response = client.get(reverse("finder"), params)
        assert_no_server_error(response)
        assert response.status_code == 200
        form = response.context["form"]
        if form.errors:
            assert_errors_shown(response, form)
            assert_values_kept(response, form, {"q": q}, ["q"] if len(q) <= 100 else [])


@FUZZ
@given(q=hs.hostile_text, page=hs.hostile_number, language=st.sampled_from(LANGUAGES))
@example(q="a\x00b", page="1", language="fi")  # PostgreSQL refuses NUL in a query
@example(q='"http://evil.example', page="", language="fi")  # SQLite FTS5 syntax, unquoted
@example(q='museo "', page="1", language="en")
def test_search(client, q, page, language):
    with isolated():
        response = client.get(f"/{language}/search/", {"q": q, "page": page})
        assert_no_server_error(response)
        assert response.status_code == 200


def _commitment_valid(region_pk, municipality_pk):
    words = st.text(
        alphabet=st.characters(codec="utf-8", categories=["L", "N", "Zs"]), max_size=200
    )
    return {
        "partner_type": st.sampled_from([v for v, _ in Commitment.PartnerType.choices]),
        "organisation": words.filter(lambda s: s.strip()),
        "unit": words,
        "region": st.just(str(region_pk)),
        "municipality": st.just(str(municipality_pk)),
        "contact_name": words.filter(lambda s: s.strip()),
        "contact_role": words,
        "contact_email": st.from_regex(r"[a-z0-9.]{1,30}@[a-z]{2,20}\.fi", fullmatch=True).filter(
            lambda s: ".." not in s and not s.startswith(".") and ".@" not in s
        ),
        "contact_phone": st.from_regex(r"\+?[0-9]{6,12}", fullmatch=True),
        "website": st.sampled_from(["", "https://www.example.fi/kaikukortti"]),
        "message": st.text(max_size=500).filter(lambda s: "\x00" not in s),
        "accept_model": st.just("on"),
    }


@FUZZ
@given(st.data())
def test_commitment(client, town, data):
    valid = _commitment_valid(town.region_id, town.pk)
    hostile = {
        "region": hs.hostile_number,
        "municipality": hs.hostile_number,
        "contact_email": st.one_of(hs.hostile_text, st.just("a" * 64 + "@" + "b" * 250 + ".fi")),
        "website": st.one_of(hs.hostile_text, st.just("https://" + "a" * 300 + ".fi/")),
    }
    form_data, bad = data.draw(hs.corrupted(valid, hostile))
    spam = data.draw(st.sampled_from(["", "", "", "http://spam.example"]), label="honeypot")
    form_data["homepage"] = spam
    with isolated():
        mail.outbox = []
        before = counts()
        response = client.post(reverse("materials:commitment"), form_data)
        assert_no_server_error(response)
        if spam:
            # A bot gets the same thanks as a person, and nothing is stored or sent.
            assert response.status_code == 200
            assert_writes(before)
            assert not mail.outbox
            return
        if response.status_code == 302:
            assert_writes(before, {"Commitment": 1})
            commitment = Commitment.objects.order_by("-pk").first()
            assert response["Location"] == commitment.get_status_url()
            return
        assert response.status_code == 400, response.status_code
        form = response.context["form"]
        assert bad, f"valid input was refused: {form.errors.get_json_data()}"
        assert_errors_shown(response, form)
        assert_values_kept(
            response, form, form_data, ["organisation", "contact_name", "contact_phone"]
        )
        assert_writes(before)
        assert not mail.outbox


@FUZZ
@given(kind=hs.hostile_text)
def test_commitment_form_prefill(client, kind):
    with isolated():
        response = client.get(reverse("materials:commitment"), {"type": kind})
        assert_no_server_error(response)
        assert response.status_code == 200


@FUZZ
@given(
    size=st.one_of(st.sampled_from(["normal", "large", "larger"]), hs.hostile_text),
    target=st.one_of(
        st.sampled_from(
            [
                "/fi/",
                "/en/kohteet/?q=x",
                "//evil.example/",
                "/\\evil.example/",
                "https://evil.example/",
            ]
        ),
        hs.hostile_text,
    ),
)
@example(size="large", target="/\r\nSet-Cookie: x=1")
def test_text_size(client, size, target):
    with isolated():
        response = client.get(reverse("text_size"), {"size": size, "next": target})
        assert_no_server_error(response)
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        # Never away from this site: no scheme, no other host, not even the way browsers read
        # "/\\host" (as "//host").
        assert not location.scheme and not location.netloc, response["Location"]
        assert not response["Location"].replace("\\", "/").startswith("//")
        assert "\n" not in response["Location"] and "\r" not in response["Location"]


@FUZZ
@given(
    accept=st.one_of(
        st.sampled_from(["fi", "sv-SE,sv;q=0.9", "en;q=abc", "*", "fi-x-selko", "x" * 600]),
        # A header is bytes: anything a client can send is Latin-1 (WSGI decodes it so).
        hs.hostile_text.map(lambda s: s.encode("utf-8").decode("latin-1")),
    ),
    cookie=st.one_of(
        st.none(),
        st.sampled_from(LANGUAGES),
        hs.hostile_text.map(lambda s: s.encode("utf-8").decode("latin-1")),
    ),
)
def test_language_redirect(client, accept, cookie):
    with isolated():
        if cookie is not None:
            client.cookies["django_language"] = cookie.replace("\x00", "")
        response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
        assert_no_server_error(response)
        assert response.status_code in (301, 302)
        assert response["Location"].split("/")[1] in LANGUAGES


@FUZZ
@given(
    text=st.one_of(hs.hostile_text, hs.malformed_card_number()),
    language=st.sampled_from(LANGUAGES),
)
@example(text="\x00", language="en")
def test_addresses_with_any_segment(client, text, language):
    """Every public address with a free segment: a segment that names nothing is a 404."""
    from django.utils import translation

    with isolated(), translation.override(language):
        paths = [
            reverse("materials:commitment_status", kwargs={"token": "SEG"}),
            reverse("materials:latest", kwargs={"slug": "toimintamalli", "fmt": "SEG"}),
            f"/{language}/SEG/",
            f"/{language}/SEG/SEG/",
        ]
        for path in paths:
            response = client.get(path.replace("SEG", segment(text)))
            assert_no_server_error(response)
            assert response.status_code in (200, 301, 302, 404), (path, response.status_code)
