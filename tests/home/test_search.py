"""Site search: limited to the active language; stems per language on PostgreSQL."""

from django.db import connection

import pytest

from tests.home.factories import ContentPageFactory, national_site, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return national_site().root_page


def _add_page(parent, title, slug):
    return ContentPageFactory(
        parent=parent, title=title, slug=slug, intro="<p>Avoinna joka päivä.</p>"
    )


def test_search_finds_pages_in_the_active_language_only(client, home):
    # The same word on a Finnish page and on its Swedish translation: only the latter is found.
    page = _add_page(home, "Kaikukortet i Kajana", "kaikukortet-haku")
    translate(page, "sv", title="Kaikukortet i Kajana")
    response = client.get("/sv/search/", {"q": "Kaikukortet"})
    assert response.status_code == 200
    results = list(response.context["results"])
    assert results
    assert {page.locale.language_code for page in results} == {"sv"}


def test_search_without_query_or_with_a_huge_one_is_calm(client):
    assert client.get("/fi/search/").status_code == 200
    assert client.get("/fi/search/", {"q": "x" * 5000, "page": "zz"}).status_code == 200


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming needs PostgreSQL full-text search"
)
def test_finnish_stemming_finds_an_inflected_word(client, home):
    _add_page(home, "Museo", "museo-haku")
    results = list(client.get("/fi/search/", {"q": "museoihin"}).context["results"])
    assert "Museo" in [page.title for page in results]


def test_search_matches_the_title(client, home):
    _add_page(home, "Uimahallit", "uimahallit-haku")
    results = list(client.get("/fi/search/", {"q": "Uimahallit"}).context["results"])
    assert "Uimahallit" in [page.title for page in results]


def test_pagination_links_keep_the_query_url_encoded(client, home):
    for n in range(12):
        _add_page(home, f"Kaikutesti sivu {n}", f"kaikutesti-{n}")
    response = client.get("/fi/search/", {"q": "Kaikutesti sivu"})
    assert response.context["count"] > 10
    assert 'href="?q=Kaikutesti+sivu&amp;page=2"' in response.content.decode()
    # Characters that would end or split the query in a link are encoded.
    response = client.get("/fi/search/", {"q": "a&page=9 #x"})
    assert response.context["query_string"] == "q=a%26page%3D9+%23x"
