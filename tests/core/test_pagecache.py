"""HTTP caching (README: Caching): the Cache-Control each kind of page and visitor gets
(core/middleware.py), and the purge of the front cache after content changes (core/signals.py)."""

import threading
import time
from types import SimpleNamespace

from django.core.management import call_command
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import Locale, Site

import pytest

from core.context_processors import TEXT_SIZE_COOKIE
from core.middleware import PRIVATE, CacheControlMiddleware
from home.models import SiteSettings
from tests.accounts.factories import NationalEditorFactory
from tests.core.test_images import _make_image
from tests.home.factories import (
    AccessibilityStatementPageFactory,
    ContentPageFactory,
    NewsIndexPageFactory,
    SectionPageFactory,
    translate,
)
from tests.materials.factories import (
    CommitmentFactory,
    MaterialsPageFactory,
    OperatingModelVersionFactory,
)
from tests.partners.factories import VenuePageFactory
from tests.regions.factories import RegionFactory, RegionIndexPageFactory, region_page, region_site

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=0, s-maxage=86400"
LIVE = "public, max-age=0, s-maxage=300"  # live registry figures


def cache_control(response):
    return sorted(part.strip() for part in response.get("Cache-Control", "").split(","))


@pytest.fixture
def pages(site):
    """One page of each kind whose caching differs: the national site in four languages (the home
    pages show live figures), a section page in Swedish, the English news, the accessibility
    statement, a region's page with a venue and a subsite of its own, a materials page, and a
    page of content in Finnish and in Swedish."""
    home = site.root_page
    section = translate(SectionPageFactory(parent=home), "sv", title="Kaikukortet för mig?")
    news = translate(NewsIndexPageFactory(parent=home), "en", title="News")
    index = RegionIndexPageFactory(parent=home)
    region = region_page(RegionFactory(), parent=index, languages=())
    venue = VenuePageFactory(parent=region, category="museum")
    content = ContentPageFactory(parent=home)
    translate(content, "sv")
    paths = {  # on the national host (before the region's own site exists)
        "section-sv": section.relative_url(site),
        "news-en": news.relative_url(site),
        "statement": AccessibilityStatementPageFactory(parent=home).relative_url(site),
        "region": region.relative_url(site),
        "venue": venue.relative_url(site),
        "materials": MaterialsPageFactory(parent=home).relative_url(site),
        "finder-filtered": f"/fi/kohteet/?category=museum&region={region.region.slug}",
    }
    return SimpleNamespace(
        site=site, region_site=region_site(region), region=region, content=content, paths=paths
    )


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/fi/", LIVE),
        ("/sv/", LIVE),
        ("/fi-x-selko/", LIVE),
        ("section-sv", PUBLIC),
        ("news-en", PUBLIC),
        ("statement", PUBLIC),
        ("region", LIVE),  # issue 20: the card tickets left of its shows
        ("venue", LIVE),
        ("materials", PUBLIC),
        ("/fi/kohteet/", PUBLIC),
        ("finder-filtered", PUBLIC),
        ("/fi/search/", PUBLIC),
        ("/fi/statistics/", LIVE),
        ("/fi/ei-tallaista-sivua/", PUBLIC),  # a 404 is purged like the rest
    ],
)
def test_anonymous_public_pages_are_shared_until_purged(client, pages, path, expected):
    path = pages.paths.get(path, path)
    assert path.startswith("/"), path  # on the test client's host, the national site's
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert cache_control(response) == sorted(expected.split(", "))
    assert "cookie" not in response.get("Vary", "").lower()
    assert not response.cookies


def test_a_region_host_is_public_too(client, pages):
    response = client.get("/fi/", HTTP_HOST=pages.region_site.hostname)
    assert response.status_code == 200
    assert f"<h1>{pages.region.title}</h1>" in response.content.decode()
    assert cache_control(response) == sorted(LIVE.split(", "))  # its shows' tickets left


def test_the_text_size_changes_the_markup_not_the_policy(client, pages):
    client.cookies[TEXT_SIZE_COOKIE] = "large"
    response = client.get(pages.paths["region"])
    assert b'class="text-large"' in response.content
    assert cache_control(response) == sorted(LIVE.split(", "))  # as without the cookie


@pytest.mark.parametrize(
    "path",
    [
        "/",  # the language redirect reads Accept-Language and the language cookie
        "/text-size/?size=large&next=/fi/",
        "/admin/login/",
        "/api/registry/cards/123/",
        "/fi/kaikukanta/",
        "/sv/registry/",
        "/fi/check-my-card/",
        "/fi/search/?q=museo",  # free text: one copy per word would fill the cache
        "/fi/kohteet/?q=uimahalli",
        "/fi/kohteet/?utm_source=news",  # unknown parameter
        "/sitemap.xml",  # not a language-prefixed page: nothing promised
    ],
)
def test_private_and_unbounded_urls_are_never_shared(client, pages, path):
    response = client.get(path)
    assert response["Cache-Control"] == PRIVATE, response.status_code
    assert "Cookie" in response["Vary"]


def test_a_signed_in_visitor_gets_a_private_page(client, pages):
    client.force_login(NationalEditorFactory())
    for path in ("/fi/", pages.paths["region"], "/fi/kohteet/"):
        response = client.get(path)
        assert response["Cache-Control"] == PRIVATE, path
        assert "Cookie" in response["Vary"]


def test_a_draft_view_in_the_admin_is_private(admin_client, pages):
    page = pages.content
    page.title = "Luonnos"
    page.save_revision()
    response = admin_client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert "Luonnos" in response.content.decode()
    assert response["Cache-Control"] == PRIVATE


def test_a_post_is_private(client, pages):
    response = client.post("/fi/kohteet/", {})
    assert response["Cache-Control"] == PRIVATE


def _through_middleware(view, path="/fi/sivu/"):
    return CacheControlMiddleware(view)(RequestFactory().get(path))


def test_a_page_with_a_csrf_token_is_private():
    def form(request):
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    assert _through_middleware(form)["Cache-Control"] == PRIVATE
    assert "public" in _through_middleware(lambda r: HttpResponse("ok"))["Cache-Control"]


def test_a_response_that_sets_a_cookie_is_private():
    def remembers(request):
        response = HttpResponse("ok")
        response.set_cookie("anything", "1")
        return response

    assert _through_middleware(remembers)["Cache-Control"] == PRIVATE


def test_a_server_error_is_not_shared():
    assert _through_middleware(lambda r: HttpResponse(status=500))["Cache-Control"] == PRIVATE


# --- Purge -----------------------------------------------------------------------------------


class RecordingBackend(BaseBackend):
    """A front cache that notes the URLs it was asked to purge."""

    purged: list[str] = []

    def purge(self, url):
        RecordingBackend.purged.append(url)


@pytest.fixture
def purged(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "recording": {"BACKEND": f"{__name__}.RecordingBackend"},
    }
    settings.CACHE_PURGE_REPEAT_SECONDS = 60  # the repeat's own test shortens it
    RecordingBackend.purged = []
    yield RecordingBackend.purged
    for thread in threading.enumerate():
        if isinstance(thread, threading.Timer):
            thread.cancel()


def every_site_root():
    return sorted(f"{site.root_url}/" for site in Site.objects.all())


def test_a_publish_purges_every_site_root_once_after_the_commit(
    pages, purged, django_capture_on_commit_callbacks
):
    page = pages.content
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Uusi otsikko"
        page.save_revision().publish()
        assert purged == []  # nothing before the commit
    assert sorted(purged) == every_site_root()
    assert f"{pages.site.root_url}/" in purged and f"{pages.region_site.root_url}/" in purged


def test_a_draft_or_a_revision_purges_nothing(pages, purged, django_capture_on_commit_callbacks):
    page = pages.content
    editor = NationalEditorFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page.title = "Luonnos"
        page.save_revision()
        page.save_revision(user=editor)
    assert purged == []
    assert callbacks == []


@pytest.mark.parametrize(
    "change",
    [
        lambda pages: pages.region.region.save(),
        lambda pages: SiteSettings.for_site(pages.site).save(),
        lambda pages: _make_image(40, 30),
        lambda pages: pages.content.unpublish(),
        lambda pages: pages.content.get_translation(
            Locale.objects.get(language_code="sv")
        ).delete(),
    ],
    ids=["region", "site-setting", "image", "unpublish", "delete"],
)
def test_content_that_pages_show_purges(pages, purged, django_capture_on_commit_callbacks, change):
    with django_capture_on_commit_callbacks(execute=True):
        change(pages)
    assert sorted(purged) == every_site_root()


def test_a_commitment_purges_nothing(pages, purged, django_capture_on_commit_callbacks):
    """A partner's commitment is a form answer, not content."""
    # Built (its municipality and the operating model version saved) and saved in the commit.
    commitment = CommitmentFactory.build(
        region=pages.region.region, operating_model_version=OperatingModelVersionFactory()
    )
    with django_capture_on_commit_callbacks(execute=True):
        commitment.save()
    assert purged == []


def test_the_purge_is_repeated_later(pages, purged, settings, django_capture_on_commit_callbacks):
    settings.CACHE_PURGE_REPEAT_SECONDS = 0.05
    with django_capture_on_commit_callbacks(execute=True):
        pages.region.region.save()
    deadline = time.monotonic() + 5
    while len(purged) < 2 * len(every_site_root()) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sorted(purged) == sorted(every_site_root() * 2)


def test_purge_cache_command_purges_every_site(pages, purged):
    call_command("purge_cache", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(purged) == every_site_root()
