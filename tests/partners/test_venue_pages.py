"""A venue's public page: its counterparts in every language, cap wording, language of its parts."""

import re

from wagtail.models import Locale, Page

import pytest

from partners.models import VenuePage
from tests.home.factories import SectionPageFactory, national_site, translate
from tests.partners.factories import VenuePageFactory
from tests.regions.factories import MunicipalityFactory, RegionFactory, region_page, regions_index

pytestmark = pytest.mark.django_db

SWITCHER = re.compile(r'<nav class="language-switcher".*?</nav>', re.S)


def switcher(body):
    return SWITCHER.search(body).group(0)


def page_text(client, path):
    """The page's text without its tags."""
    return re.sub(r"<[^>]+>", " ", client.get(path).content.decode())


@pytest.fixture
def region():
    """A region under the national site with its page in four languages and, made in Finnish
    (so the other languages show them as aliases): a theatre, a swimming hall translated into
    Swedish, and an adult-education college. Paths: /fi/alueet/testialue-N/<venue>/."""
    home = national_site().root_page
    region = RegionFactory(name_fi="Testikainuu", name_sv="Testkajanaland")
    page = region_page(region, parent=regions_index(home))
    town = MunicipalityFactory(region=region, name_fi="Testikajaani", name_sv="Testkajana")
    VenuePageFactory(
        parent=page,
        title="Testin kaupunginteatteri",
        slug="testin-kaupunginteatteri",
        municipality=town,
        step_free_access=True,
        accessibility="<p>Esteetön sisäänkäynti ja esteetön wc.</p>",
        caps=[("show", 400, 20), ("visiting_producer", 400, 2)],
        aliases=True,
    )
    pool = VenuePageFactory(
        parent=page,
        title="Testikajaanin uimahalli",
        slug="testikajaanin-uimahalli",
        municipality=town,
        category="swimming_hall",
        caps=[{"kind": "swimming_hall", "lanes": 6, "cap": 20}],
        aliases=True,
    )
    translate(pool, "sv", title="Testkajana simhall")
    VenuePageFactory(
        parent=page,
        title="Testin kansalaisopisto",
        slug="testin-kansalaisopisto",
        municipality=town,
        category="college",
        caps=[("course", 16, 2)],
        aliases=True,
    )
    return region.slug


def test_language_switcher_links_to_every_alias_of_a_venue(client, region):
    """Issue 16.1: the theatre exists in sv, en and plain Finnish only as aliases of the Finnish
    page (wagtail-localize's synchronised tree); the switcher still leads to them."""
    nav = switcher(client.get(f"/fi/alueet/{region}/testin-kaupunginteatteri/").content.decode())
    for code, path in [
        ("sv", f"/sv/regioner/{region}/testin-kaupunginteatteri/"),
        ("en", f"/en/regions/{region}/testin-kaupunginteatteri/"),
        ("fi-x-selko", f"/fi-x-selko/alueet/{region}/testin-kaupunginteatteri/"),
    ]:
        assert f'href="{path}"' in nav, code
        assert client.get(path).status_code == 200
    assert "language-switcher__note" not in nav


def test_language_switcher_from_a_translated_venue_to_the_aliases_and_back(client, region):
    """The swimming hall is translated into Swedish; English and plain Finnish are aliases."""
    nav = switcher(client.get(f"/sv/regioner/{region}/testikajaanin-uimahalli/").content.decode())
    assert f'href="/fi/alueet/{region}/testikajaanin-uimahalli/"' in nav
    assert f'href="/en/regions/{region}/testikajaanin-uimahalli/"' in nav
    assert f'href="/fi-x-selko/alueet/{region}/testikajaanin-uimahalli/"' in nav
    nav = switcher(client.get(f"/en/regions/{region}/testikajaanin-uimahalli/").content.decode())
    assert f'href="/sv/regioner/{region}/testikajaanin-uimahalli/"' in nav
    assert "language-switcher__note" not in nav


def test_language_switcher_offers_the_home_page_only_where_no_counterpart_exists(client, region):
    source = VenuePage.objects.get(slug="testin-kaupunginteatteri", locale__language_code="fi")
    Page.objects.get(
        translation_key=source.translation_key, locale=Locale.objects.get(language_code="en")
    ).delete()
    nav = switcher(client.get(f"/fi/alueet/{region}/testin-kaupunginteatteri/").content.decode())
    assert re.search(r'href="/en/"[^>]*>English<span class="language-switcher__note">', nav)
    assert f'href="/sv/regioner/{region}/testin-kaupunginteatteri/"' in nav


def lang_of(body, text):
    """The language (nearest lang attribute) of the innermost element whose own text has `text`."""
    from tinyhtml5.parser import HTMLParser

    root = HTMLParser(namespace_html_elements=False).parse(body)
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in root.iter():
        own = (element.text or "") + "".join(child.tail or "" for child in element)
        if text in own:
            while element is not None and element.get("lang") is None:
                element = parents.get(element)
            return element.get("lang") if element is not None else None
    raise AssertionError(f"{text!r} not on the page")


@pytest.mark.parametrize(
    ("path", "ui", "labels"),
    [
        (
            "/en/regions/{region}/testin-kaupunginteatteri/",
            "en",
            ["What the card gets you", "How many card tickets", "Up to 20 card tickets per show."],
        ),
        (
            "/sv/regioner/{region}/testin-kaupunginteatteri/",
            "sv",
            ["Vad kortet ger dig", "Adress", "Regioner"],
        ),
    ],
)
def test_alias_venue_page_marks_interface_and_content_languages(client, path, ui, labels, region):
    """Issue 16.2: an alias shows the Finnish page's text under the interface of its language."""
    path = path.format(region=region)
    body = client.get(path).content.decode()
    assert lang_of(body, "Testin kaupunginteatteri") == "fi"  # the h1, Finnish content
    assert lang_of(body, "Esteetön sisäänkäynti") == "fi"
    for label in labels:
        assert lang_of(body, label) == ui, label


def test_every_cap_says_it_is_the_venues_total_and_the_card_has_no_limit(client, region):
    """Issue 16.7: 'Up to 20 cardholders a day' read as a personal limit."""
    body = client.get(f"/en/regions/{region}/testikajaanin-uimahalli/").content.decode()
    assert "total for each day, for all cardholders" in body
    assert "use your card as often as you like" in body
    body = client.get(f"/fi/alueet/{region}/testin-kaupunginteatteri/").content.decode()
    assert "kaikkien kortinhaltijoiden yhteensä" in body
    finder = client.get("/en/kohteet/", {"q": "uimahalli"}).content.decode()
    assert "total for each day, for all cardholders" in finder


def test_cardholders_page_says_the_card_has_no_limit_on_uses(client):
    home = national_site().root_page
    section = SectionPageFactory(parent=home, audience="cardholders", slug="kaikukortti-minulle")
    translate(section, "en", title="Kaikukortti for me?", slug="kaikukortti-for-me")
    body = client.get("/en/kaikukortti-for-me/").content.decode()
    assert "use your card as often as you like" in body


@pytest.mark.parametrize(
    ("path", "words", "not_words"),
    [
        ("/fi/alueet/{region}/testikajaanin-uimahalli/", ["sen päivän"], ["esityksen korttiliput"]),
        ("/en/regions/{region}/testikajaanin-uimahalli/", ["for that day"], ["for that show"]),
        ("/en/regions/{region}/testin-kansalaisopisto/", ["on that course"], ["for that show"]),
        ("/en/regions/{region}/testin-kaupunginteatteri/", ["for that show", "visiting show"], []),
    ],
)
def test_cap_texts_use_the_words_of_their_kind_of_offer(client, path, words, not_words, region):
    """Issue 16.8: the swimming hall's page spoke of shows."""
    path = path.format(region=region)
    body = client.get(path).content.decode()
    for word in words:
        assert word in body, word
    for word in not_words:
        assert word not in body, word


# A name in the nominative after a genitive or ablative noun ("alueen Kainuu", "myyjältä
# Lippupiste") is wrong Finnish: the sentences put the name in its base form elsewhere.
BAD_FINNISH = re.compile(r"\b([Aa]lueen|[Aa]lueella|[Mm]yyjältä|[Ll]ipunvälittäjältä) [A-ZÅÄÖ]")


@pytest.mark.parametrize(
    "path",
    [
        "/fi/alueet/{region}/",
        "/fi-x-selko/alueet/{region}/",
        "/fi/alueet/{region}/testin-kaupunginteatteri/",
        "/fi-x-selko/alueet/{region}/testin-kaupunginteatteri/",
        "/fi/kohteet/?region={region}&municipality=x",
    ],
)
def test_finnish_sentences_keep_names_in_their_base_form(client, path, region):
    """Issue 16.3."""
    text = page_text(client, path.format(region=region))
    assert not BAD_FINNISH.search(text), BAD_FINNISH.search(text).group(0)


def test_no_finnish_catalogue_puts_a_name_after_a_genitive():
    """Issue 16.3 in every catalogue (the brochure's too): a placeholder for a name never follows
    "alueen", "alueella" or "myyjältä", where Finnish would need the name inflected."""
    from pathlib import Path

    import polib

    root = Path(__file__).resolve().parents[2]
    bad = re.compile(r"\b(alueen|alueella|myyjältä|lipunvälittäjältä) %\(", re.IGNORECASE)
    found = [
        f"{po}: {entry.msgstr}"
        for po in root.glob("**/locale/fi*/LC_MESSAGES/django.po")
        if ".venv" not in po.parts
        for entry in polib.pofile(str(po))
        if bad.search(entry.msgstr)
    ]
    assert found == []


@pytest.mark.parametrize(
    "path",
    [
        "/fi-x-selko/alueet/{region}/testin-kaupunginteatteri/",
        "/fi-x-selko/alueet/{region}/testikajaanin-uimahalli/",
        "/fi-x-selko/kohteet/?q=kajaani",
    ],
)
def test_plain_finnish_pages_explain_instead_of_jargon(client, path, region):
    """Issue 16.4: 'yläraja', 'kiintiö' and 'induktiosilmukka' on plain-Finnish pages."""
    text = page_text(client, path.format(region=region)).lower()
    for word in ("yläraj", "kiintiö", "induktiosilmuk"):
        assert word not in text, word


def test_the_translation_gate_finds_jargon_in_plain_finnish(tmp_path):
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "bin" / "check_translations.py"
    spec = importlib.util.spec_from_file_location("check_translations", script)
    gate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gate)
    assert gate.plain_finnish_jargon(gate.ROOT / "partners" / "locale") == []
    po = tmp_path / "fi_X-selko" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "Cap"\nmsgstr "Yläraja"\n', encoding="utf-8")
    gate.ROOT = tmp_path
    assert "jargon 'yläraj'" in gate.plain_finnish_jargon(tmp_path)[0]


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/fi/alueet/{region}/testin-uimala/", "Aukioloajat"),
        ("/sv/regioner/{region}/testin-uimala/", "Öppettider"),
        ("/en/regions/{region}/testin-uimala/", "Opening hours"),
        ("/fi-x-selko/alueet/{region}/testin-uimala/", "Milloin paikka on auki"),
    ],
)
def test_the_opening_hours_have_their_own_heading(client, region, path, heading):
    """Issue 21.1: the partner keeps its opening hours, a short text per language."""
    from regions.models import RegionPage

    parent = RegionPage.objects.get(region__slug=region, locale__language_code="fi")
    VenuePageFactory(
        parent=parent,
        title="Testin uimala",
        slug="testin-uimala",
        municipality=parent.region.municipalities.first(),
        category="swimming_hall",
        opening_hours="ma–pe 6–21\nla–su 10–18",
        aliases=True,
    )
    body = client.get(path.format(region=region)).content.decode()
    assert f'<h2 id="hours-heading">{heading}</h2>' in body
    assert "ma–pe 6–21<br>la–su 10–18" in body
