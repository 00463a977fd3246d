"""The national site's pages in four languages: lang attributes, switcher, alternates, errors."""

import re

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
)

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

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


def test_untranslated_page_falls_back_with_the_source_language(client):
    """The exceptions page exists only in fi and sv: in English it is an alias showing Finnish text."""
    source = ContentPage.objects.get(slug="poikkeukset-2026", locale__language_code="fi")
    alias = source.get_translation(source.locale.__class__.objects.get(language_code="en"))
    assert alias.alias_of_id == source.pk
    response = client.get(alias.url)
    assert response.status_code == 200
    assert html_lang(response) == "fi"
    body = response.content.decode()
    # The interface around the content stays English and says so.
    assert '<header class="site-header" lang="en">' in body
    assert "Poikkeukset toimintamalliin 2026" in body


def test_language_switcher_leads_to_the_same_page_in_another_language(client):
    sv_page = SectionPage.objects.get(slug="kaikukortet-for-mig")
    body = client.get(sv_page.url).content.decode()
    assert 'href="/fi/kaikukortti-minulle/" lang="fi" hreflang="fi"' in body
    assert 'href="/en/kaikukortti-for-me/" lang="en" hreflang="en"' in body
    assert 'href="/fi-x-selko/kaikukortti-minulle/" lang="fi" hreflang="fi-x-selko"' in body
    assert 'aria-current="true">Svenska<' in body


def test_language_switcher_leads_to_an_untranslated_page_shown_in_its_source_language(client):
    source = ContentPage.objects.get(slug="poikkeukset-2026", locale__language_code="fi")
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
def test_every_page_type_renders_in_every_language(client, model):
    pages = model.objects.live().filter(alias_of__isnull=True)
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


def test_demo_loader_runs_twice_without_duplicates(db):
    from django.core.management import call_command

    before = Page.objects.count()
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Page.objects.count() == before


def test_region_subsite_footer_shows_the_regions_own_contacts(client):
    from regions.models import Region

    kainuu = Region.objects.get(slug="kainuu")
    body = client.get("/fi/", HTTP_HOST="kainuu.localhost").content.decode()
    footer = body.split('<footer class="site-footer"')[1]
    assert "Kaikukortti – Kainuu" in footer
    for coordinator in kainuu.coordinators.all():
        assert coordinator.name in footer
    national = client.get("/fi/").content.decode().split('<footer class="site-footer"')[1]
    assert 'id="footer-region"' not in national


def test_menu_and_footer_links_to_an_untranslated_page_say_its_language(client):
    """Issue 16.2: in the English menu and footer, an alias keeps its Finnish source's title, so
    its link says lang="fi" (and a translated page's link says nothing)."""
    from django.core.cache import cache

    source = ContentPage.objects.get(slug="poikkeukset-2026", locale__language_code="fi")
    alias = source.get_translation(source.locale.__class__.objects.get(language_code="en"))
    assert alias.get_parent().specific_class is HomePage
    Page.objects.filter(pk=alias.pk).update(show_in_menus=True)
    ContentPage.objects.filter(pk=alias.pk).update(show_in_footer=True)
    cache.clear()
    body = client.get("/en/").content.decode()
    link = f'<a href="{alias.get_url_parts()[2]}" lang="fi">{alias.title}</a>'
    assert body.count(link) == 2, body[body.find("main-nav") : body.find("main-nav") + 800]
    assert '<a href="/en/news/">News</a>' in body
