"""The national site's pages in four languages: lang attributes, switcher, alternates, errors."""

import re

from django.db.models import Q
from django.urls import reverse

from wagtail.models import Page

import pytest

from home.models import (
    AccessibilityStatementPage,
    ContentPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    SectionPage,
    SiteSettings,
)
from tests.home.factories import (
    AccessibilityStatementPageFactory,
    ContentPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    SectionPageFactory,
    national_site,
    translate,
)

pytestmark = pytest.mark.django_db


def in_four(page, **languages):
    """Publish `page`'s translations: `languages` maps a code to (title, slug)."""
    for code, (title, slug) in languages.items():
        translate(page, code, title=title, slug=slug)
    return page


@pytest.fixture(autouse=True)
def national():
    """The national site as the test client's default site: the home page in four languages (the
    plain-Finnish one in plain words), the cardholders' section in four, a page on this year's
    exceptions only in Finnish and Swedish (an alias in English and plain Finnish), news, the
    accessibility statement, the privacy statement and the site's contacts."""
    site = national_site()
    home = site.root_page.specific
    translate(home, "fi-x-selko", intro="<p>Kaikukortti on ilmainen kortti.</p>")
    in_four(
        SectionPageFactory(
            parent=home, title="Kaikukortti minulle", slug="kaikukortti-minulle", show_in_menus=True
        ),
        sv=("Kaikukortet för mig", "kaikukortet-for-mig"),
        en=("Kaikukortti for me", "kaikukortti-for-me"),
        **{"fi-x-selko": ("Kaikukortti minulle", "kaikukortti-minulle")},
    )
    exceptions = ContentPageFactory(
        parent=home, title="Poikkeukset toimintamalliin 2026", slug="poikkeukset-2026", aliases=True
    )
    in_four(exceptions, sv=("Undantag 2026", "undantag-2026"))
    news = in_four(
        NewsIndexPageFactory(parent=home, slug="uutiset", show_in_menus=True),
        sv=("Nyheter", "nyheter"),
        en=("News", "news"),
    )
    in_four(
        NewsPageFactory(parent=news, title="Uutinen"),
        sv=("Nyhet", "nyhet"),
        en=("News item", "news-item"),
    )
    in_four(
        AccessibilityStatementPageFactory(
            parent=home,
            slug="saavutettavuusseloste",
            feedback_email="saavutettavuus@kaikukortti.fi",
        ),
        sv=("Tillgänglighetsutlåtande", "tillganglighetsutlatande"),
        en=("Accessibility statement", "accessibility-statement"),
    )
    privacy = in_four(
        ContentPageFactory(
            parent=home, title="Tietosuojaseloste", slug="tietosuojaseloste", show_in_footer=True
        ),
        sv=("Dataskyddsbeskrivning", "dataskyddsbeskrivning"),
        en=("Privacy statement", "privacy-statement"),
    )
    settings = SiteSettings.for_site(site)
    settings.contact_email = "info@kaikukortti.fi"
    settings.facebook_url = "https://www.facebook.com/kaikukortti"
    settings.privacy_page = privacy
    settings.save()
    return site


def our_page(national, model, slug, code="fi"):
    """The page `slug` of the national site built here, in `code`'s tree."""
    home = national.root_page.get_translations(inclusive=True).get(locale__language_code=code)
    return model.objects.descendant_of(home).get(slug=slug)


HTML_LANG = re.compile(r'<html lang="([^"]+)"')


def html_lang(response):
    return HTML_LANG.search(response.content.decode()).group(1)


@pytest.mark.parametrize(
    ("prefix", "lang"), [("fi", "fi"), ("sv", "sv"), ("en", "en"), ("fi-x-selko", "fi")]
)
def test_every_language_home_serves_with_its_html_lang(client, prefix, lang):
    response = client.get(f"/{prefix}/")
    assert response.status_code == 200
    assert html_lang(response) == lang


def test_plain_finnish_home_is_finnish_but_plain(client):
    body = client.get("/fi-x-selko/").content.decode()
    assert "Kaikukortti on ilmainen kortti." in body


def test_root_redirects_to_the_browser_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="sv-FI,sv;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/sv/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").headers["Location"] == "/en/"


def test_untranslated_page_falls_back_with_the_source_language(client, national):
    """The exceptions page exists only in fi and sv: in English it is an alias showing Finnish text."""
    source = our_page(national, ContentPage, "poikkeukset-2026")
    alias = source.get_translation(source.locale.__class__.objects.get(language_code="en"))
    assert alias.alias_of_id == source.pk
    response = client.get(alias.url)
    assert response.status_code == 200
    assert html_lang(response) == "fi"
    body = response.content.decode()
    # The interface around the content stays English and says so.
    assert '<header class="site-header" lang="en">' in body
    assert "Poikkeukset toimintamalliin 2026" in body


def test_language_switcher_leads_to_the_same_page_in_another_language(client, national):
    sv_page = our_page(national, SectionPage, "kaikukortet-for-mig", "sv")
    body = client.get(sv_page.url).content.decode()
    assert 'href="/fi/kaikukortti-minulle/" lang="fi" hreflang="fi"' in body
    assert 'href="/en/kaikukortti-for-me/" lang="en" hreflang="en"' in body
    assert 'href="/fi-x-selko/kaikukortti-minulle/" lang="fi" hreflang="fi-x-selko"' in body
    assert 'aria-current="true">Svenska<' in body


def test_language_switcher_leads_to_an_untranslated_page_shown_in_its_source_language(
    client, national
):
    source = our_page(national, ContentPage, "poikkeukset-2026")
    body = client.get(source.url).content.decode()
    # English has only an alias (the Finnish text under an English interface): it is linked.
    assert 'href="/en/poikkeukset-2026/" lang="en" hreflang="en">English</a>' in body
    assert 'href="/sv/undantag-2026/"' in body
    assert "language-switcher__note" not in body


def test_hreflang_alternates_list_every_translation_but_not_fallbacks(client):
    body = client.get("/fi/kaikukortti-minulle/").content.decode()
    for code, path in [
        ("fi", "/fi/kaikukortti-minulle/"),
        ("sv", "/sv/kaikukortet-for-mig/"),
        ("en", "/en/kaikukortti-for-me/"),
        ("fi-x-selko", "/fi-x-selko/kaikukortti-minulle/"),
    ]:
        assert re.search(
            rf'<link rel="alternate" hreflang="{code}" href="http://[^"]+{path}">', body
        )
    body = client.get("/fi/poikkeukset-2026/").content.decode()
    assert 'hreflang="en"' not in body.split("</head>")[0]


@pytest.mark.parametrize(
    "model",
    [HomePage, SectionPage, ContentPage, NewsIndexPage, NewsPage, AccessibilityStatementPage],
)
def test_every_page_type_renders_in_every_language(client, national, model):
    # The national site's pages in every language (each language's tree has its own home).
    tree = Q()
    for home in national.root_page.get_translations(inclusive=True):
        tree |= Q(path__startswith=home.path)
    pages = model.objects.live().filter(tree, alias_of__isnull=True)
    assert {p.locale.language_code for p in pages} >= {"fi", "sv", "en"}
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert response.content.decode().count("<h1") == 1, page.url


def test_accessibility_statement_has_the_sections_the_law_requires(client):
    body = client.get("/fi/saavutettavuusseloste/").content.decode()
    for heading in (
        "Sivuston saavutettavuus",
        "Sisältö, joka ei ole saavutettavaa",
        "Näin sivusto arvioitiin",
        "Anna palautetta saavutettavuudesta",
        "Valvontaviranomainen",
    ):
        assert f"<h2>{heading}</h2>" in body
    assert "saavutettavuus@kaikukortti.fi" in body


def test_news_index_paginates_and_survives_a_bad_page_number(client):
    assert client.get("/fi/uutiset/?page=abc").status_code == 200
    assert client.get("/fi/uutiset/?page=999").status_code == 200


def test_404_is_in_the_visitors_language_with_the_way_back(client):
    response = client.get("/sv/finns-inte/")
    assert response.status_code == 404
    assert html_lang(response) == "sv"
    body = response.content.decode()
    assert "Sidan hittades inte" in body
    assert 'href="/sv/"' in body


def test_500_is_in_the_visitors_language(rf):
    from core.views import server_error

    response = server_error(rf.get("/fi-x-selko/jotain/"))
    assert response.status_code == 500
    assert html_lang(response) == "fi"
    assert 'href="/fi-x-selko/"' in response.content.decode()


def test_robots_and_sitemap_list_every_language(client):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml").content.decode()
    for prefix in ("/fi/", "/sv/", "/en/", "/fi-x-selko/"):
        assert f"http://localhost{prefix}</loc>" in sitemap or f"{prefix}</loc>" in sitemap


def test_text_size_control_works_without_javascript(client):
    response = client.get(reverse("text_size"), {"size": "large", "next": "/sv/"})
    assert response.status_code == 302
    assert response["Location"] == "/sv/"
    assert 'class="text-large"' in client.get("/sv/").content.decode()
    client.get(reverse("text_size"), {"size": "normal", "next": "/sv/"})
    assert 'class="text-normal"' in client.get("/sv/").content.decode()


def test_text_size_control_refuses_to_redirect_elsewhere(client):
    response = client.get(reverse("text_size"), {"size": "large", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_footer_shows_site_settings_and_statements(client):
    body = client.get("/en/").content.decode()
    footer = body.split('<footer class="site-footer"')[1]
    assert "info@kaikukortti.fi" in footer
    assert "https://www.facebook.com/kaikukortti" in footer
    assert 'href="/en/privacy-statement/"' in footer
    assert 'href="/en/accessibility-statement/"' in footer
    assert 'href="/en/statistics/"' in footer
    assert 'href="/en/check-my-card/"' in footer
    assert 'href="/en/registry/"' in footer


def test_region_subsite_footer_shows_the_regions_own_contacts(client, national):
    from tests.regions.factories import (
        RegionCoordinatorFactory,
        RegionFactory,
        region_page,
        region_site,
        regions_index,
    )

    kainuu = RegionFactory(name_fi="Testikainuu")
    RegionCoordinatorFactory(region=kainuu, name="Kaisa Testinen", side="culture")
    RegionCoordinatorFactory(region=kainuu, name="Sanna Testinen", side="social")
    page = region_page(kainuu, parent=regions_index(national.root_page), languages=())
    site = region_site(page)
    body = client.get("/fi/", HTTP_HOST=site.hostname).content.decode()
    footer = body.split('<footer class="site-footer"')[1]
    assert f"Kaikukortti – {kainuu.name_fi}" in footer
    assert kainuu.coordinators.count() == 2
    for coordinator in kainuu.coordinators.all():
        assert coordinator.name in footer
    national = client.get("/fi/").content.decode().split('<footer class="site-footer"')[1]
    assert 'id="footer-region"' not in national


def test_menu_and_footer_links_to_an_untranslated_page_say_its_language(client, national):
    """Issue 16.2: in the English menu and footer, an alias keeps its Finnish source's title, so
    its link says lang="fi" (and a translated page's link says nothing)."""
    from django.core.cache import cache

    source = our_page(national, ContentPage, "poikkeukset-2026")
    alias = source.get_translation(source.locale.__class__.objects.get(language_code="en"))
    assert alias.get_parent().specific_class is HomePage
    Page.objects.filter(pk=alias.pk).update(show_in_menus=True)
    ContentPage.objects.filter(pk=alias.pk).update(show_in_footer=True)
    cache.clear()
    body = client.get("/en/").content.decode()
    link = f'<a href="{alias.get_url_parts()[2]}" lang="fi">{alias.title}</a>'
    assert body.count(link) == 2, body[body.find("main-nav") : body.find("main-nav") + 800]
    assert '<a href="/en/news/">News</a>' in body
