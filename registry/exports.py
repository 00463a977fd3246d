"""Batch export for the printer: a CSV and print-ready SVG and PDF sheets.

Per card: the number in text, a QR code (segno) and a Code 39 barcode (python-barcode), both
containing only the number (DOMAIN.md, "The card"); no personal data. Sheets are A4 with ten
card-sized cells (85.6 × 54 mm, ID-1) at the positions computed here; the SVG sheets and the PDF
(HTML + CSS rendered by WeasyPrint, like the brochures) are two templates drawing the same cells
with the libraries' own renderings of the codes.
"""

import csv
import io
import zipfile
from base64 import b64encode

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

import segno
from barcode import Code39
from barcode.writer import ImageWriter, SVGWriter

from . import cardnumbers

PAGE_W, PAGE_H = 210.0, 297.0  # mm, A4
CARD_W, CARD_H = 85.6, 54.0
COLUMNS, ROWS = 2, 5
PER_PAGE = COLUMNS * ROWS
MARGIN_X = (PAGE_W - COLUMNS * CARD_W) / 2
MARGIN_Y = (PAGE_H - ROWS * CARD_H) / 2
# In mm: the narrow element 0.3, the quiet zone ten of them (ISO/IEC 16388). No text: the number is
# printed once, as text, under the codes.
BARCODE = {"module_width": 0.3, "module_height": 10.0, "quiet_zone": 3.0, "write_text": False}
# The same in pixels for the PNG (at 25.4 dpi python-barcode's mm are pixels): two a module,
# shown at 0.3 mm by sheets.html's image-resolution.
BARCODE_PIXELS = BARCODE | {"module_width": 2, "module_height": 66, "quiet_zone": 20}


def csv_bytes(batch) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["number", "letter", "serial", "check_digits", "region", "qr", "barcode"])
    for number in batch.numbers():
        letter, serial = cardnumbers.split(number)
        # The QR code and the barcode contain the number and nothing else.
        writer.writerow([number, letter, serial, number[-2:], batch.region.slug, number, number])
    return out.getvalue().encode("utf-8")


def _qr(number):
    return segno.make_qr(number, error="m")


def _inline(number):
    """The codes as <svg> elements to nest in an SVG sheet: the QR fills the box it is put in,
    the barcode is sized in mm (Code 39 without a check character, like the PNG)."""
    barcode = Code39(number, add_checksum=False, writer=SVGWriter()).render(BARCODE).decode()
    return {
        "qr": mark_safe(_qr(number).svg_inline(omitsize=True, border=4)),  # noqa: S308
        "barcode": mark_safe(barcode[barcode.index("<svg") :]),  # noqa: S308 - no XML prolog
    }


def _images(number):
    """The codes as data: URIs for <img> in the PDF: the QR code as SVG (like the brochure's), the
    barcode as a 1-bit PNG, whole pixels a module drawn unsmoothed (sheets.html), as sharp as vector
    in print: WeasyPrint drew the SVG barcode bar by bar, 270 s for 2,000 cards instead of 64 s."""
    barcode = Code39(number, add_checksum=False, writer=ImageWriter(mode="1", dpi=25.4))
    png = io.BytesIO()
    barcode.render(BARCODE_PIXELS).save(png, "PNG")
    return {
        "qr": _qr(number).svg_data_uri(omitsize=True, border=4),
        "barcode": f"data:image/png;base64,{b64encode(png.getvalue()).decode()}",
    }


def sheets(batch, codes):
    """The cards of `batch`, ten to a sheet: number, position on the sheet in mm, and `codes`."""

    def card(index, number):
        x, y = MARGIN_X + index % COLUMNS * CARD_W, MARGIN_Y + index // COLUMNS * CARD_H
        return {"number": number, "x": x, "y": y, **codes(number)}

    numbers = list(batch.numbers())
    pages = [numbers[start : start + PER_PAGE] for start in range(0, len(numbers), PER_PAGE)]
    return [[card(index, number) for index, number in enumerate(page)] for page in pages]


def _render(template, batch, **context):
    sizes = {"page_w": PAGE_W, "page_h": PAGE_H, "card_w": CARD_W, "card_h": CARD_H}
    return render_to_string(template, {"batch": batch, **sizes, **context})


def svg_zip(batch) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for page_number, cards in enumerate(sheets(batch, _inline), start=1):
            svg = _render("registry/exports/sheet.svg", batch, cards=cards)
            archive.writestr(f"sheet-{page_number:04d}.svg", svg)
    return out.getvalue()


def pdf_bytes(batch) -> bytes:
    from weasyprint import HTML

    html = _render("registry/exports/sheets.html", batch, sheets=sheets(batch, _images))
    return HTML(string=html).write_pdf(pdf_identifier=f"kaiku-batch-{batch.pk}".encode())


FORMATS = {
    "csv": (csv_bytes, "text/csv; charset=utf-8", "csv"),
    "svg": (svg_zip, "application/zip", "svg.zip"),
    "pdf": (pdf_bytes, "application/pdf", "pdf"),
}


def response(batch, fmt) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    build, content_type, ext = FORMATS[fmt]
    resp = HttpResponse(build(batch), content_type=content_type)
    filename = f"kaikukortti-{batch.first_number}-{batch.last_number}.{ext}"
    resp["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp
