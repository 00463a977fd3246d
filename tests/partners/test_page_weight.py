"""Page weight of the finder: under 100 KB transferred with everything it loads, no JavaScript framework.

The finder's page and every same-origin resource it references (stylesheets and what they load,
scripts, icons, images of every srcset) are fetched through the real middleware stack (WhiteNoise
serves the static files) and counted gzip-compressed, as WhiteNoise or nginx would send them.
"""

import gzip
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.test import Client

from wagtail.models import Locale

import pytest

from partners import views
from tests.home.factories import national_site
from tests.partners.factories import VenuePageFactory
from tests.regions.factories import MunicipalityFactory, RegionFactory, region_page, regions_index

pytestmark = pytest.mark.django_db

# As many regions and municipalities as Finland has: the finder's form lists them all.
REGIONS, MUNICIPALITIES = 22, 308
VENUES = 45  # in one region: more than two pages of the finder


@pytest.fixture
def region():
    """The national site with the regions index; every region and municipality of the country
    (the finder's choices), one region's page with `VENUES` venues, shown in every language (as
    aliases, as when made in the admin), each with two caps, its ticket channels and children's
    tickets: museums, theatres and swimming halls with step-free access. Returns the region."""
    index = regions_index(national_site().root_page)
    regions = [RegionFactory(name_sv=f"Testregion {n}") for n in range(REGIONS)]
    towns = [
        MunicipalityFactory(region=regions[n % REGIONS], name_sv=f"Testkommun {n}")
        for n in range(MUNICIPALITIES)
    ]
    page = region_page(regions[0], parent=index)
    own_towns = towns[::REGIONS]
    categories = ("museum", "theatre", "swimming_hall")
    for n in range(VENUES):
        VenuePageFactory(
            parent=page,
            title=f"Testikaupungin kulttuurikohde {n:02}",
            municipality=own_towns[n % len(own_towns)],
            category=categories[n % 3],
            caps=[("show", 400, 20), ("visiting_producer", 400, 2)],
            box_office=True,
            ticket_phone="040 123 4567",
            children_tickets=True,
            step_free_access=True,
            hearing_loop=True,
            aliases=True,
        )
    return regions[0]


@pytest.fixture(autouse=True)
def _no_cached_pages():
    """Every response is rendered by this test's code and settings, not served from an earlier one."""
    cache.clear()


BUDGET_BYTES = 100_000  # everything the finder loads, compressed
SCRIPT_BUDGET_BYTES = 20_000  # our own scripts together, uncompressed
# A framework or library would show in a file name; none of these may load on the finder.
FRAMEWORKS = re.compile(
    r"react|vue|angular|svelte|jquery|htmx|alpine|stimulus|bootstrap|tailwind|lodash|preact|ember",
    re.IGNORECASE,
)
FINDER_URLS = [
    "/fi/kohteet/",
    "/fi/kohteet/?region={region}",
    "/fi/kohteet/?category=swimming_hall&region={region}&accessibility=step_free_access&children=on",
    "/fi/kohteet/?q=museo",
    "/sv/kohteet/?region={region}&page=2",
]


class _Resources(HTMLParser):
    """The URLs a browser would load while showing the page (not links to other pages)."""

    def __init__(self):
        super().__init__()
        self.urls = []  # (kind, url)
        self.cards = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href"):
            rel = set((attrs.get("rel") or "").lower().split())
            if rel & {"stylesheet", "icon", "preload", "modulepreload", "manifest"}:
                self.urls.append(("script" if "modulepreload" in rel else "link", attrs["href"]))
        elif tag == "script" and attrs.get("src"):
            self.urls.append(("script", attrs["src"]))
        elif tag in ("img", "source", "input", "video", "audio", "iframe", "embed"):
            for name in ("src", "poster", "data"):
                if attrs.get(name):
                    self.urls.append((tag, attrs[name]))
            for candidate in (attrs.get("srcset") or "").split(","):
                if candidate.strip():
                    self.urls.append((tag, candidate.split()[0]))
        elif tag == "object" and attrs.get("data"):
            self.urls.append((tag, attrs["data"]))
        if tag == "li" and "venue-card" in (attrs.get("class") or ""):
            self.cards += 1


def _css_urls(css):
    return [u.strip("'\"") for u in re.findall(r"url\(\s*([^)]+?)\s*\)", css)] + re.findall(
        r"@import\s+[\"']([^\"']+)[\"']", css
    )


def _fetch(client, path):
    """The body of a same-origin resource: media from the storage (nginx or S3 serves it in
    production), everything else through the site itself."""
    if path.startswith(settings.MEDIA_URL):
        with default_storage.open(path.removeprefix(settings.MEDIA_URL).split("?")[0]) as f:
            return f.read()
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return b"".join(response.streaming_content) if response.streaming else response.content


def _weigh(client, url):
    """Fetch `url` and everything it loads; return (transferred bytes by URL, script URLs, cards)."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content
    parser = _Resources()
    parser.feed(page.decode())
    assert "<script" not in page.decode() or all(
        "src=" in tag for tag in re.findall(r"<script\b[^>]*>", page.decode())
    ), "inline script on the finder"

    weights = {url: len(gzip.compress(page, compresslevel=6))}
    scripts = []
    queue = [(kind, urljoin(url, ref)) for kind, ref in parser.urls]
    while queue:
        kind, ref = queue.pop()
        if ref.startswith("data:"):
            continue
        parts = urlsplit(ref)
        # Everything the finder loads comes from its own origin: no CDN, no third-party font.
        assert not parts.netloc and parts.scheme in ("", "http", "https"), ref
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path in weights:
            continue
        body = _fetch(client, path)
        weights[path] = len(gzip.compress(body, compresslevel=6))
        if kind == "script" or path.endswith((".js", ".mjs")):
            scripts.append((path, len(body)))
        if path.endswith(".css"):
            queue.extend(("css", urljoin(path, u)) for u in _css_urls(body.decode()))
    return weights, scripts, parser.cards


@pytest.fixture
def browser_like_client(settings):
    """A client whose WhiteNoise serves the static files from the source folders (no collectstatic)."""
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    return Client()


@pytest.mark.parametrize("url", FINDER_URLS)
def test_finder_with_everything_it_loads_is_under_100_kb_and_has_no_framework(
    browser_like_client, region, url
):
    url = url.format(region=region.slug)
    weights, scripts, cards = _weigh(browser_like_client, url)
    # The stylesheet really was fetched and counted (the test sees what the browser loads).
    assert any(path.startswith(settings.STATIC_URL) and path.endswith(".css") for path in weights)
    total = sum(weights.values())
    assert total < BUDGET_BYTES, f"{url}: {total} bytes: {weights}"
    assert 0 < cards <= views.PER_PAGE
    for path, _size in scripts:
        assert not FRAMEWORKS.search(path), path
    assert sum(size for _path, size in scripts) < SCRIPT_BUDGET_BYTES, scripts


def test_the_finder_shows_one_page_of_venues_and_a_short_page_list_however_many_there_are(
    browser_like_client, region, monkeypatch
):
    """With one venue a page, every venue is a page of its own: the page list still stays short
    (first, last, the current one and two on each side), so 1 000 venues cost what 20 do."""
    venues = views.search_venues({}, locale=Locale.objects.get(language_code="fi")).count()
    assert venues == VENUES
    monkeypatch.setattr(views, "PER_PAGE", 1)
    middle = venues // 2
    html = browser_like_client.get(f"/fi/kohteet/?region=&page={middle}").content.decode()
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.DOTALL).group(0)
    numbers = [int(n) for n in re.findall(r"page=(\d+)\"(?: aria-current=\"page\")?>", nav)]
    assert numbers == [1, middle - 2, middle - 1, middle, middle + 1, middle + 2, venues]
    assert nav.count("…") == 2
    assert 'aria-current="page"' in nav and f'page={middle}" aria-current' in nav
    # Previous and next keep the filters.
    assert f'region=&amp;page={middle - 1}" rel="prev"' not in nav  # an empty filter is dropped
    assert f'href="?page={middle - 1}" rel="prev"' in nav
    assert f'href="?page={middle + 1}" rel="next"' in nav
    assert html.count('class="card venue-card"') == 1


def test_page_links_keep_the_filters(browser_like_client, region, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 2)
    url = f"/fi/kohteet/?region={region.slug}&children=on&page=3"
    html = browser_like_client.get(url).content.decode()
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.DOTALL).group(0)
    links = re.findall(r'href="\?([^"]+)"', nav)
    assert links
    for query in links:
        assert query.startswith(f"region={region.slug}&amp;children=on&amp;page="), query
