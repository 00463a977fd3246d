"""The print PDF of a brochure, made with WeasyPrint from the same HTML the admin previews.

A brochure for saddle stitching (issue 17): A5 pages with 3 mm bleed and crop marks, the page
count padded with notes pages to a multiple of 4, a cover with the region and the year, the
venues by municipality and category with their caps in plain words, the distributors with their
contacts, and the back page with the national contacts and a QR code to the venue finder.
Body 12 pt, no text over images, `<html lang>` for the PDF's document language, and a DRAFT mark
on every page while the brochure is not approved.

The layout is one static stylesheet, `materials/brochure.css`, linked from the HTML: the admin's
preview loads it like any static file (the site's CSP refuses inline styles), and WeasyPrint reads
it from the static files through `static_fetcher`.
"""

import mimetypes
from itertools import groupby
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from .texts import must_says

PAGES_PER_SHEET = 4  # a folded sheet of paper for saddle stitching holds 4 pages


def _grouped(entries, *keys):
    """[(key value, [entries])] in order of the key, then of the name."""

    def sort_key(entry):
        return tuple((entry.get(k) or "").casefold() for k in keys) + (
            entry.get("name", "").casefold(),
        )

    key = keys[0]
    return [
        (value, list(items))
        for value, items in groupby(sorted(entries, key=sort_key), lambda e: e.get(key) or "")
    ]


def venue_groups(venues):
    """[(municipality, [(category, [venues])])]: how a reader looks for a place near them."""
    return [
        (municipality, _grouped(items, "category"))
        for municipality, items in _grouped(venues, "municipality", "category")
    ]


def national_contacts():
    """The national office's contacts, from the national site's settings."""
    from wagtail.models import Site

    from home.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    return SiteSettings.for_site(site)


def finder_url(brochure):
    """The venue finder of the region, on the national site, in the brochure's language."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    root = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    with translation.override(brochure.language):
        path = reverse("finder")
    return f"{root}{path}?region={brochure.region.slug}"


def qr_data_uri(url):
    import segno

    # An SVG data: URI: sharp in print, and allowed by the preview's CSP (img-src data:).
    return segno.make(url, error="m").svg_data_uri(scale=4, border=0, dark="#1b1b1f")


def brochure_context(brochure, *, draft=None, notes_pages=0):
    if draft is None:
        draft = not brochure.is_approved
    with translation.override(brochure.language):
        url = finder_url(brochure)
        return {
            "brochure": brochure,
            "draft": draft,
            "draft_label": gettext("DRAFT – not approved for print") if draft else "",
            "must_says": must_says(brochure.language),
            "venues": brochure.venues,
            "venue_groups": venue_groups(brochure.venues),
            "distributors": brochure.distributors,
            "distributor_groups": _grouped(brochure.distributors, "municipality"),
            "contact_lines": [line for line in brochure.contacts.splitlines() if line.strip()],
            "national": national_contacts(),
            "finder_url": url,
            "finder_label": url.split("://", 1)[-1],
            "qr_code": qr_data_uri(url),
            "notes_pages": range(notes_pages),
        }


def render_html(brochure, *, draft=None, notes_pages=0):
    context = brochure_context(brochure, draft=draft, notes_pages=notes_pages)
    with translation.override(brochure.language):
        return render_to_string("materials/brochures/brochure.html", context)


def static_fetcher():
    """WeasyPrint's URL fetcher: this site's static files from the staticfiles finders (no web
    request, no collectstatic needed) and data: URIs; nothing else is fetched."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = urlsplit(url).path
            found = path.startswith(settings.STATIC_URL) and finders.find(
                path[len(settings.STATIC_URL) :]
            )
            if not found:
                raise ValueError(f"not a static file of this site: {url}")
            with open(found, "rb") as f:
                body = f.read()
            content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return StaticFetcher()


def _document(brochure, draft, notes_pages):
    from weasyprint import HTML

    html = render_html(brochure, draft=draft, notes_pages=notes_pages)
    return HTML(
        string=html, base_url=settings.WAGTAILADMIN_BASE_URL, url_fetcher=static_fetcher()
    ).render()


def render_document(brochure, *, draft=None):
    """The laid-out brochure, padded with notes pages before the back page to a multiple of 4."""
    document = _document(brochure, draft, 0)
    missing = -len(document.pages) % PAGES_PER_SHEET
    if missing:
        document = _document(brochure, draft, missing)
    return document


def page_count(brochure, *, draft=None):
    return len(render_document(brochure, draft=draft).pages)


def render_pdf(brochure, *, draft=None) -> bytes:
    return render_document(brochure, draft=draft).write_pdf(
        pdf_identifier=f"kaiku-brochure-{brochure.pk}".encode(),
    )
