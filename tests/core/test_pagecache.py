"""HTTP caching (README: Caching): the Cache-Control each kind of page and visitor gets
(core/middleware.py), and the purge of the front cache after content changes (core/signals.py)."""

import threading
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import Site

import pytest

from core.context_processors import TEXT_SIZE_COOKIE
from core.middleware import PRIVATE, CacheControlMiddleware
from home.models import ContentPage, SiteSettings
from regions.models import Region
from tests.core.test_images import _make_image

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

PUBLIC = "public, max-age=0, s-maxage=86400"
LIVE = "public, max-age=0, s-maxage=300"  # live registry figures


def cache_control(response):
    return sorted(part.strip() for part in response.get("Cache-Control", "").split(","))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/fi/", LIVE),
        ("/sv/", LIVE),
        ("/fi-x-selko/", LIVE),
        ("/sv/kaikukortet-for-mig/", PUBLIC),
        ("/en/news/", PUBLIC),
        ("/fi/saavutettavuusseloste/", PUBLIC),
        ("/fi/alueet/kainuu/", PUBLIC),
        ("/fi/alueet/kainuu/kajaanin-uimahalli/", PUBLIC),
        ("/fi/materiaalit-kortinjakajille/", PUBLIC),
        ("/fi/kohteet/", PUBLIC),
        ("/fi/kohteet/?category=museum&region=kainuu", PUBLIC),
        ("/fi/search/", PUBLIC),
        ("/fi/statistics/", LIVE),
        ("/fi/ei-tallaista-sivua/", PUBLIC),  # a 404 is purged like the rest
    ],
)
def test_anonymous_public_pages_are_shared_until_purged(client, path, expected):
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert cache_control(response) == sorted(expected.split(", "))
    assert "cookie" not in response.get("Vary", "").lower()
    assert not response.cookies


def test_a_region_host_is_public_too(client):
    response = client.get("/fi/", HTTP_HOST="kainuu.localhost")
    assert response.status_code == 200
    assert "<h1>Kainuu</h1>" in response.content.decode()
    assert cache_control(response) == sorted(PUBLIC.split(", "))


def test_the_text_size_changes_the_markup_not_the_policy(client):
    client.cookies[TEXT_SIZE_COOKIE] = "large"
    response = client.get("/fi/alueet/kainuu/")
    assert b'class="text-large"' in response.content
    assert cache_control(response) == sorted(PUBLIC.split(", "))


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
def test_private_and_unbounded_urls_are_never_shared(client, path):
    response = client.get(path)
    assert response["Cache-Control"] == PRIVATE, response.status_code
    assert "Cookie" in response["Vary"]


def test_a_signed_in_visitor_gets_a_private_page(client):
    client.force_login(get_user_model().objects.get(username="toimittaja"))
    for path in ("/fi/", "/fi/alueet/kainuu/", "/fi/kohteet/"):
        response = client.get(path)
        assert response["Cache-Control"] == PRIVATE, path
        assert "Cookie" in response["Vary"]


def test_a_draft_view_in_the_admin_is_private(admin_client):
    page = ContentPage.objects.live().filter(locale__language_code="fi").first()
    page.title = "Luonnos"
    page.save_revision()
    response = admin_client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert "Luonnos" in response.content.decode()
    assert response["Cache-Control"] == PRIVATE


def test_a_post_is_private(client):
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
    purged, django_capture_on_commit_callbacks
):
    page = ContentPage.objects.live().filter(locale__language_code="fi").first()
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Uusi otsikko"
        page.save_revision().publish()
        assert purged == []  # nothing before the commit
    assert sorted(purged) == every_site_root()
    assert "http://localhost/" in purged and "http://kainuu.localhost/" in purged


def test_a_draft_or_a_revision_purges_nothing(purged, django_capture_on_commit_callbacks):
    page = ContentPage.objects.live().filter(locale__language_code="fi").first()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page.title = "Luonnos"
        page.save_revision()
        page.save_revision(user=get_user_model().objects.get(username="toimittaja"))
    assert purged == []
    assert callbacks == []


@pytest.mark.parametrize(
    "change",
    [
        lambda: Region.objects.get(slug="kainuu").save(),
        lambda: SiteSettings.for_site(Site.objects.get(is_default_site=True)).save(),
        lambda: _make_image(40, 30),
        lambda: ContentPage.objects.live().filter(locale__language_code="fi").first().unpublish(),
        lambda: ContentPage.objects.live().filter(locale__language_code="sv").first().delete(),
    ],
    ids=["region", "site-setting", "image", "unpublish", "delete"],
)
def test_content_that_pages_show_purges(purged, django_capture_on_commit_callbacks, change):
    with django_capture_on_commit_callbacks(execute=True):
        change()
    assert sorted(purged) == every_site_root()


def test_a_commitment_purges_nothing(purged, django_capture_on_commit_callbacks):
    """A partner's commitment is a form answer, not content (tests/materials: make_commitment)."""
    from tests.materials.test_commitments import make_commitment

    with django_capture_on_commit_callbacks(execute=True):
        make_commitment(Region.objects.get(slug="kainuu"))
    assert purged == []


def test_the_purge_is_repeated_later(purged, settings, django_capture_on_commit_callbacks):
    settings.CACHE_PURGE_REPEAT_SECONDS = 0.05
    with django_capture_on_commit_callbacks(execute=True):
        Region.objects.get(slug="kainuu").save()
    deadline = time.monotonic() + 5
    while len(purged) < 2 * len(every_site_root()) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sorted(purged) == sorted(every_site_root() * 2)


def test_purge_cache_command_purges_every_site(purged):
    call_command("purge_cache", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(purged) == every_site_root()
