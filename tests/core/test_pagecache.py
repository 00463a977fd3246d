"""The full-page cache (core/pagecache.py): per language, purged on publish, never private."""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from core import pagecache
from core.context_processors import TEXT_SIZE_COOKIE
from home.models import ContentPage, HomePage

pytestmark = pytest.mark.django_db

HIT, MISS = "hit", "miss"


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()


def state(response):
    return response.get(pagecache.HEADER)


def test_second_anonymous_request_is_served_from_the_cache_without_queries(client):
    first = client.get("/fi/")
    assert first.status_code == 200 and state(first) == MISS
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/fi/")
    assert state(second) == HIT
    assert len(queries) == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_languages_are_cached_separately(client):
    fi, sv = client.get("/fi/"), client.get("/sv/")
    assert state(fi) == MISS and state(sv) == MISS
    assert b'lang="sv"' in client.get("/sv/").content
    assert b'lang="fi"' in client.get("/fi/").content


def test_publishing_purges_every_cached_page(client):
    page = ContentPage.objects.live().filter(locale__language_code="fi").first()
    url = page.url
    client.get(url)
    client.get("/fi/")  # the menu and other pages may show the title too
    assert state(client.get(url)) == HIT

    page.title = "Uusi otsikko julkaistu"
    page.save_revision().publish()

    fresh = client.get(url)
    assert state(fresh) == MISS
    assert "Uusi otsikko julkaistu" in fresh.content.decode()
    assert state(client.get("/fi/")) == MISS


def test_a_draft_never_reaches_the_cache_or_the_visitor(client):
    page = ContentPage.objects.live().filter(locale__language_code="fi").first()
    client.get(page.url)
    page.title = "Luonnos jota ei julkaistu"
    page.save_revision()  # saved, not published
    for _ in range(2):
        body = client.get(page.url).content.decode()
        assert "Luonnos jota ei julkaistu" not in body


def test_a_page_made_private_is_no_longer_served_from_the_cache(client):
    """Wagtail's privacy setting (a view restriction) saves no page: it must purge by itself."""
    from wagtail.models import PageViewRestriction

    page = ContentPage.objects.live().filter(locale__language_code="fi").first()
    client.get(page.url)
    assert state(client.get(page.url)) == HIT
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    private = client.get(page.url)
    assert private.status_code == 302 and "login" in private["Location"]
    assert state(private) is None
    restriction.delete()
    assert client.get(page.url).status_code == 200


def test_signed_in_responses_are_never_cached_nor_served_from_the_cache(client):
    user = get_user_model().objects.create_user("pagecache-reader", password="x-pass-12345")
    client.get("/fi/")  # an anonymous copy is in the cache
    client.force_login(user)
    response = client.get("/fi/")
    assert state(response) is None
    assert "no-store" in response["Cache-Control"]
    anonymous = Client()
    assert state(anonymous.get("/fi/")) == HIT


@pytest.mark.parametrize(
    "path",
    [
        "/fi/search/?q=museo",  # free text: not cached
        "/fi/kohteet/?q=uimahalli",  # free text in the finder
        "/fi/kohteet/?utm_source=news",  # unknown parameter: could flood the cache
        "/fi/registry/",  # registry: private
        "/fi/check-my-card/",  # a form with a CSRF token
    ],
)
def test_private_or_unbounded_urls_are_not_cached(client, path):
    client.get(path)
    assert state(client.get(path)) is None


def test_finder_filters_are_cached_per_filter(client):
    a = "/fi/kohteet/?category=museum"
    b = "/fi/kohteet/?category=theatre"
    assert state(client.get(a)) == MISS
    assert state(client.get(b)) == MISS
    assert state(client.get(a)) == HIT
    assert client.get(a).content != client.get(b).content


def test_text_size_is_part_of_the_key(client):
    client.get("/fi/")
    client.cookies[TEXT_SIZE_COOKIE] = "large"
    large = client.get("/fi/")
    assert state(large) == MISS
    assert b'class="text-large"' in large.content


def test_a_visitor_with_a_session_is_not_served_someone_elses_page(client):
    client.get("/fi/")
    client.cookies["sessionid"] = "whatever"
    assert state(client.get("/fi/")) is None


def test_a_page_rendered_before_a_publish_is_not_served_after_it(rf):
    """The race: a request notes the generation, a publish commits meanwhile, the request then
    stores what it rendered from the old data. That entry must never be served."""
    calls = []

    def slow_view(request):
        calls.append(request)
        if len(calls) == 1:
            pagecache.new_generation()  # a publish lands while this request renders
        from django.http import HttpResponse

        return HttpResponse(f"render {len(calls)}")

    middleware = pagecache.PageCacheMiddleware(slow_view)
    first = middleware(rf.get("/fi/race/"))
    assert first.content == b"render 1"
    second = middleware(rf.get("/fi/race/"))
    assert second.content == b"render 2"  # the stale render was not served
    assert state(second) == MISS
    assert middleware(rf.get("/fi/race/")).content == b"render 2"


def test_home_page_with_live_figures_has_a_short_lifetime(client, monkeypatch):
    stored = {}
    real_set = cache.set

    def spy(key, value, timeout=None, **kwargs):
        stored[key] = timeout
        return real_set(key, value, timeout, **kwargs)

    monkeypatch.setattr(cache, "set", spy)
    client.get("/fi/")
    page_timeouts = [t for k, t in stored.items() if k.startswith("kaiku:page:")]
    assert page_timeouts == [pagecache.LIVE_FIGURES_TTL]


def test_menu_fragment_follows_publishing(client, settings):
    """Fragments (Wagtail's cache tags) share the generation: a new menu page shows at once."""
    settings.PAGE_CACHE_ENABLED = False  # look at the render, fragments cached
    home = HomePage.objects.get(locale__language_code="fi", depth=2)
    client.get("/fi/")
    page = ContentPage(title="Uusi valikkosivu", slug="uusi-valikkosivu", show_in_menus=True)
    home.add_child(instance=page)
    page.save_revision().publish()
    assert "Uusi valikkosivu" in client.get("/fi/").content.decode()
