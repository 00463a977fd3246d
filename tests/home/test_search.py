"""Site search: limited to the active language; stems per language on PostgreSQL."""

from django.db import connection

import pytest

from home.models import ContentPage

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def _add_page(parent, title, slug):
    page = ContentPage(title=title, slug=slug, intro="<p>Avoinna joka päivä.</p>")
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_search_finds_pages_in_the_active_language_only(client, home_fi):
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
def test_finnish_stemming_finds_an_inflected_word(client, home_fi):
    _add_page(home_fi, "Museo", "museo-haku")
    results = list(client.get("/fi/search/", {"q": "museoihin"}).context["results"])
    assert "Museo" in [page.title for page in results]


def test_search_matches_the_title(client, home_fi):
    _add_page(home_fi, "Uimahallit", "uimahallit-haku")
    results = list(client.get("/fi/search/", {"q": "Uimahallit"}).context["results"])
    assert "Uimahallit" in [page.title for page in results]


def test_pagination_links_keep_the_query_url_encoded(client, home_fi):
    for n in range(12):
        _add_page(home_fi, f"Kaikutesti sivu {n}", f"kaikutesti-{n}")
    response = client.get("/fi/search/", {"q": "Kaikutesti sivu"})
    assert response.context["count"] > 10
    assert 'href="?q=Kaikutesti+sivu&amp;page=2"' in response.content.decode()
    # Characters that would end or split the query in a link are encoded.
    response = client.get("/fi/search/", {"q": "a&page=9 #x"})
    assert response.context["query_string"] == "q=a%26page%3D9+%23x"
