"""Public pages render with a fixed, small number of SQL queries (guards against N+1)."""

from django.core.cache import cache

import pytest

from home.models import NewsIndexPage, NewsPage

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

MAX_QUERIES = 10  # issue 18: every public page renders with at most 10 queries


PUBLIC_PAGES = [
    "/fi/",
    "/sv/kaikukortet-for-mig/",
    "/en/news/",
    "/fi-x-selko/",
    "/fi/saavutettavuusseloste/",
    "/fi/search/?q=kortti",
    "/fi/alueet/kainuu/",  # region home
    "/fi/alueet/kainuu/kajaanin-uimahalli/",  # venue page
    "/fi/materiaalit-kortinjakajille/",  # materials page
    "/fi/kohteet/",  # finder
    "/fi/kohteet/?category=swimming_hall&region=kainuu",
    "/fi/statistics/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_query_budget(client, django_assert_max_num_queries, path):
    """What Varnish asks the app for: an uncached render, after one render has warmed the
    per-process caches (site root paths, content types)."""
    cache.clear()
    client.get(path)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(path).status_code == 200


def test_news_index_queries_do_not_grow_with_news(client, django_assert_num_queries):
    index = NewsIndexPage.objects.get(locale__language_code="fi")
    client.get(index.url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(index.url)
    for n in range(8):
        item = NewsPage(title=f"Uutinen {n}", slug=f"uutinen-{n}", intro="<p>Teksti.</p>")
        index.add_child(instance=item)
        item.save_revision().publish()
    client.get(index.url)
    with CaptureQueriesContext(connection) as many:
        client.get(index.url)
    assert len(many) == len(few)
