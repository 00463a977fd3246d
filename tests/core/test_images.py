"""Images render as <picture>: AVIF and WebP sources in several widths, a JPEG fallback <img> with
its size (no layout shift) and alt text; the first screen's image loads at once, the rest lazily."""

import io
import re
from html.parser import HTMLParser

from django.core.cache import cache
from django.core.files.images import ImageFile

import pytest
from PIL import Image as PILImage
from PIL import ImageDraw, features

from core.models import CustomImage
from core.templatetags.kaiku_images import picture_widths
from home.models import ContentPage
from tests.regions.factories import RegionIndexPageFactory, RegionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home_fi(site):
    return site.root_page


@pytest.fixture(autouse=True)
def _empty_rendition_cache():
    """Wagtail caches renditions by image id; a rolled-back test's image id comes back in the next."""
    cache.clear()


class _PictureParser(HTMLParser):
    """Every <picture> on a page: its <source>s and its <img>, as attribute dicts."""

    def __init__(self):
        super().__init__()
        self.pictures = []
        self._open = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "picture":
            self._open = {"sources": [], "img": None}
        elif tag == "source" and self._open is not None:
            self._open["sources"].append(attrs)
        elif tag == "img" and self._open is not None:
            self._open["img"] = attrs

    def handle_endtag(self, tag):
        if tag == "picture" and self._open is not None:
            self.pictures.append(self._open)
            self._open = None


def _pictures(html):
    parser = _PictureParser()
    parser.feed(html)
    return parser.pictures


def _widths(srcset):
    """The width descriptors of a srcset, in order."""
    return [int(w) for w in re.findall(r"\s(\d+)w(?:,|$)", srcset)]


def _make_image(width, height, title="Kajaanin kaupunginteatteri"):
    picture = PILImage.new("RGB", (width, height), (11, 79, 108))
    draw = ImageDraw.Draw(picture)
    for x in range(0, width, 30):
        draw.rectangle([x, 0, x + 12, height], fill=(x % 255, 160, 90))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return CustomImage.objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.jpg")
    )


def _publish_content_page(home, body):
    page = ContentPage(title="Kuvasivu", slug="kuvasivu", body=body)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_pillow_here_writes_avif_and_webp():
    assert features.check("avif"), "Pillow lacks AVIF: install Pillow >= 11.3"
    assert features.check("webp")


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        (3000, [400, 800, 1200, 1600]),  # large: every width
        (1600, [400, 800, 1200, 1600]),  # exactly the largest: not twice
        (900, [400, 800, 900]),  # the original width stands in for the larger ones
        (400, [400]),
        (250, [250]),  # never enlarged
    ],
)
def test_picture_widths_never_enlarge_nor_repeat(original, expected):
    assert picture_widths(original) == expected


def test_image_block_renders_picture_with_avif_webp_sources_and_a_sized_fallback(client, home_fi):
    image = _make_image(900, 600)
    page = _publish_content_page(
        home_fi,
        [
            ("image", {"image": image, "alt_text": "Teatterin sali", "caption": "Sali"}),
            ("paragraph", "<p>Teksti.</p>"),
            ("paragraph", "<p>Lisää tekstiä.</p>"),
            ("image", {"image": image, "alt_text": "Teatterin lämpiö", "caption": ""}),
        ],
    )
    response = client.get(page.url)
    assert response.status_code == 200
    pictures = _pictures(response.content.decode())
    assert len(pictures) == 2

    for picture, alt in zip(pictures, ["Teatterin sali", "Teatterin lämpiö"], strict=True):
        types = [source["type"] for source in picture["sources"]]
        assert types == ["image/avif", "image/webp"]  # most modern first
        for source in picture["sources"]:
            assert _widths(source["srcset"]) == [400, 800, 900]
            assert source["sizes"] == "(min-width: 72rem) 70rem, 100vw"
        img = picture["img"]
        assert img["alt"] == alt
        assert _widths(img["srcset"]) == [400, 800, 900]
        assert ".jpg" in img["src"] or ".jpeg" in img["src"]  # JPEG for browsers without either
        # The smallest rendition's own size: the box keeps the image's 3:2 shape while it loads.
        assert (int(img["width"]), int(img["height"])) == (400, 266)
        assert img["decoding"] == "async"

    first, later = (picture["img"] for picture in pictures)
    assert "loading" not in first and first["fetchpriority"] == "high"  # the likely LCP image
    assert later["loading"] == "lazy" and "fetchpriority" not in later


def test_renditions_really_are_avif_webp_and_jpeg(client, home_fi):
    image = _make_image(500, 300)
    page = _publish_content_page(
        home_fi, [("image", {"image": image, "alt_text": "Kuva", "caption": ""})]
    )
    assert client.get(page.url).status_code == 200
    found = {}
    for rendition in image.renditions.all():
        with rendition.file.open("rb") as f:
            found.setdefault(PILImage.open(f).format, set()).add(rendition.width)
    assert found == {"AVIF": {400, 500}, "WEBP": {400, 500}, "JPEG": {400, 500}}


def test_region_page_passes_the_block_position_too(client, site):
    image = _make_image(500, 300)
    page = RegionPageFactory(parent=RegionIndexPageFactory(parent=site.root_page))
    page.body = [
        ("paragraph", "<p>Tervetuloa.</p>"),
        ("image", {"image": image, "alt_text": "Kajaanin tori", "caption": ""}),
        ("paragraph", "<p>Teksti.</p>"),
        ("image", {"image": image, "alt_text": "Kajaanin linna", "caption": ""}),
    ]
    page.save_revision().publish()
    response = client.get(page.relative_url(site))
    assert response.status_code == 200
    imgs = {
        picture["img"]["alt"]: picture["img"] for picture in _pictures(response.content.decode())
    }
    assert imgs["Kajaanin tori"].get("fetchpriority") == "high"  # second block: the first screen
    assert imgs["Kajaanin linna"]["loading"] == "lazy"  # fourth block
