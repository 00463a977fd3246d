"""Public pages render with a fixed, small number of SQL queries (guards against N+1).

The site is built here with more than one of everything a page lists (menu pages, news, venues
with caps, distributors, coordinators, municipalities, materials, regions with cards and uses), so
a query made once per listed item would show in the count."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from home.models import NewsPage
from regions.models import RegionCoordinator
from tests.home.factories import (
    AccessibilityStatementPageFactory,
    ContentPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    SectionPageFactory,
    national_site,
    translate,
)
from tests.materials.factories import MaterialsPageFactory, MaterialVersionFactory
from tests.partners.factories import DistributorPageFactory, VenuePageFactory
from tests.regions.factories import (
    MunicipalityFactory,
    RegionCoordinatorFactory,
    RegionFactory,
    RegionNewsPageFactory,
    region_page,
    region_site,
    regions_index,
)
from tests.registry.factories import CardFactory, UseFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10  # issue 18: every public page renders with at most 10 queries

THREE = range(3)


def section(home, slug, sv, en):
    """A section page in the menu, in Finnish, Swedish and English (`sv`, `en`: title, slug)."""
    page = SectionPageFactory(parent=home, slug=slug, show_in_menus=True)
    for code, (title, translated_slug) in (("sv", sv), ("en", en)):
        translate(page, code, title=title, slug=translated_slug)
    return page


@pytest.fixture
def paths():
    """The national site in four languages with three section pages in its menu, news in three
    languages, the accessibility statement, a content page, a materials page with three materials;
    two regions, the first with its page, three municipalities, a coordinator of each side, three
    venues with two caps each (one a swimming hall), two distributors and a coming one, two news
    items and a subsite; cards used in both regions. {name: the page's path on the national host}."""
    site = national_site()
    home = site.root_page
    section(
        home,
        "kaikukortti-minulle",
        ("Kaikukortet för mig", "kaikukortet-for-mig"),
        ("Kaikukortti for me", "kaikukortti-for-me"),
    )
    section(
        home,
        "kortinjakajille",
        ("För kortdistributörer", "for-kortdistributorer"),
        ("For distributors", "for-distributors"),
    )
    section(home, "kohteille", ("För kulturaktörer", "for-kulturaktorer"), ("For venues", "venues"))
    news = NewsIndexPageFactory(parent=home, slug="uutiset", show_in_menus=True)
    translate(news, "sv", title="Nyheter", slug="nyheter")
    translate(news, "en", title="News", slug="news")
    for n in THREE:
        item = NewsPageFactory(parent=news, title=f"Kortti uutisissa {n}")
        translate(item, "sv", title=f"Nyhet {n}", slug=f"nyhet-{n}")
        translate(item, "en", title=f"News item {n}", slug=f"news-item-{n}")
    statement = AccessibilityStatementPageFactory(parent=home, slug="saavutettavuusseloste")
    ContentPageFactory(parent=home, title="Kortin käyttö")
    materials = MaterialsPageFactory(parent=home, slug="materiaalit-kortinjakajille")
    for _ in THREE:
        MaterialVersionFactory(material__audience="distributors", formats=("pdf", "docx"))

    region, other = RegionFactory(), RegionFactory()
    page = region_page(region, parent=regions_index(home))
    towns = [MunicipalityFactory(region=region) for _ in THREE]
    for side in RegionCoordinator.Side.values:
        RegionCoordinatorFactory(region=region, side=side)
    venues = [
        VenuePageFactory(
            parent=page,
            municipality=towns[n],
            category=category,
            caps=[("show", 400, 20), ("visiting_producer", 400, 2)],
            children_tickets=True,
            aliases=True,
        )
        for n, category in enumerate(("swimming_hall", "theatre", "museum"))
    ]
    for n in THREE:
        DistributorPageFactory(parent=page, municipality=towns[n])
    DistributorPageFactory(parent=page, start_date=f"{venues[0].joined_on.year + 100}-01-01")
    for n in range(2):
        RegionNewsPageFactory(parent=page, title=f"Alueen uutinen {n}")
    for card_region in (region, other):
        for card in CardFactory.create_batch(2, region=card_region, issued_by__region=card_region):
            UseFactory(card=card)
    paths = {
        "news-en": "/en/news/",
        "section-sv": "/sv/kaikukortet-for-mig/",
        "statement": statement.relative_url(site),
        "region": page.relative_url(site),
        "venue": venues[0].relative_url(site),
        "materials": materials.relative_url(site),
        "finder-filtered": f"/fi/kohteet/?category=swimming_hall&region={region.slug}",
    }
    region_site(page)  # after the paths: with it, Wagtail names the region by its own host
    return paths


PUBLIC_PAGES = [
    "/fi/",
    "section-sv",
    "news-en",
    "/fi-x-selko/",
    "statement",
    "/fi/search/?q=kortti",
    "region",  # region home
    "venue",  # venue page
    "materials",  # materials page
    "/fi/kohteet/",  # finder
    "finder-filtered",
    "/fi/statistics/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_query_budget(client, django_assert_max_num_queries, paths, path):
    """What Varnish asks the app for: an uncached render, after one render has warmed the
    per-process caches (site root paths, content types)."""
    path = paths.get(path, path)
    assert path.startswith("/"), path
    cache.clear()
    client.get(path)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(path).status_code == 200


def test_news_index_queries_do_not_grow_with_news(client):
    index = NewsIndexPageFactory(parent=national_site().root_page)
    NewsPageFactory(parent=index)
    client.get(index.url)
    with CaptureQueriesContext(connection) as few:
        client.get(index.url)
    for n in range(8):
        NewsPageFactory(parent=index, title=f"Uutinen {n}")
    assert NewsPage.objects.child_of(index).count() == 9
    client.get(index.url)
    with CaptureQueriesContext(connection) as many:
        client.get(index.url)
    assert len(many) == len(few)
