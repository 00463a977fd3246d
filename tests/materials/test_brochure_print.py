"""The brochure as a printed brochure (issue 17, items 5-7): saddle-stitched A5 with bleed and crop
marks, cover, grouped lists, Finnish addresses, back page with the QR link; the preview styled by
the same static stylesheet, which the CSP allows."""

import io
import os

import pytest
from pypdf import PdfReader

from materials.brochures.pdf import render_html, render_pdf
from materials.brochures.sources import finnish_address

from .test_brochures import url

pytestmark = pytest.mark.django_db

MM = 72 / 25.4  # PDF points per millimetre


def pdf(content):
    reader = PdfReader(io.BytesIO(content))
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    if os.environ.get("KAIKU_BROCHURE_PDF"):  # to look at it: pdftoppm -png -r 50 file out
        with open(os.environ["KAIKU_BROCHURE_PDF"], "wb") as f:
            f.write(content)
    return reader, texts


def test_page_count_is_a_multiple_of_four_with_bleed_and_trim(brochure):
    reader, _texts = pdf(render_pdf(brochure))
    assert len(reader.pages) % 4 == 0
    for page in reader.pages:
        # The trimmed page is A5; the sheet is 3 mm larger on every side (bleed).
        trim = page.trimbox
        assert float(trim.width) == pytest.approx(148 * MM, abs=1)
        assert float(trim.height) == pytest.approx(210 * MM, abs=1)
        assert float(page.mediabox.width) >= (148 + 6) * MM - 1
        assert float(page.mediabox.height) >= (210 + 6) * MM - 1
        bleed = page.bleedbox
        assert float(bleed.width) == pytest.approx(154 * MM, abs=1)


def test_cover_back_page_and_grouped_lists(brochure, region):
    brochure.contacts = "Testikainuun hyvinvointialue\nkaikukortti@testikainuu.fi"
    _reader, texts = pdf(render_pdf(brochure))
    cover, back = texts[0], texts[-1]
    assert region.name_fi in cover and str(brochure.year) in cover
    assert "Testiteatteri" not in cover  # the cover is a cover, not the start of a list
    # The back page: the region's and the national contacts and the finder's address.
    assert "kaikukortti@testikainuu.fi" in back
    assert f"/fi/kohteet/?region={region.slug}" in "".join(back.split())  # however it wraps
    whole = " ".join(texts).casefold()
    # Venues under their municipality and category, caps in plain words.
    assert "teatteri testimuseo kuhmo" in whole
    assert "enintään 7 korttilippua esitystä kohden" in whole


def test_finnish_address_format():
    assert finnish_address("Kulttuurikatu 1", "87100", "Kajaani") == (
        "Kulttuurikatu 1, 87100 Kajaani"
    )
    assert finnish_address("", "87100", "Kajaani") == "87100 Kajaani"
    assert finnish_address("Kulttuurikatu 1", "", "") == "Kulttuurikatu 1"
    assert finnish_address("Kulttuurikatu 1, Kajaani", "87100", "Kajaani") == (
        "Kulttuurikatu 1, 87100 Kajaani"
    )


def test_venue_address_compiled_in_finnish_format(brochure, venues):
    venue = venues[0]
    venue.address, venue.postal_code = "Kulttuurikatu 1", "87100"
    venue.save_revision().publish()
    brochure.compile_lists()
    entry = next(v for v in brochure.venues if v["name"] == venue.title)
    assert entry["address"] == f"Kulttuurikatu 1, 87100 {venue.town}"


def test_html_has_no_inline_style_and_links_the_stylesheet(brochure):
    html = render_html(brochure)
    assert "<style" not in html and "style=" not in html
    assert "/static/materials/brochure.css" in html


def post_preview(client, brochure, editor):
    """The brochure's edit form posted to Wagtail's preview as the editor; the preview's URL."""
    from wagtail.test.utils.form_data import rich_text

    client.force_login(editor)
    preview = url("preview_on_edit", brochure.pk)
    data = {
        "region": brochure.region_id,
        "year": brochure.year,
        "language": "fi",
        "intro": rich_text(brochure.intro),
        "contacts": "",
    }
    assert client.post(preview, data).json()["is_valid"]
    return preview


def test_admin_preview_is_styled_under_the_csp(client, brochure, national_editor):
    """The preview went through the site's CSP (style-src 'self'), which refused its inline
    <style>: the stylesheet is a static file now."""
    preview = post_preview(client, brochure, national_editor)
    response = client.get(preview)
    body = response.content.decode()
    # The site's CSP applies to the preview (Wagtail renders it as the site would): its styles
    # must come from 'self', and the admin's preview panel must be allowed to frame it.
    policy = response["Content-Security-Policy"]
    assert "style-src 'self'" in policy and "frame-ancestors 'self'" in policy
    assert "<style" not in body
    assert 'rel="stylesheet" href="/static/materials/brochure.css"' in body


def test_admin_preview_shows_the_pdf_pages(client, brochure, national_editor):
    preview = post_preview(client, brochure, national_editor)
    response = client.get(preview + "?mode=pdf")
    assert response["Content-Type"] == "application/pdf"
    reader, texts = pdf(response.content)
    assert len(reader.pages) % 4 == 0 and brochure.region.name_fi in texts[0]


def test_a_short_brochure_is_padded_with_notes_pages_before_the_back_page(brochure):
    from materials.brochures.pdf import _document

    brochure.snapshot = {"venues": brochure.venues[:1], "distributors": []}
    # An intro of six paragraphs: the laid-out pages are not a multiple of four (five).
    brochure.intro = "".join(
        f"<p>Kappale {n}: Kaikukortti on maksuton kortti, jolla pääsee kulttuuri- ja "
        "liikuntakohteisiin. Kortin saa oman alueen kortinjakajalta.</p>"
        for n in range(6)
    )
    assert len(_document(brochure, None, 0).pages) % 4 != 0
    reader, texts = pdf(render_pdf(brochure))
    assert len(reader.pages) % 4 == 0
    assert texts[-2].startswith("Muistiinpanoja")  # notes, then the back page
    assert f"kohteet/?region={brochure.region.slug}" in "".join(texts[-1].split())
