"""Issue 16.10: each audience section leads, in two clicks from the home page, to its slides,
handbook, forms and the commitment, in every language; search finds the materials; every public
page is in the sitemap."""

import re

import pytest

from tests.home.factories import SectionPageFactory, national_site, translate
from tests.materials.factories import (
    MaterialFactory,
    MaterialsPageFactory,
    MaterialVersionFactory,
    OnboardingPageFactory,
)

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="main-nav".*?</nav>', re.S)
MAIN = re.compile(r"<main.*?</main>", re.S)

# language: (venues section title, distributors section title, commitment form path)
SECTIONS = {
    "fi": ("Kulttuuri- ja liikuntakohteille", "Kortinjakajille", "/fi/sitoumus/"),
    "sv": ("För kultur- och idrottsplatser", "För kortutdelare", "/sv/forbindelse/"),
    "en": ("For culture and sport venues", "For card distributors", "/en/commitment/"),
    "fi-x-selko": (
        "Paikoille, joihin kortilla pääsee",
        "Kortin jakajille",
        "/fi-x-selko/sitoumus/",
    ),
}
# The materials each section links (identifiers of our own, apart from the demo's).
MATERIALS = [
    # slug, title, audience, kind, formats
    (
        "testi-kohteiden-perehdytysdiat",
        "Perehdytysdiat kohteille",
        "venues",
        "slides",
        ("pptx", "pdf"),
    ),
    ("testi-kohteen-kasikirja", "Kohteen käsikirja", "venues", "handbook", ("pdf",)),
    (
        "testi-kortinjakajien-perehdytysdiat",
        "Perehdytysdiat kortinjakajille",
        "distributors",
        "slides",
        ("pptx", "pdf"),
    ),
    (
        "testi-kortinjakajan-kasikirja",
        "Kortinjakajan käsikirja",
        "distributors",
        "handbook",
        ("pdf",),
    ),
    (
        "testi-kortinjakajan-muistilista",
        "Kortinjakajan muistilista",
        "distributors",
        "checklist",
        ("pdf",),
    ),
    (
        "testi-paperinen-rekisterointilomake",
        "Paperinen rekisteröintilomake",
        "distributors",
        "paper_form",
        ("docx", "pdf"),
    ),
    ("testi-toimintamalli", "Kaikukortin toimintamalli", "everyone", "operating_model", ("pdf",)),
]
# Per language and audience (venues, distributors): the slugs of the section, the materials page
# and the onboarding path.
SLUGS = {
    "fi": [
        ("kohteille", "materiaalit-kohteille", "perehdytys-kohteille"),
        ("kortinjakajille", "materiaalit-kortinjakajille", "perehdytys-kortinjakajille"),
    ],
    "sv": [
        ("for-besoksmal", "material-for-besoksmal", "introduktion-for-besoksmal"),
        ("for-kortutdelare", "material-for-kortutdelare", "introduktion-for-kortutdelare"),
    ],
    "en": [
        ("for-venues", "materials-venues", "onboarding-venues"),
        ("for-distributors", "materials-distributors", "onboarding-distributors"),
    ],
}
SLUGS["fi-x-selko"] = SLUGS["fi"]  # plain Finnish keeps the Finnish addresses


@pytest.fixture(autouse=True)
def national():
    """The materials of MATERIALS (each with a current version), then the national site with the
    venues' and distributors' sections, materials pages and onboarding paths in four languages
    (the pages index what the materials are, so the materials come first)."""
    for slug, title, audience, kind, formats in MATERIALS:
        material = MaterialFactory(slug=slug, title=title, audience=audience, kind=kind)
        MaterialVersionFactory(material=material, formats=formats)
    home = national_site().root_page
    audiences = [("venues", "venue"), ("distributors", "distributor")]
    for index, (audience, partner_type) in enumerate(audiences):
        section_slug, materials_slug, onboarding_slug = SLUGS["fi"][index]
        section = SectionPageFactory(
            parent=home,
            audience=audience,
            title=SECTIONS["fi"][index],
            slug=section_slug,
            show_in_menus=True,
        )
        materials = MaterialsPageFactory(parent=home, audience=audience, slug=materials_slug)
        onboarding = OnboardingPageFactory(
            parent=home, partner_type=partner_type, slug=onboarding_slug
        )
        for code in ("sv", "en", "fi-x-selko"):
            section_slug, materials_slug, onboarding_slug = SLUGS[code][index]
            translate(section, code, title=SECTIONS[code][index], slug=section_slug)
            translate(materials, code, slug=materials_slug)
            translate(onboarding, code, slug=onboarding_slug)
    return home


def follow(client, body, text, region=MAIN):
    """The page behind the link whose text is `text` (the first click a person would make)."""
    part = region.search(body).group(0)
    match = re.search(rf'<a href="([^"]+)"[^>]*>\s*{re.escape(text)}\s*</a>', part)
    assert match, f"no link {text!r}"
    response = client.get(match.group(1))
    assert response.status_code == 200, match.group(1)
    return response.content.decode()


@pytest.mark.parametrize("code", list(SECTIONS))
def test_venue_and_distributor_sections_link_their_materials_and_the_commitment(client, code):
    venues, distributors, commitment = SECTIONS[code]
    home = client.get(f"/{code}/").content.decode()
    for title, slides, handbook, kind in [
        (venues, "testi-kohteiden-perehdytysdiat", "testi-kohteen-kasikirja", "venue"),
        (
            distributors,
            "testi-kortinjakajien-perehdytysdiat",
            "testi-kortinjakajan-kasikirja",
            "distributor",
        ),
    ]:
        section = MAIN.search(follow(client, home, title, NAV)).group(0)
        # The second click: the current slides, the handbook, the commitment form.
        for slug in (slides, handbook):
            link = re.search(rf'href="(/{code}/[^"]*/{slug}/[^"]*/)"', section)
            assert link, (code, title, slug)
            assert client.get(link.group(1)).status_code in (200, 302)  # to the file
        assert f'href="{commitment}?type={kind}"' in section
        assert client.get(f"{commitment}?type={kind}").status_code == 200
        assert re.search(r'href="[^"]*/(materiaalit|material|materials)-[^"]*/"', section)
    section = MAIN.search(follow(client, home, distributors, NAV)).group(0)
    assert "paperinen-rekisterointilomake" in section
    assert "kortinjakajan-muistilista" in section


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("perehdytys", "/fi/perehdytys-kohteille/"),
        ("diat", "/fi/materiaalit-kohteille/"),
        ("sitoumus", "/fi/perehdytys-kortinjakajille/"),
        ("käsikirja", "/fi/materiaalit-kortinjakajille/"),
        ("muistilista", "/fi/materiaalit-kortinjakajille/"),
        ("kortinjakajat", "/fi/materiaalit-kortinjakajille/"),
    ],
)
def test_search_finds_materials_by_title_audience_and_kind(client, query, expected):
    found = []
    for number in range(1, 6):  # an audience's name is on many pages: look through them
        body = client.get("/fi/search/", {"q": query, "page": number}).content.decode()
        found += re.findall(r'<h2><a href="([^"]+)"', body)
    assert expected in found, (query, found)


def test_search_finds_materials_in_swedish(client):
    body = client.get("/sv/search/", {"q": "handbok"}).content.decode()
    assert 'href="/sv/material-for-kortutdelare/"' in body


def test_every_public_view_is_in_the_sitemap(client):
    body = client.get("/sitemap.xml").content.decode()
    for path in [
        "/fi/sitoumus/",
        "/sv/forbindelse/",
        "/en/commitment/",
        "/fi-x-selko/sitoumus/",
        "/fi/kohteet/",
        "/sv/kohteet/",
        "/fi/materiaalit-kohteille/",
        "/en/onboarding-venues/",
    ]:
        assert re.search(rf"<loc>http://[^<]+{re.escape(path)}</loc>", body), path
